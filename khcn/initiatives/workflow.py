"""The one table of allowed moves of an initiative (STYLE.md §2: one table per workflow).

draft → submitted → base_recognised | base_not_recognised; base_recognised → city_submitted →
(the city's evaluation council, then its decision) city_recognised | city_not_recognised.
"""

from django.core.exceptions import ValidationError

from khcn.initiatives.models import InitiativeStatus as S

WRONG_STATE = "wrong_state"

# action: (statuses it may start from, status it leads to; None keeps the status)
MOVES: dict[str, tuple[frozenset[str], str | None]] = {
    "edit": (frozenset({S.DRAFT}), None),
    "delete": (frozenset({S.DRAFT}), None),
    "submit": (frozenset({S.DRAFT}), S.SUBMITTED),
    "recognise": (frozenset({S.SUBMITTED}), S.BASE_RECOGNISED),
    "not_recognise": (frozenset({S.SUBMITTED}), S.BASE_NOT_RECOGNISED),
    "city_submit": (frozenset({S.BASE_RECOGNISED}), S.CITY_SUBMITTED),
    "city_council": (frozenset({S.CITY_SUBMITTED}), None),
    "city_recognise": (frozenset({S.CITY_SUBMITTED}), S.CITY_RECOGNISED),
    "city_not_recognise": (frozenset({S.CITY_SUBMITTED}), S.CITY_NOT_RECOGNISED),
}


def can_move(status: str, action: str) -> bool:
    return status in MOVES[action][0]


def check_move(status: str, action: str, message: str) -> str:
    """The status `action` leads to from `status`; a ValidationError with `message` if the
    table does not allow it from there."""
    if not can_move(status, action):
        raise ValidationError(message, code=WRONG_STATE)
    return MOVES[action][1] or status
