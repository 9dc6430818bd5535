"""The minutes of an advisory council's meeting and the annual plan's annex, as Decree 30
documents.

Staff edit the Word templates in `docx/` (laid out by `docx_layout.py`); the code only works
out the values and fills them with `khcn.documents`. The documents are always in Vietnamese,
whatever the language of the page that asks for them. Callers check permissions and scope
first, as for any export.
"""

from datetime import datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone, translation

from khcn.documents.decree30 import (
    clean_text,
    date_parts,
    department_issuer,
    parent_body,
    place_name,
    short_date,
    split_paragraphs,
    title_text,
)
from khcn.documents.render import render_docx
from khcn.reporting.formatting import fmt_number
from khcn.research.council_subjects import kind_of
from khcn.research.models import CouncilKind, MemberRole
from khcn.research.national_db import SELECTION_MODE_VI, TASK_TYPE_VI
from khcn.research.scales import GRADES, OVERALL, grade_label, sheet_items, uses_grades
from khcn.research.scoring import council_aggregate

DOCX = Path(__file__).resolve().parent / "docx"
COUNCIL_MINUTES_TEMPLATE = DOCX / "council_minutes.docx"
PLAN_ANNEX_TEMPLATE = DOCX / "plan_annex.docx"


# Left for the secretary to write in when the meeting time or its end was not recorded.
_CLOCK_BLANK = "…… giờ …… phút, ngày ……"


def _clock(moment: Any) -> str:
    if moment is None:
        return _CLOCK_BLANK
    local = timezone.localtime(moment)
    return f"{local.hour:02d} giờ {local.minute:02d} phút, ngày {short_date(local.date())}"


def _council_subject_line(council: Any) -> str:
    """What the council advises on, as the minutes name it: the proposal, the selection
    application, the task put to acceptance, or another app's record (its registered kind)."""
    kind = kind_of(council)
    if kind is not None:
        return clean_text(kind.subject_line(council.subject))
    if council.application_id:
        application = council.application
        return (
            f"Hồ sơ đăng ký tuyển chọn chủ trì nhiệm vụ “{clean_text(application.task.title)}” của "
            f"{clean_text(application.applicant_name)} (chủ nhiệm dự kiến {clean_text(application.pi_name)})"
        )
    if council.task_id:
        task = council.task
        line = f"Nghiệm thu nhiệm vụ “{clean_text(str(task))}”"
        if task.host_label:
            line += f" do {clean_text(task.host_label)} chủ trì"
        if task.pi_name:
            line += f", chủ nhiệm {clean_text(task.pi_name)}"
        if task.contract_number:
            line += f", hợp đồng số {clean_text(task.contract_number)}"
        return line
    proposal = council.proposal
    return (
        f"Nhiệm vụ đề xuất: “{clean_text(proposal.title)}”, do {clean_text(proposal.proposer_label())} đề xuất "
        f"({clean_text(proposal.call.name)})"
    )


def _council_results(council: Any, result: Any) -> dict[str, Any]:
    """The results section: the table (headers and rows of cells) and the result line.

    On the grade scale of acceptance councils (Circular 11/2014, DOMAIN.md §3.5) the table
    counts the sheets giving each grade per criterion and overall; otherwise it holds each
    criterion's mean and spread, the mean total and the kind's recommendation.
    """
    if uses_grades(council):
        rows = []
        for number, (code, label, _top) in enumerate(sheet_items(council), start=1):
            counts = result.grade_counts.get(code, {})
            name = "Đánh giá chung" if code == OVERALL else clean_text(label)
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
            clean_text(c.label),
            str(c.top),
            fmt_number(c.mean) if c.mean is not None else "",
            f"{c.low} – {c.high}" if c.low is not None else "",
        ]
        for number, c in enumerate(result.criteria, start=1)
    ]
    mean_total = fmt_number(result.mean_total) if result.mean_total is not None else "—"
    if council.kind == CouncilKind.ACCEPTANCE:
        verdict = f"Xếp loại: {result.grade_label}." if result.grade else "Chưa xếp loại."
    elif council.kind == CouncilKind.EVALUATION:
        verdict = "Hội đồng đề nghị công nhận." if result.recommended else "Chưa đạt yêu cầu đề nghị công nhận."
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
    issuer, province = department_issuer()
    grades = uses_grades(council)
    scoring = "đánh giá" if grades else "chấm điểm"
    members = []
    chair = secretary = ""
    for number, m in enumerate(council.members.select_related("user", "organisation", "sheet"), start=1):
        name = clean_text(m.user.get_full_name())
        if m.role == MemberRole.CHAIR:
            chair = name
        if m.role == MemberRole.SECRETARY:
            secretary = name
        if m.flagged:
            status = f"không {scoring} ({clean_text(m.flagged)})"
        elif m.has_conflict:
            status = f"tự khai có xung đột lợi ích, không {scoring} ({clean_text(m.conflict_note)})"
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
        where = f", {clean_text(m.organisation.name)}" if m.organisation else ""
        members.append(
            {"number": number, "name": name, "role": str(m.get_role_display()), "where": where, "status": status}
        )
    result = council_aggregate(council)
    task = council.task if council.task_id else None
    started = timezone.make_aware(datetime.combine(council.meets_on, time(8, 0))) if council.meets_on else None
    return {
        "parent_body": parent_body(province),
        "issuer_name": issuer,
        "place": place_name(province) if province else "",
        **date_parts(timezone.localdate()),
        "department": clean_text(settings.KHCN_DEPARTMENT_NAME),
        "council_kind": str(council.get_kind_display()),
        "council_name": title_text(council.name),  # a title: without the demo data's mark
        "started": _clock(started),
        "ended": _clock(council.concluded_at),
        "subject_line": _council_subject_line(council),
        "members": members,
        "scoring": scoring,
        "submitted": result.submitted,
        "eligible": result.eligible,
        **_council_results(council, result),
        "reasons": [clean_text(r) for r in result.reasons],
        "conclusion": split_paragraphs(council.conclusion) or ["(Hội đồng chưa kết luận.)"],
        "required_fixes": split_paragraphs(task.required_fixes) if task else [],
        "final_products": split_paragraphs(task.final_products) if task else [],
        "chair": chair,
        "secretary": secretary,
    }


def council_minutes_docx(*, council: Any) -> bytes:
    """The minutes of a council meeting (.docx, Decree 30 biên bản)."""
    with translation.override("vi"):
        context = council_minutes_context(council=council)
        return render_docx(
            COUNCIL_MINUTES_TEMPLATE,
            context,
            title=f"Biên bản — {context['council_name']}",
            author=context["department"],
        )


# -- annual S&T plans ------------------------------------------------------------------------


def plan_annex_context(*, plan: Any) -> dict[str, Any]:
    """What the plan's annex is filled with: the tasks in code order and the budget total.

    The note under the title names the approval decision once it is recorded (Decree 30,
    Annex I: an annex says which document it goes with); until then the annex is a draft.
    """
    tasks = list(plan.tasks.select_related("proposal__unit", "proposal__organisation").order_by("code", "pk"))
    total = sum((t.budget_million for t in tasks if t.budget_million is not None), Decimal(0))
    if plan.is_approved:
        parts = date_parts(plan.decision_date)
        note = (
            f"(Kèm theo Quyết định số {clean_text(plan.decision_number)} ngày {parts['day']} "
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
                "code": clean_text(t.code),
                "title": clean_text(t.title),
                "task_type": TASK_TYPE_VI.get(t.task_type, t.task_type),
                "proposer": clean_text(t.proposal.proposer_label()) if t.proposal else "",
                "mode": SELECTION_MODE_VI.get(t.selection_mode, t.selection_mode),
                "years": years,
                "budget": fmt_number(t.budget_million, 1),
            }
        )
    return {
        "plan_year": plan.year,
        "plan_name": title_text(plan.name),
        "note": note,
        "department": clean_text(settings.KHCN_DEPARTMENT_NAME),
        "tasks": rows,
        "count": len(rows),
        "total": fmt_number(total, 1),
    }


def plan_docx(*, plan: Any) -> bytes:
    """The annual plan's list of tasks as the annex to its approval decision (.docx, Decree 30)."""
    with translation.override("vi"):
        context = plan_annex_context(plan=plan)
        return render_docx(
            PLAN_ANNEX_TEMPLATE,
            context,
            title=f"Phụ lục — {context['plan_name']}",
            author=context["department"],
        )
