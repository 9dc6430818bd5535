"""Every .xlsx export, downloaded with formula-like text in every text field (issue 12, defect 3).

The demo is loaded, then every free-text column of every KHCN model is overwritten with text
that a spreadsheet would run as a formula ("=HYPERLINK(...)", "+1", "-2+3", "@SUM(A1)", tab
or carriage return then "="). A Department officer and a commune officer then download every
export; each must hold that text as plain text, never as a formula. A view that builds an
export and is missing from EXPORTS fails `test_every_export_view_is_walked`.
"""

import inspect
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from khcn.accounts.models import User
from khcn.core.exports import XLSX_MIME
from khcn.core.tests.test_exports import EVIL, assert_formula_safe
from khcn.programs.models import Program, ReportingPeriod
from khcn.reporting.models import Report
from khcn.research.models import AnnualPlan

pytestmark = pytest.mark.django_db

# Columns that are keys, not text anybody types into a list (codes, log-in names, paths).
KEYS = {"code", "username", "password", "email", "path", "registry_key", "public_id", "sort_key", "token"}


@dataclass(frozen=True)
class Export:
    name: str  # URL name
    query: str = "export=xlsx"
    args: str = ""  # which demo object fills the URL: "program", "period", "plan", "indicator"
    free_text: bool = True  # whether the export shows text someone typed
    reader: str = "chuyenvien"  # the demo account that may download it


EXPORTS = [
    Export("accounts:user_list"),
    Export("geo:unit_tree"),
    Export("geo:organisation_list"),
    Export("programs:program_list"),
    Export("programs:target_list", args="program"),
    Export("programs:target_template", query="", args="program"),
    Export("programs:period_list"),
    Export("reporting:period_board", args="period"),
    Export("reporting:period_aggregate", args="period"),
    Export("reporting:indicator_breakdown", args="period,indicator"),
    Export("reporting:period_workbook", query="filled=1", args="period"),
    Export("reporting:period_workbook", query="", args="period"),
    Export("reporting:indicator_series", args="indicator"),
    Export("meetings:meeting_list"),
    Export("meetings:round_list"),
    Export("meetings:item_list"),
    Export("meetings:item_list", query="export=update"),
    Export("meetings:board", query="export=office"),
    Export("meetings:board", query="export=unit"),
    Export("meetings:board", query="export=topic", free_text=False),
    Export("research:proposal_list"),
    Export("research:task_list"),
    Export("research:task_board"),
    Export("research:national_export", query="", args="xlsx"),
    Export("research:plan_detail", args="plan"),
    Export("research:call_list"),
    Export("products:product_list"),
    Export("products:producer_list"),
    Export("products:import", query="template=producers", free_text=False),
    Export("products:import", query="template=products", free_text=False),
    Export("products:ip_list"),
    Export("products:ocop_list"),
    Export("products:board", query="export=communes"),
    Export("products:board", query="export=pipeline", free_text=False),
    Export("products:board", query="export=stalled"),
    Export("products:board", query="export=ocop", free_text=False),
    Export("products:board", query="export=map"),
    Export("experts:connection_list"),
    Export("experts:connection_board", query="export=field", free_text=False),
    Export("experts:connection_board", query="export=commune"),
    Export("experts:connection_board", query="export=expert"),
    # Rows written after the poisoning (this test's own sign-in); typed text is checked in audit's tests.
    Export("audit:event_list", free_text=False, reader="admin"),
    # The expert registry (issue 15); free_text=True once the demo holds experts (khcn/demo/experts.py).
    Export("experts:expert_list"),
    Export("experts:technology_list"),
    Export("experts:demand_list"),
    Export("experts:expert_import_template", query="", free_text=False),
    Export("experts:technology_import_template", query="", free_text=False),
    # ISO 9001 and training (issue 16; khcn/demo/quality.py)
    Export("quality:board"),
    Export("quality:course_list"),
    Export("initiatives:initiative_list"),
    # The city board (issue 18): the figures' labels are the apps' own, no typed text.
    Export("citywork:board", free_text=False),
    # Technology appraisal, tasks without state budget, programmes (issue 18)
    Export("appraisal:appraisal_list"),
    Export("appraisal:appraisal_import_template", query="", free_text=False),
    Export("research:selffunded_list"),
    Export("research:programme_list"),
    # The S&T fund and the S&T enterprises (issue 18; khcn/demo/fund.py, khcn/demo/enterprises.py)
    Export("fund:call_list"),
    Export("fund:application_list"),
    Export("fund:disbursement_list"),
    Export("fund:repayment_list"),
    Export("fund:application_import_template", query="", free_text=False),
    Export("enterprises:certificate_list"),
    Export("enterprises:certificate_import_template", query="", free_text=False),
    # The province's IP statistics (issue 18; khcn/demo/ipstats.py)
    Export("ipstats:statistic_list"),
    Export("ipstats:statistic_import_template", query="", free_text=False),
]
# Views whose code mentions xlsx without building one (they read an upload).
NOT_EXPORTS = {"reporting:period_import"}


def _free_text_fields(model: type[models.Model]) -> Iterator[models.Field]:  # type: ignore[type-arg]
    unique_together = {name for group in model._meta.unique_together for name in group}
    for constraint in model._meta.constraints:
        unique_together |= set(getattr(constraint, "fields", ()))
    for field in model._meta.concrete_fields:
        if (
            isinstance(field, (models.CharField, models.TextField))
            and not field.choices
            and not field.primary_key
            and not field.unique
            and field.name not in unique_together
            and field.name not in KEYS
            and not field.name.endswith(("_folded", "_key"))
        ):
            yield field


def _poison() -> int:
    """Overwrite every free-text column of every KHCN model; returns how many columns."""
    evil = itertools.cycle(EVIL)
    columns = 0
    for model in apps.get_models():
        if not model.__module__.startswith("khcn.") or model.__name__.startswith("Historical"):
            continue
        for field in _free_text_fields(model):
            text = next(evil)
            model._default_manager.update(**{field.name: text[: field.max_length] if field.max_length else text})
            columns += 1
    return columns


def _planted(content: bytes) -> int:
    """How many cells show planted text, at their start or inside (e.g. "Xã =1+2")."""
    cores = [text.strip() for text in EVIL]
    wb = load_workbook(BytesIO(content), read_only=True)
    return sum(
        1
        for ws in wb.worksheets
        for row in ws.iter_rows(values_only=True)
        for value in row
        if isinstance(value, str) and any(core in value for core in cores)
    )


def _args(export: Export) -> list[Any]:
    period = ReportingPeriod.objects.filter(pk__in=Report.objects.values("period")).order_by("pk").first()
    assert period is not None
    indicator = period.form.items.order_by("position").first().indicator  # type: ignore[union-attr]
    objects = {
        "program": Program.objects.order_by("pk").first(),
        "period": period,
        "indicator": indicator,
        "plan": AnnualPlan.objects.order_by("pk").first(),
    }
    return [part if part == "xlsx" else objects[part].pk for part in export.args.split(",") if part]  # type: ignore[union-attr]


def _url(export: Export) -> str:
    return reverse(export.name, args=_args(export)) + (f"?{export.query}" if export.query else "")


@pytest.fixture
def poisoned(loaded_demo) -> int:  # type: ignore[no-untyped-def]
    return _poison()


def test_department_officer_downloads_every_export_formula_safe(client, poisoned):
    assert poisoned > 50  # the demo's text columns, not a handful
    without_text = []
    for export in EXPORTS:
        client.force_login(User.objects.get(username=export.reader))
        response = client.get(_url(export))
        assert response.status_code == 200, export
        assert response["Content-Type"] == XLSX_MIME, export
        assert_formula_safe(response.content)
        if export.free_text and not _planted(response.content):
            without_text.append(f"{export.name}?{export.query}")
    # Each export carried the planted text, so each check meant something.
    assert not without_text, ", ".join(without_text)


def test_commune_officer_downloads_formula_safe(client, poisoned):
    client.force_login(User.objects.get(username="xamelinh"))
    downloaded = 0
    for export in EXPORTS:
        response = client.get(_url(export))
        assert response.status_code in (200, 403, 404), export
        if response.status_code == 200 and response["Content-Type"] == XLSX_MIME:
            assert_formula_safe(response.content)
            downloaded += 1
    assert downloaded >= 3  # sessions, follow-up items and their update workbook at least


def _patterns(patterns: list[Any], namespace: str | None = None) -> Iterator[tuple[str, Any]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}:{pattern.name}", pattern.callback


def test_every_export_view_is_walked():
    """A view whose code builds a workbook must be in EXPORTS (add it there to get it checked)."""
    walked = {export.name for export in EXPORTS} | NOT_EXPORTS
    exporting = {
        name
        for name, view in _patterns(get_resolver().url_patterns)
        if "xlsx" in inspect.getsource(inspect.unwrap(view)) and name.split(":")[0] != "api"
    }
    assert exporting - walked == set()
