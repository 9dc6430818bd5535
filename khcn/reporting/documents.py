"""A unit's report and the Department's city summary of a period, as Decree 30 documents.

Staff edit the Word templates in `docx/` (laid out by `docx_layout.py`); the code only works
out the values and fills them with `khcn.documents`. The PDF versions are the print views in
`templates/reporting/`. The documents are always in Vietnamese, whatever the language of the
page that asks for them.

Callers check permissions and scope first (as for any export); these functions read through
the reporting selectors, which scope the city figures to `user`.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from khcn.documents.decree30 import (
    clean_text,
    date_parts,
    department_issuer,
    parent_body,
    place_name,
    results_summary,
    roman,
    split_paragraphs,
    unit_in_sentence,
)
from khcn.documents.render import render_docx, render_pdf
from khcn.geo.models import UnitType
from khcn.programs.models import Aggregation, Indicator, ReportingPeriod, SectionKey, ValueType
from khcn.reporting import selectors
from khcn.reporting.formatting import fmt_number, format_value, progress_label
from khcn.reporting.models import Report, ReportStatus

DOCX = Path(__file__).resolve().parent / "docx"
REPORT_TEMPLATE = DOCX / "report.docx"
CITY_SUMMARY_TEMPLATE = DOCX / "city_summary.docx"


def _target_display(indicator: Indicator, target: Decimal | None, *, city: bool = False) -> str:
    """A target (a comparable number) as the indicator's values read: 90% · 1.200 · Có.

    A yes/no indicator's city target counts the units answering yes ("30 đơn vị").
    """
    if target is None:
        return ""
    vt = indicator.value_type
    if vt in (ValueType.PERCENT, ValueType.RATIO):
        return f"{fmt_number(target, 1)}%"
    if vt == ValueType.BOOLEAN:
        if city:
            return _("%(yes)s units") % {"yes": fmt_number(target)}
        return _("Yes") if target else _("No")
    return fmt_number(target)


def _unit_of_measure(indicator: Indicator) -> str:
    if indicator.unit_of_measure:
        return indicator.unit_of_measure
    return "%" if indicator.value_type == ValueType.PERCENT else ""


@dataclass
class IndicatorLine:
    number: int
    name: str
    unit: str
    previous: str
    current: str
    target: str


@dataclass
class IndicatorGroupLines:
    code: str
    name: str
    rows: list[IndicatorLine] = field(default_factory=list)


@dataclass
class SectionBlock:
    number: str
    key: str
    label: str
    paragraphs: list[str]
    with_indicators: bool = False


def _section_blocks(report: Report) -> list[SectionBlock]:
    """The form's narrative sections in order; the indicator table goes under "results"."""
    keys = [k for k in (report.period.form.sections or []) if k] or [k.value for k in SectionKey]
    if SectionKey.RESULTS.value not in keys:
        keys.insert(0, SectionKey.RESULTS.value)
    texts = {s.key: s.text for s in report.sections.all()}
    labels = {k.value: str(k.label) for k in SectionKey}
    return [
        SectionBlock(
            number=roman(i),
            key=key,
            label=labels.get(key, key),
            paragraphs=split_paragraphs(texts.get(key, "")),
            with_indicators=key == SectionKey.RESULTS.value,
        )
        for i, key in enumerate(keys, start=1)
    ]


def _indicator_groups(report: Report) -> list[IndicatorGroupLines]:
    """The form's indicators by group: previous period, this period, and the year's target."""
    current = {v.indicator_id: v for v in report.values.all()}
    previous = selectors.previous_values(report=report)
    targets = selectors.targets_for(period=report.period, unit=report.unit)
    groups: dict[int, IndicatorGroupLines] = {}
    for number, (ind, _required) in enumerate(selectors.form_items(period=report.period), start=1):
        group = groups.get(ind.group_id)
        if group is None:
            group = groups[ind.group_id] = IndicatorGroupLines(code=ind.group.code, name=clean_text(ind.group.name))
        before, now = previous.get(ind.pk), current.get(ind.pk)
        group.rows.append(
            IndicatorLine(
                number=number,
                name=clean_text(ind.name),
                unit=_unit_of_measure(ind),
                previous=format_value(before, ind) if before else "",
                current=format_value(now, ind) if now else "",
                target=_target_display(ind, targets.get(ind.pk)),
            )
        )
    return list(groups.values())


def report_context(*, report: Report) -> dict[str, Any]:
    """What the report template is filled with (also handy to inspect in a shell)."""
    report = Report.objects.select_related("unit", "unit__parent", "period__program", "period__form").get(pk=report.pk)
    unit, period = report.unit, report.period
    day = timezone.localtime(report.submitted_at).date() if report.submitted_at else timezone.localdate()
    return {
        # A People's Committee heads its documents with its own name only: Decree 30 gives it
        # no superior-body line (the city's committee is not a "cơ quan chủ quản" of the commune's).
        "parent_body": "",
        "issuer_name": unit.full_name.upper(),
        "place": place_name(unit),
        **date_parts(day),
        "program_name": clean_text(period.program.name),
        "period_name": clean_text(period.name),
        "summary": results_summary(program=period.program.name, period=period.name),
        "sections": _section_blocks(report),
        "groups": _indicator_groups(report),
        "unit_in_text": unit_in_sentence(unit),
        "department": settings.KHCN_DEPARTMENT_NAME,
        "signer_name": "",
    }


def report_docx(*, report: Report) -> bytes:
    """A unit's periodic report as a Decree 30 "BÁO CÁO" of its People's Committee (.docx)."""
    with translation.override("vi"):
        context = report_context(report=report)
        return render_docx(
            REPORT_TEMPLATE,
            context,
            title=context["summary"],
            author=f"Ủy ban nhân dân {context['unit_in_text']}",
        )


def report_pdf(*, report: Report) -> bytes:
    """The same report as `report_docx`, as a PDF for printing or publishing."""
    with translation.override("vi"):
        context = report_context(report=report)
        return render_pdf(
            "reporting/report_print.html",
            {
                **context,
                "issuer_lines": ["ỦY BAN NHÂN DÂN", context["issuer_name"]],
                "number_line": "Số:        /BC-UBND",
                "recipients": [f"- {context['department']};", "- Lưu: VT."],
                "position": ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
            },
            title=context["summary"],
            author=f"Ủy ban nhân dân {context['unit_in_text']}",
        )


# -- the Department's summary of a period ---------------------------------------------------


@dataclass
class AggregateLine:
    code: str
    name: str
    figure: str
    target: str
    progress: str
    reported: int


def _aggregate_display(row: selectors.AggregateRow) -> str:
    """The city figure: as a unit's value reads, "12 đơn vị" for yes/no, unit of measure added."""
    ind = row.indicator
    if ind.value_type == ValueType.BOOLEAN:
        return _("%(yes)s units") % {"yes": row.flag_yes} if row.reported else ""
    if ind.value_type in (ValueType.DATE, ValueType.TEXT) or ind.aggregation == Aggregation.NONE:
        return ""
    shown = format_value(row, ind)
    if shown and ind.unit_of_measure and ind.value_type in (ValueType.COUNT, ValueType.MONEY):
        shown = f"{shown} {ind.unit_of_measure}"
    return shown


def aggregate_lines(*, period: ReportingPeriod, user: Any) -> list[AggregateLine]:
    """The city's figure of every indicator of the period as the documents print it, within
    `user`'s scope (the summary of a period, and the Department's report to the city)."""
    return [
        AggregateLine(
            code=row.indicator.code,
            name=clean_text(row.indicator.name),
            figure=_aggregate_display(row),
            target=_target_display(row.indicator, row.target, city=True),
            progress=progress_label(row.progress),
            reported=row.reported,
        )
        for row in selectors.period_aggregate(period=period, user=user)
    ]


def city_summary_context(*, period: ReportingPeriod, user: Any) -> dict[str, Any]:
    """What the city summary template is filled with, from the board and the aggregate."""
    issuer, province = department_issuer()
    department = clean_text(settings.KHCN_DEPARTMENT_NAME)
    board = selectors.period_board(period=period, user=user, today=timezone.localdate())
    reported = sum(board.counts[s] for s in selectors.COUNTED_STATUSES)
    approved = board.counts[ReportStatus.APPROVED] + board.counts[ReportStatus.SIGNED_OFF]
    rows = aggregate_lines(period=period, user=user)
    is_city = province is not None and province.unit_type == UnitType.CITY
    today = timezone.localdate()
    return {
        "parent_body": parent_body(province),
        "issuer_name": issuer,
        "place": place_name(province) if province else "",
        **date_parts(today),
        "program_name": clean_text(period.program.name),
        "period_name": clean_text(period.name),
        "summary": results_summary(program=period.program.name, period=period.name, lead="Tổng hợp kết quả thực hiện"),
        "data_from": date_format(period.data_from, "SHORT_DATE_FORMAT"),
        "data_to": date_format(period.data_to, "SHORT_DATE_FORMAT"),
        "due_on": date_format(period.due_on, "SHORT_DATE_FORMAT"),
        "as_of": date_format(today, "SHORT_DATE_FORMAT"),
        "total": board.total,
        "reported": reported,
        "reported_percent": f"{round(reported * 100 / board.total) if board.total else 0}%",
        "approved": approved,
        "not_reported": board.total - reported,
        # Units past the deadline that sent nothing are not "late senders": counted apart.
        "overdue": sum(1 for r in board.rows if r.late and r.status not in selectors.COUNTED_STATUSES),
        "late": sum(1 for r in board.rows if r.late and r.status in selectors.COUNTED_STATUSES),
        "rows": rows,
        "province_word": "Thành phố" if is_city else "tỉnh",
        "department": department,
        "parent_in_text": "Ủy ban nhân dân Thành phố" if is_city else "Ủy ban nhân dân tỉnh",
        "parent_recipient": "UBND Thành phố" if is_city else "UBND tỉnh",
        "signer_name": "",
    }


def city_summary_docx(*, period: ReportingPeriod, user: Any) -> bytes:
    """The Department's summary report of a period for the city (.docx), within `user`'s scope."""
    with translation.override("vi"):
        context = city_summary_context(period=period, user=user)
        return render_docx(
            CITY_SUMMARY_TEMPLATE,
            context,
            title=context["summary"],
            author=context["department"],
        )


def city_summary_pdf(*, period: ReportingPeriod, user: Any) -> bytes:
    """The same summary as `city_summary_docx`, as a PDF."""
    with translation.override("vi"):
        context = city_summary_context(period=period, user=user)
        return render_pdf(
            "reporting/city_summary_print.html",
            {
                **context,
                "issuer_lines": [context["issuer_name"]],
                "number_line": "Số:        /BC-SKHCN",
                "recipients": [
                    f"- {context['parent_recipient']} (để báo cáo);",
                    "- Giám đốc Sở (để báo cáo);",
                    "- Lưu: VT.",
                ],
                "position": ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
            },
            title=context["summary"],
            author=context["department"],
        )
