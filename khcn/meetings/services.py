from typing import Any

from khcn.core.text import nfc
from khcn.meetings.models import FollowUp, FollowUpKind


def followups_from_report_requests(*, report: Any, text: str, user: Any) -> list[FollowUp]:
    """Turn the "requests and proposals" section of a report into request items.

    One item per non-empty line (a leading "-", "+", "•" or numbering is dropped). Items
    already created from this report with the same text are kept, not duplicated, so a
    resubmitted report does not double them.
    """
    lines = []
    for raw in text.splitlines():
        line = nfc(raw).lstrip("-+•*· \t")
        line = line.split(". ", 1)[1] if line[:3].rstrip(".").isdigit() and ". " in line[:4] else line
        if len(line) >= 5:
            lines.append(line)
    existing = set(FollowUp.objects.filter(source_report=report).values_list("text", flat=True))
    created = [
        FollowUp(
            kind=FollowUpKind.REQUEST,
            unit=report.unit,
            text=line,
            source_report=report,
            created_by=user,
            updated_by=user,
        )
        for line in dict.fromkeys(lines)
        if line not in existing
    ]
    for item in created:
        item.save()
    return created
