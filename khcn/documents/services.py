"""Official documents as .docx, laid out per Decree 30/2020/NĐ-CP (DOMAIN.md §8).

Staff edit the Word templates in `templates/` (see `templates/build_templates.py`); the code
only works out the values and fills the templates with docxtpl. The documents are always in
Vietnamese, whatever the language of the page that asks for them.

Callers check permissions and scope first (as for any export); these functions read through
the reporting selectors, which scope the city figures to `user`.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined

from khcn.geo.models import AdminUnit, UnitLevel, UnitType
from khcn.programs.models import Aggregation, Indicator, ReportingPeriod, SectionKey, ValueType
from khcn.reporting import selectors
from khcn.reporting.formatting import fmt_number, format_value, progress_label
from khcn.reporting.models import Report, ReportStatus

TEMPLATES = Path(__file__).resolve().parent / "templates"
REPORT_TEMPLATE = TEMPLATES / "report.docx"
CITY_SUMMARY_TEMPLATE = TEMPLATES / "city_summary.docx"
PRINT_CSS = Path(__file__).resolve().parent / "print.css"

# Characters XML 1.0 does not allow; pasted text sometimes carries them.
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


# -- shared pieces --------------------------------------------------------------------------


def date_parts(day: date) -> dict[str, str]:
    """Day, month and year as Decree 30 writes them: day < 10 and months 1, 2 padded with 0.

    >>> date_parts(date(2026, 1, 5))
    {'day': '05', 'month': '01', 'year': '2026'}
    >>> date_parts(date(2026, 3, 9))["month"]
    '3'
    """
    return {
        "day": f"{day.day:02d}",
        "month": f"{day.month:02d}" if day.month <= 2 else str(day.month),
        "year": str(day.year),
    }


def date_line(*, place: str, day: date) -> str:
    """The place and date line, e.g. "Hà Nội, ngày 05 tháng 01 năm 2026" (as the templates write it)."""
    parts = date_parts(day)
    return f"{place}, ngày {parts['day']} tháng {parts['month']} năm {parts['year']}"


def roman(number: int) -> str:
    """Roman numeral for section headings (I, II, … XX)."""
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):  # fmt: skip
        while number >= value:
            out += letters
            number -= value
    return out


def _clean(text: str) -> str:
    return _XML_INVALID.sub("", text or "").strip()


def _paragraphs(text: str) -> list[str]:
    """A narrative text as paragraphs: one per non-empty line."""
    return [line for line in (_clean(raw) for raw in (text or "").splitlines()) if line]


def _deployment_province() -> AdminUnit | None:
    return (
        AdminUnit.objects.current()
        .filter(level=UnitLevel.PROVINCE, code=settings.KHCN_PROVINCE_CODE)
        .order_by("-valid_from")
        .first()
    )


def _department_issuer() -> tuple[str, AdminUnit | None]:
    """The issuing body line ("SỞ KHOA HỌC VÀ CÔNG NGHỆ": the parent line already names the city)
    and the deployment's province."""
    province = _deployment_province()
    issuer = _clean(settings.KHCN_DEPARTMENT_NAME)
    if province and issuer.endswith(f" {province.name}"):
        issuer = issuer.removesuffix(f" {province.name}")
    return issuer.upper(), province


def _province_of(unit: AdminUnit) -> AdminUnit | None:
    """The province-level unit above `unit` (itself if it is one), else the deployment's."""
    node: AdminUnit | None = unit
    while node is not None and node.level != UnitLevel.PROVINCE:
        node = node.parent
    return node or _deployment_province()


def _parent_body(province: AdminUnit | None) -> str:
    """The parent body line, e.g. "UBND THÀNH PHỐ HÀ NỘI" (Decree 30 lets it abbreviate UBND)."""
    return f"UBND {province.full_name.upper()}" if province else ""


def _place_name(unit: AdminUnit) -> str:
    """Place on the date line: the official name of the unit where the issuing body sits.

    Decree 30, Annex I: for local bodies, the name of the administrative unit they sit in
    ("Mê Linh" for UBND xã Mê Linh, "Hà Nội" for a Department of Hà Nội); units named by a
    number keep their full name ("Phường 5").
    """
    return unit.full_name if unit.name[:1].isdigit() else unit.name


def _in_sentence(unit: AdminUnit) -> str:
    """A unit's name inside a sentence: "xã Mê Linh", "Thành phố Hà Nội", "Phường 5"."""
    if unit.name[:1].isdigit() or unit.unit_type == UnitType.CITY:
        return unit.full_name
    return f"{unit.type_label.lower()} {unit.name}"


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


def _render(template: Path, context: dict[str, Any], *, title: str, author: str) -> bytes:
    """Fill a Word template; unknown tags fail loudly instead of printing nothing."""
    doc = DocxTemplate(str(template))
    env = Environment(autoescape=True, undefined=StrictUndefined)
    doc.render(context, jinja_env=env, autoescape=True)
    props = doc.docx.core_properties
    props.title, props.author, props.language = title[:255], author[:255], "vi-VN"
    props.created = props.modified = timezone.now()
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def _render_pdf(template_name: str, context: dict[str, Any], *, title: str, author: str) -> bytes:
    """The same document as a PDF: an HTML print view in the Decree 30 layout, set by WeasyPrint."""
    from weasyprint import CSS, HTML  # loads Pango at import: only documents need it

    html = render_to_string(template_name, {**context, "title": title, "author": author})
    return HTML(string=html, base_url=str(TEMPLATES)).write_pdf(stylesheets=[CSS(filename=str(PRINT_CSS))])


# -- a unit's report ------------------------------------------------------------------------


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
            paragraphs=_paragraphs(texts.get(key, "")),
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
            group = groups[ind.group_id] = IndicatorGroupLines(code=ind.group.code, name=_clean(ind.group.name))
        before, now = previous.get(ind.pk), current.get(ind.pk)
        group.rows.append(
            IndicatorLine(
                number=number,
                name=_clean(ind.name),
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
    province = _province_of(unit)
    day = timezone.localtime(report.submitted_at).date() if report.submitted_at else timezone.localdate()
    return {
        "parent_body": _parent_body(province),
        "issuer_name": unit.full_name.upper(),
        "place": _place_name(unit),
        **date_parts(day),
        "program_name": _clean(period.program.name),
        "period_name": _clean(period.name),
        "sections": _section_blocks(report),
        "groups": _indicator_groups(report),
        "unit_in_text": _in_sentence(unit),
        "department": settings.KHCN_DEPARTMENT_NAME,
        "signer_name": "",
    }


def report_docx(*, report: Report) -> bytes:
    """A unit's periodic report as a Decree 30 "BÁO CÁO" of its People's Committee (.docx)."""
    with translation.override("vi"):
        context = report_context(report=report)
        return _render(
            REPORT_TEMPLATE,
            context,
            title=f"Báo cáo {context['program_name']} — {context['period_name']}",
            author=f"Ủy ban nhân dân {context['unit_in_text']}",
        )


def report_pdf(*, report: Report) -> bytes:
    """The same report as `report_docx`, as a PDF for printing or publishing."""
    with translation.override("vi"):
        context = report_context(report=report)
        return _render_pdf(
            "documents/report.html",
            {
                **context,
                "issuer_lines": ["ỦY BAN NHÂN DÂN", context["issuer_name"]],
                "number_line": "Số:        /BC-UBND",
                "summary": f"Kết quả thực hiện {context['program_name']} — {context['period_name']}",
                "recipients": [f"- {context['department']};", "- Lưu: VT."],
                "position": ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
            },
            title=f"Báo cáo {context['program_name']} — {context['period_name']}",
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


def city_summary_context(*, period: ReportingPeriod, user: Any) -> dict[str, Any]:
    """What the city summary template is filled with, from the board and the aggregate."""
    issuer, province = _department_issuer()
    department = _clean(settings.KHCN_DEPARTMENT_NAME)
    board = selectors.period_board(period=period, user=user, today=timezone.localdate())
    reported = sum(board.counts[s] for s in selectors.COUNTED_STATUSES)
    approved = board.counts[ReportStatus.APPROVED] + board.counts[ReportStatus.SIGNED_OFF]
    rows = [
        AggregateLine(
            code=row.indicator.code,
            name=_clean(row.indicator.name),
            figure=_aggregate_display(row),
            target=_target_display(row.indicator, row.target, city=True),
            progress=progress_label(row.progress),
            reported=row.reported,
        )
        for row in selectors.period_aggregate(period=period, user=user)
    ]
    is_city = province is not None and province.unit_type == UnitType.CITY
    today = timezone.localdate()
    return {
        "parent_body": _parent_body(province),
        "issuer_name": issuer,
        "place": _place_name(province) if province else "",
        **date_parts(today),
        "program_name": _clean(period.program.name),
        "period_name": _clean(period.name),
        "data_from": date_format(period.data_from, "SHORT_DATE_FORMAT"),
        "data_to": date_format(period.data_to, "SHORT_DATE_FORMAT"),
        "due_on": date_format(period.due_on, "SHORT_DATE_FORMAT"),
        "as_of": date_format(today, "SHORT_DATE_FORMAT"),
        "total": board.total,
        "reported": reported,
        "reported_percent": f"{round(reported * 100 / board.total) if board.total else 0}%",
        "approved": approved,
        "not_reported": board.total - reported,
        "late": board.late,
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
        return _render(
            CITY_SUMMARY_TEMPLATE,
            context,
            title=f"Tổng hợp {context['program_name']} — {context['period_name']}",
            author=context["department"],
        )


def city_summary_pdf(*, period: ReportingPeriod, user: Any) -> bytes:
    """The same summary as `city_summary_docx`, as a PDF."""
    with translation.override("vi"):
        context = city_summary_context(period=period, user=user)
        return _render_pdf(
            "documents/city_summary.html",
            {
                **context,
                "issuer_lines": [context["issuer_name"]],
                "number_line": "Số:        /BC-SKHCN",
                "summary": f"Tổng hợp kết quả thực hiện {context['program_name']} — {context['period_name']}",
                "recipients": [
                    f"- {context['parent_recipient']} (để báo cáo);",
                    "- Giám đốc Sở (để báo cáo);",
                    "- Lưu: VT.",
                ],
                "position": ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
            },
            title=f"Tổng hợp {context['program_name']} — {context['period_name']}",
            author=context["department"],
        )


# -- working sessions ----------------------------------------------------------------------

CONCLUSION_NOTICE_TEMPLATE = TEMPLATES / "conclusion_notice.docx"
INVITATION_TEMPLATE = TEMPLATES / "invitation.docx"
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]


def _join_vi(parts: list[str]) -> str:
    """ "a, b và c" — Vietnamese enumeration."""
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " và " + parts[-1]


def _sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]


def _short_date(day: date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def _meeting_common(meeting: Any) -> dict[str, Any]:
    cluster = [mu.unit for mu in meeting.cluster.select_related("unit")]
    issuer, province = _department_issuer()
    cluster_line = "Ủy ban nhân dân " + _join_vi([_in_sentence(u) for u in cluster])
    purpose = _clean(meeting.round.purpose if meeting.round_id and meeting.round.purpose else meeting.title)
    return {
        "parent_body": _parent_body(province),
        "issuer_name": issuer,
        "place": _place_name(province) if province else "",  # the date line: where the Department sits
        "department": _clean(settings.KHCN_DEPARTMENT_NAME),
        "cluster_line": cluster_line,
        "cluster": cluster,
        "purpose": purpose[:1].lower() + purpose[1:] if purpose[:2] != purpose[:2].upper() else purpose,
        "session_place": _clean(meeting.place),
        "chair": _clean(meeting.chair) or "Lãnh đạo Sở",
    }


def conclusion_notice_context(*, meeting: Any) -> dict[str, Any]:
    """What the conclusion notice is filled with: the session, its conclusion and its items."""
    from khcn.meetings.models import FollowUpKind

    common = _meeting_common(meeting)
    starts = timezone.localtime(meeting.starts_at)
    attendees = list(meeting.attendees.all())
    present = [a for a in attendees if a.attended] or [a for a in attendees if a.attended is None]
    directives: list[dict[str, Any]] = []
    requests: list[dict[str, Any]] = []
    items = meeting.items.select_related("unit", "assignee_office").order_by("unit__sort_key", "pk")
    for item in items:
        if item.kind == FollowUpKind.DIRECTIVE:
            due = f", hạn {_short_date(item.due_on)}" if item.due_on else ""
            directives.append(
                {
                    "number": len(directives) + 1,
                    "text": _clean(item.text).rstrip("."),
                    "who": _clean(item.assignee_label()),
                    "due": due,
                }
            )
        else:
            last = item.responses.order_by("-created_at", "-pk").first()
            answer = _clean(last.text).rstrip(".") if last else f"{item.assignee_label()} xem xét, trả lời"
            requests.append(
                {
                    "number": len(requests) + 1,
                    "unit": _sentence_start(_in_sentence(item.unit)),
                    "text": _clean(item.text).rstrip("."),
                    "answer": answer,
                }
            )
    today = timezone.localdate()
    return {
        **common,
        **date_parts(today),
        "meeting_date": _short_date(starts.date()),
        "chair_line": f"đồng chí {common['chair']}",
        "co_chair_text": f"; đồng chủ trì: {_clean(meeting.co_chair)}" if meeting.co_chair else "",
        "attendees_line": "; ".join(_clean(f"{a.name}, {a.position}" if a.position else a.name) for a in present)
        or "đại diện lãnh đạo các đơn vị",
        "conclusion": _paragraphs(meeting.conclusion) or ["(Chưa có nội dung kết luận.)"],
        "directives": directives,
        "requests": requests,
        "recipients_units": common["cluster_line"].replace("Ủy ban nhân dân ", "UBND "),
        "signer_name": "",
    }


def conclusion_notice_docx(*, meeting: Any) -> bytes:
    """The Department's "Thông báo kết luận" of a working session (.docx, Decree 30)."""
    with translation.override("vi"):
        context = conclusion_notice_context(meeting=meeting)
        return _render(
            CONCLUSION_NOTICE_TEMPLATE,
            context,
            title=f"Thông báo kết luận — {_clean(meeting.title)}",
            author=context["department"],
        )


def invitation_context(*, meeting: Any) -> dict[str, Any]:
    from khcn.meetings.models import AttendeeKind

    common = _meeting_common(meeting)
    starts = timezone.localtime(meeting.starts_at)
    invitees = [f"Ủy ban nhân dân {_in_sentence(u)}" for u in common["cluster"]]
    invitees += [
        _clean(f"{a.name}, {a.position}" if a.position else a.name)
        for a in meeting.attendees.filter(kind__in=[AttendeeKind.EXPERT, AttendeeKind.PRESS])
    ]
    first = meeting.cluster.order_by("position").first()
    prepare = (
        _clean(first.prepare) if first and first.prepare else "báo cáo kết quả thực hiện và các đề xuất, kiến nghị"
    )
    prepare_by = f" (gửi về Sở trước ngày {_short_date(first.prepare_by)})" if first and first.prepare_by else ""
    return {
        **common,
        **date_parts(timezone.localdate()),
        "invitees": invitees,
        "time_line": (
            f"{starts.hour:02d} giờ {starts.minute:02d} phút, {WEEKDAYS[starts.weekday()]}, "
            f"ngày {_short_date(starts.date())}"
        ),
        "prepare": prepare.rstrip("."),
        "prepare_by": prepare_by,
        "signer_name": "",
    }


def invitation_docx(*, meeting: Any) -> bytes:
    """The Department's "Giấy mời" to a working session (.docx, Decree 30)."""
    with translation.override("vi"):
        context = invitation_context(meeting=meeting)
        return _render(
            INVITATION_TEMPLATE,
            context,
            title=f"Giấy mời — {_clean(meeting.title)}",
            author=context["department"],
        )


# -- advisory councils -----------------------------------------------------------------------

COUNCIL_MINUTES_TEMPLATE = TEMPLATES / "council_minutes.docx"


# Left for the secretary to write in when the meeting time or its end was not recorded.
_CLOCK_BLANK = "…… giờ …… phút, ngày ……"


def _clock(moment: Any) -> str:
    if moment is None:
        return _CLOCK_BLANK
    local = timezone.localtime(moment)
    return f"{local.hour:02d} giờ {local.minute:02d} phút, ngày {_short_date(local.date())}"


def _council_subject_line(council: Any) -> str:
    """What the council advises on, as the minutes name it: the proposal, the selection
    application or the task put to acceptance."""
    if council.application_id:
        application = council.application
        return (
            f"Hồ sơ đăng ký tuyển chọn chủ trì nhiệm vụ “{_clean(application.task.title)}” của "
            f"{_clean(application.applicant_name)} (chủ nhiệm dự kiến {_clean(application.pi_name)})"
        )
    if council.task_id:
        task = council.task
        line = f"Nghiệm thu nhiệm vụ “{_clean(str(task))}”"
        if task.host_label:
            line += f" do {_clean(task.host_label)} chủ trì"
        if task.pi_name:
            line += f", chủ nhiệm {_clean(task.pi_name)}"
        if task.contract_number:
            line += f", hợp đồng số {_clean(task.contract_number)}"
        return line
    proposal = council.proposal
    return (
        f"Nhiệm vụ đề xuất: “{_clean(proposal.title)}”, do {_clean(proposal.proposer_label())} đề xuất "
        f"({_clean(proposal.call.name)})"
    )


def _council_results(council: Any, result: Any) -> dict[str, Any]:
    """The results section: the table (headers and rows of cells) and the result line.

    On the grade scale of acceptance councils (Circular 11/2014, DOMAIN.md §3.5) the table
    counts the sheets giving each grade per criterion and overall; otherwise it holds each
    criterion's mean and spread, the mean total and the kind's recommendation.
    """
    from khcn.research.models import CouncilKind
    from khcn.research.scales import GRADES, OVERALL, sheet_items, uses_grades

    if uses_grades(council):
        rows = []
        for number, (code, label, _top) in enumerate(sheet_items(council), start=1):
            counts = result.grade_counts.get(code, {})
            name = "Đánh giá chung" if code == OVERALL else _clean(label)
            rows.append([str(number), name, *(str(counts.get(grade, 0)) for grade, _label in GRADES)])
        outcome = (
            f"nhiệm vụ được xếp loại {result.grade_label}" if result.grade else "chưa có phiếu đánh giá nào được nộp"
        )
        return {
            "results_heading": "Kết quả đánh giá",
            "table_headers": ["STT", "Tiêu chí", "Xuất sắc", "Đạt", "Không đạt"],
            "rows": rows,
            "result_line": f"Kết quả: {outcome}.",
        }
    rows = [
        [
            str(number),
            _clean(c.label),
            str(c.top),
            fmt_number(c.mean) if c.mean is not None else "",
            f"{c.low} – {c.high}" if c.low is not None else "",
        ]
        for number, c in enumerate(result.criteria, start=1)
    ]
    mean_total = fmt_number(result.mean_total) if result.mean_total is not None else "—"
    if council.kind == CouncilKind.ACCEPTANCE:
        verdict = f"Xếp loại: {result.grade_label}." if result.grade else "Chưa xếp loại."
    elif council.application_id:
        verdict = "Hội đồng đề nghị chọn hồ sơ." if result.recommended else "Hồ sơ chưa đạt yêu cầu tuyển chọn."
    else:
        verdict = "Hội đồng đề nghị đặt hàng nhiệm vụ." if result.recommended else "Chưa đạt yêu cầu đề nghị đặt hàng."
    return {
        "results_heading": "Kết quả chấm điểm",
        "table_headers": ["STT", "Tiêu chí", "Điểm tối đa", "Điểm trung bình", "Thấp nhất – cao nhất"],
        "rows": rows,
        "result_line": f"Điểm trung bình chung: {mean_total}/100. {verdict}",
    }


def council_minutes_context(*, council: Any) -> dict[str, Any]:
    """What the council minutes are filled with: the subject, members and their declarations,
    the scores (or grades) per criterion, the recommendation (or grade) and the conclusion.

    The three kinds of council (screening a proposal, selecting an application, accepting a
    task) differ in the subject line and the results; an acceptance council's minutes also
    record the fixes it requires and the final products (DOMAIN.md §3.4–3.5).
    """
    from khcn.research.models import MemberRole
    from khcn.research.scales import OVERALL, grade_label, uses_grades
    from khcn.research.scoring import council_aggregate

    issuer, province = _department_issuer()
    grades = uses_grades(council)
    scoring = "đánh giá" if grades else "chấm điểm"
    members = []
    chair = secretary = ""
    for number, m in enumerate(council.members.select_related("user", "organisation", "sheet"), start=1):
        name = _clean(m.user.get_full_name())
        if m.role == MemberRole.CHAIR:
            chair = name
        if m.role == MemberRole.SECRETARY:
            secretary = name
        if m.flagged:
            status = f"không {scoring} ({_clean(m.flagged)})"
        elif m.has_conflict:
            status = f"tự khai có xung đột lợi ích, không {scoring} ({_clean(m.conflict_note)})"
        elif m.has_conflict is None:
            status = "chưa ký cam kết"
        elif getattr(m, "sheet", None) is not None and m.sheet.submitted_at:
            sheet = (
                f"phiếu đánh giá: {grade_label(str(m.sheet.scores.get(OVERALL, '')))}"
                if grades
                else f"phiếu chấm {m.sheet.total} điểm"
            )
            status = f"đã ký cam kết không có xung đột lợi ích; {sheet}"
        else:
            status = "đã ký cam kết không có xung đột lợi ích; chưa nộp phiếu"
        where = f", {_clean(m.organisation.name)}" if m.organisation else ""
        members.append(
            {"number": number, "name": name, "role": str(m.get_role_display()), "where": where, "status": status}
        )
    result = council_aggregate(council)
    task = council.task if council.task_id else None
    started = timezone.make_aware(datetime.combine(council.meets_on, time(8, 0))) if council.meets_on else None
    return {
        "parent_body": _parent_body(province),
        "issuer_name": issuer,
        "place": _place_name(province) if province else "",
        **date_parts(timezone.localdate()),
        "department": _clean(settings.KHCN_DEPARTMENT_NAME),
        "council_kind": str(council.get_kind_display()),
        "council_name": _clean(council.name),
        "started": _clock(started),
        "ended": _clock(council.concluded_at),
        "subject_line": _council_subject_line(council),
        "members": members,
        "scoring": scoring,
        "submitted": result.submitted,
        "eligible": result.eligible,
        **_council_results(council, result),
        "reasons": [_clean(r) for r in result.reasons],
        "conclusion": _paragraphs(council.conclusion) or ["(Hội đồng chưa kết luận.)"],
        "required_fixes": _paragraphs(task.required_fixes) if task else [],
        "final_products": _paragraphs(task.final_products) if task else [],
        "chair": chair,
        "secretary": secretary,
    }


def council_minutes_docx(*, council: Any) -> bytes:
    """The minutes of a council meeting (.docx, Decree 30 biên bản)."""
    with translation.override("vi"):
        context = council_minutes_context(council=council)
        return _render(
            COUNCIL_MINUTES_TEMPLATE,
            context,
            title=f"Biên bản — {context['council_name']}",
            author=context["department"],
        )


# -- annual S&T plans ------------------------------------------------------------------------

PLAN_ANNEX_TEMPLATE = TEMPLATES / "plan_annex.docx"


def plan_annex_context(*, plan: Any) -> dict[str, Any]:
    """What the plan's annex is filled with: the tasks in code order and the budget total.

    The note under the title names the approval decision once it is recorded (Decree 30,
    Annex I: an annex says which document it goes with); until then the annex is a draft.
    """
    from khcn.research.national_db import SELECTION_MODE_VI, TASK_TYPE_VI

    tasks = list(plan.tasks.select_related("proposal__unit", "proposal__organisation").order_by("code", "pk"))
    total = sum((t.budget_million for t in tasks if t.budget_million is not None), Decimal(0))
    if plan.is_approved:
        parts = date_parts(plan.decision_date)
        note = (
            f"(Kèm theo Quyết định số {_clean(plan.decision_number)} ngày {parts['day']} "
            f"tháng {parts['month']} năm {parts['year']})"
        )
    else:
        note = "(Dự thảo)"
    rows = []
    for number, t in enumerate(tasks, start=1):
        years = "–".join(str(y) for y in dict.fromkeys((t.start_year, t.end_year)) if y)
        rows.append(
            {
                "number": number,
                "code": _clean(t.code),
                "title": _clean(t.title),
                "task_type": TASK_TYPE_VI.get(t.task_type, t.task_type),
                "proposer": _clean(t.proposal.proposer_label()) if t.proposal else "",
                "mode": SELECTION_MODE_VI.get(t.selection_mode, t.selection_mode),
                "years": years,
                "budget": fmt_number(t.budget_million, 1),
            }
        )
    return {
        "plan_year": plan.year,
        "plan_name": _clean(plan.name),
        "note": note,
        "department": _clean(settings.KHCN_DEPARTMENT_NAME),
        "tasks": rows,
        "count": len(rows),
        "total": fmt_number(total, 1),
    }


def plan_docx(*, plan: Any) -> bytes:
    """The annual plan's list of tasks as the annex to its approval decision (.docx, Decree 30)."""
    with translation.override("vi"):
        context = plan_annex_context(plan=plan)
        return _render(
            PLAN_ANNEX_TEMPLATE,
            context,
            title=f"Phụ lục — {context['plan_name']}",
            author=context["department"],
        )
