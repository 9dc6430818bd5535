"""The report workflow: every allowed move in one table (STYLE.md §2)."""

from khcn.reporting.models import ReportStatus as S

# action -> (statuses it may start from, status it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "submit": (frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED),
    "return": (frozenset({S.SUBMITTED}), S.RETURNED),
    "approve": (frozenset({S.SUBMITTED}), S.APPROVED),
    "sign_off": (frozenset({S.APPROVED}), S.SIGNED_OFF),
    "reopen": (frozenset({S.APPROVED, S.SIGNED_OFF}), S.RETURNED),
}


def can_move(status: str, action: str) -> bool:
    sources, _target = TRANSITIONS[action]
    return status in sources
