"""The Department's report to the city as a Decree 30 .docx (template in `docx/`)."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from khcn.citywork import selectors
from khcn.citywork.models import CityReport, Recipient, ReportKind
from khcn.documents.decree30 import (
    clean_text,
    date_parts,
    department_issuer,
    parent_body,
    place_name,
    split_paragraphs,
    unit_in_sentence,
)
from khcn.documents.render import render_docx
from khcn.geo.models import AdminUnit, UnitType
from khcn.programs.models import ReportingPeriod
from khcn.reporting.documents import AggregateLine, aggregate_lines

CITY_REPORT_TEMPLATE = Path(__file__).resolve().parent / "docx" / "city_report.docx"


def _recipient(report: CityReport, province: AdminUnit | None) -> str:
    if report.recipient == Recipient.MINISTRY or province is None:
        return "Bộ Khoa học và Công nghệ"
    if report.recipient == Recipient.PARTY:
        return ("Thành ủy " if province.unit_type == UnitType.CITY else "Tỉnh ủy ") + province.name
    return f"Ủy ban nhân dân {unit_in_sentence(province)}"


@dataclass(frozen=True)
class ProgrammeResults:
    programme: str
    period: str
    lines: list[AggregateLine]


def programme_results(*, year: int, user: Any) -> list[ProgrammeResults]:
    """Each programme's indicators as the units reported them for `year`: the city's figure of
    its latest reporting period of that year (the whole year's round when there is one), within
    `user`'s scope; indicators nobody reported are left out, and so are programmes without any."""
    latest: dict[int, ReportingPeriod] = {}
    for period in ReportingPeriod.objects.filter(year=year).select_related("program").order_by("-data_to", "pk"):
        latest.setdefault(period.program_id, period)
    out = []
    for period in sorted(latest.values(), key=lambda p: (p.program.name, p.pk)):
        lines = [line for line in aggregate_lines(period=period, user=user) if line.figure]
        if lines:
            out.append(ProgrammeResults(clean_text(period.program.name), clean_text(period.name), lines))
    return out


def city_report_context(*, report: CityReport, user: Any) -> dict[str, Any]:
    """The report's own text, the board's figures for its year as KHCN computes them now, and
    the programmes' indicators aggregated from the units' reports (within `user`'s scope)."""
    issuer, province = department_issuer()
    scopes: dict[str, str] = {
        ReportKind.HALF_YEAR: f"kết quả công tác 6 tháng đầu năm {report.year}",
        ReportKind.ANNUAL: f"kết quả công tác năm {report.year}",
    }
    scope = scopes.get(report.kind, f"kết quả công tác khoa học, công nghệ và đổi mới sáng tạo năm {report.year}")
    figures = [
        {
            "number": n,
            "label": clean_text(row.label),
            "value": row.shown,
            "rank": f"Thứ {row.rank.national_rank}" if row.rank else "",
        }
        for n, row in enumerate((r for r in selectors.board(year=report.year) if r.value is not None), start=1)
    ]
    day = report.sent_on or timezone.localdate()
    return {
        **date_parts(day),
        "parent_body": parent_body(province),
        "issuer_name": issuer,
        "place": place_name(province) if province else "",
        "department": clean_text(settings.KHCN_DEPARTMENT_NAME),
        "number": clean_text(report.number) or "        /BC-SKHCN",
        "summary": clean_text(report.title),
        "recipient": _recipient(report, province),
        "scope_line": scope,
        "year": report.year,
        "results": split_paragraphs(report.results) or ["(Chưa có nội dung.)"],
        "figures": figures,
        "programmes": programme_results(year=report.year, user=user),
        "difficulties": split_paragraphs(report.difficulties) or ["(Chưa có nội dung.)"],
        "proposals": split_paragraphs(report.proposals) or ["(Chưa có nội dung.)"],
        "next_tasks": split_paragraphs(report.next_tasks) or ["(Chưa có nội dung.)"],
        "signer_name": "",
    }


def city_report_docx(*, report: CityReport, user: Any) -> bytes:
    context = city_report_context(report=report, user=user)
    return render_docx(CITY_REPORT_TEMPLATE, context, title=clean_text(report.title), author=context["department"])
