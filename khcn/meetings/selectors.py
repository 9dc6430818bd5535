"""Reads for sessions and follow-up items: scoped lists, the board, a unit's page.

Sessions are scoped through their cluster (a unit sees the sessions it took part in);
items through their unit. The board is a few grouped queries whatever the number of items.
"""

from dataclasses import dataclass
from datetime import date
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from khcn.accounts.scoping import scope_for, visible
from khcn.geo.models import TYPE_PREFIX, UnitType
from khcn.meetings.models import CLOSED_STATUSES, AssigneeKind, FollowUp, FollowUpStatus, Meeting, MeetingUnit


def meetings_visible(user: Any) -> QuerySet[Meeting]:
    """Sessions whose cluster holds a unit in the user's scope (all of them for the superuser)."""
    scope = scope_for(user)
    qs = Meeting.objects.all()
    if scope.unrestricted:
        return qs
    if not user.is_authenticated or not scope.unit_paths:
        return qs.none()
    inside = reduce(or_, [Q(unit__path__startswith=p) for p in scope.unit_paths])
    return qs.filter(Exists(MeetingUnit.objects.filter(inside, meeting=OuterRef("pk"))))


def items_visible(user: Any) -> QuerySet[FollowUp]:
    return visible(FollowUp.objects.all(), user)


def open_q() -> Q:
    return ~Q(status__in=CLOSED_STATUSES)


def overdue_q(today: date | None = None) -> Q:
    return open_q() & Q(due_on__lt=today or timezone.localdate())


@dataclass
class BoardLine:
    key: Any
    label: str
    total: int
    open: int
    overdue: int
    done: int
    done_on_time: int
    done_with_deadline: int

    @property
    def on_time_percent(self) -> int | None:
        if not self.done_with_deadline:
            return None
        return round(self.done_on_time * 100 / self.done_with_deadline)


def _counts(qs: QuerySet[FollowUp], today: date) -> dict[str, Any]:
    done = Q(status=FollowUpStatus.DONE)
    return {
        "total": Count("id"),
        "open": Count("id", filter=open_q()),
        "overdue": Count("id", filter=overdue_q(today)),
        "done": Count("id", filter=done),
        "done_with_deadline": Count("id", filter=done & Q(due_on__isnull=False)),
        "done_on_time": Count("id", filter=done & Q(due_on__isnull=False, closed_at__date__lte=F("due_on"))),
    }


def _line(row: dict[str, Any], key: Any, label: str) -> BoardLine:
    return BoardLine(
        key=key,
        label=label,
        total=row["total"],
        open=row["open"],
        overdue=row["overdue"],
        done=row["done"],
        done_on_time=row["done_on_time"],
        done_with_deadline=row["done_with_deadline"],
    )


@dataclass
class Board:
    totals: BoardLine
    by_office: list[BoardLine]
    by_unit: list[BoardLine]
    by_topic: list[BoardLine]


def followup_board(*, user: Any, items: QuerySet[FollowUp] | None = None, today: date | None = None) -> Board:
    """Open, overdue and done-within-deadline items, in all, by division (the items a division
    of the Department must act on), by unit, by topic.

    Four grouped queries; units are listed worst first (most overdue, then most open).
    """
    from khcn.meetings.models import Topic

    today = today or timezone.localdate()
    qs = items if items is not None else items_visible(user)
    counts = _counts(qs, today)
    totals = _line(qs.aggregate(**counts), None, "")
    by_office = [
        _line(row, row["assignee_office"], row["assignee_office__name"] or "")
        for row in qs.filter(assignee_kind=AssigneeKind.OFFICE)
        .values("assignee_office", "assignee_office__name")
        .annotate(**counts)
        .order_by("-overdue", "-open", "assignee_office__name")
    ]
    by_unit = [
        _line(row, row["unit"], f"{TYPE_PREFIX[UnitType(row['unit__unit_type'])]} {row['unit__name']}")
        for row in qs.values("unit", "unit__name", "unit__unit_type", "unit__sort_key")
        .annotate(**counts)
        .order_by("-overdue", "-open", "unit__sort_key")
    ]
    labels = dict(Topic.choices)
    by_topic = [
        _line(row, row["topic"], str(labels.get(row["topic"], row["topic"])))
        for row in qs.values("topic").annotate(**counts).order_by("-total", "topic")
    ]
    return Board(totals=totals, by_office=by_office, by_unit=by_unit, by_topic=by_topic)
