"""The Department's invitation to a working session and its conclusion notice, as Decree 30
documents.

Staff edit the Word templates in `docx/` (laid out by `docx_layout.py`); the code only works
out the values and fills them with `khcn.documents`. The documents are always in Vietnamese,
whatever the language of the page that asks for them. Callers check permissions and scope
first, as for any export.
"""

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
    unit_in_sentence,
)
from khcn.documents.render import render_docx
from khcn.meetings.models import AttendeeKind, FollowUpKind

DOCX = Path(__file__).resolve().parent / "docx"
CONCLUSION_NOTICE_TEMPLATE = DOCX / "conclusion_notice.docx"
INVITATION_TEMPLATE = DOCX / "invitation.docx"
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]


def _join_vi(parts: list[str]) -> str:
    """ "a, b và c" — Vietnamese enumeration."""
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " và " + parts[-1]


def _sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]


def _meeting_common(meeting: Any) -> dict[str, Any]:
    cluster = [mu.unit for mu in meeting.cluster.select_related("unit")]
    issuer, province = department_issuer()
    cluster_line = "Ủy ban nhân dân " + _join_vi([unit_in_sentence(u) for u in cluster])
    purpose = title_text(meeting.round.purpose if meeting.round_id and meeting.round.purpose else meeting.title)
    return {
        "parent_body": parent_body(province),
        "issuer_name": issuer,
        "place": place_name(province) if province else "",  # the date line: where the Department sits
        "department": clean_text(settings.KHCN_DEPARTMENT_NAME),
        "cluster_line": cluster_line,
        "cluster": cluster,
        "purpose": purpose[:1].lower() + purpose[1:] if purpose[:2] != purpose[:2].upper() else purpose,
        "session_place": clean_text(meeting.place),
        "chair": clean_text(meeting.chair) or "Lãnh đạo Sở",
    }


def conclusion_notice_context(*, meeting: Any) -> dict[str, Any]:
    """What the conclusion notice is filled with: the session, its conclusion and its items."""
    common = _meeting_common(meeting)
    starts = timezone.localtime(meeting.starts_at)
    attendees = list(meeting.attendees.all())
    present = [a for a in attendees if a.attended] or [a for a in attendees if a.attended is None]
    directives: list[dict[str, Any]] = []
    requests: list[dict[str, Any]] = []
    items = meeting.items.select_related("unit", "assignee_office").order_by("unit__sort_key", "pk")
    for item in items:
        if item.kind == FollowUpKind.DIRECTIVE:
            due = f", hạn {short_date(item.due_on)}" if item.due_on else ""
            directives.append(
                {
                    "number": len(directives) + 1,
                    "text": clean_text(item.text).rstrip("."),
                    "who": clean_text(item.assignee_label()),
                    "due": due,
                }
            )
        else:
            last = item.responses.order_by("-created_at", "-pk").first()
            answer = clean_text(last.text).rstrip(".") if last else f"{item.assignee_label()} xem xét, trả lời"
            requests.append(
                {
                    "number": len(requests) + 1,
                    "unit": _sentence_start(unit_in_sentence(item.unit)),
                    "text": clean_text(item.text).rstrip("."),
                    "answer": answer,
                }
            )
    today = timezone.localdate()
    return {
        **common,
        **date_parts(today),
        "meeting_date": short_date(starts.date()),
        "chair_line": f"đồng chí {common['chair']}",
        "co_chair_text": f"; đồng chủ trì: {clean_text(meeting.co_chair)}" if meeting.co_chair else "",
        "attendees_line": "; ".join(clean_text(f"{a.name}, {a.position}" if a.position else a.name) for a in present)
        or "đại diện lãnh đạo các đơn vị",
        "conclusion": split_paragraphs(meeting.conclusion) or ["(Chưa có nội dung kết luận.)"],
        "directives": directives,
        "requests": requests,
        "recipients_units": common["cluster_line"].replace("Ủy ban nhân dân ", "UBND "),
        "signer_name": "",
    }


def conclusion_notice_docx(*, meeting: Any) -> bytes:
    """The Department's "Thông báo kết luận" of a working session (.docx, Decree 30)."""
    with translation.override("vi"):
        context = conclusion_notice_context(meeting=meeting)
        return render_docx(
            CONCLUSION_NOTICE_TEMPLATE,
            context,
            title=f"Thông báo kết luận — {clean_text(meeting.title)}",
            author=context["department"],
        )


def invitation_context(*, meeting: Any) -> dict[str, Any]:
    common = _meeting_common(meeting)
    starts = timezone.localtime(meeting.starts_at)
    invitees = [f"Ủy ban nhân dân {unit_in_sentence(u)}" for u in common["cluster"]]
    invitees += [
        clean_text(f"{a.name}, {a.position}" if a.position else a.name)
        for a in meeting.attendees.filter(kind__in=[AttendeeKind.EXPERT, AttendeeKind.PRESS])
    ]
    first = meeting.cluster.order_by("position").first()
    prepare = (
        clean_text(first.prepare) if first and first.prepare else "báo cáo kết quả thực hiện và các đề xuất, kiến nghị"
    )
    prepare_by = f" (gửi về Sở trước ngày {short_date(first.prepare_by)})" if first and first.prepare_by else ""
    return {
        **common,
        **date_parts(timezone.localdate()),
        "invitees": invitees,
        "time_line": (
            f"{starts.hour:02d} giờ {starts.minute:02d} phút, {WEEKDAYS[starts.weekday()]}, "
            f"ngày {short_date(starts.date())}"
        ),
        "prepare": prepare.rstrip("."),
        "prepare_by": prepare_by,
        "signer_name": "",
    }


def invitation_docx(*, meeting: Any) -> bytes:
    """The Department's "Giấy mời" to a working session (.docx, Decree 30)."""
    with translation.override("vi"):
        context = invitation_context(meeting=meeting)
        return render_docx(
            INVITATION_TEMPLATE,
            context,
            title=f"Giấy mời — {clean_text(meeting.title)}",
            author=context["department"],
        )
