"""Reads for sessions and follow-up items: scoped lists, the board, a unit's page.

Sessions are scoped through their cluster (a unit sees the sessions it took part in);
items through their unit. The board is a few grouped queries whatever the number of items.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.core.cache import cache
from django.db.models import Count, F, Max, Min, Q, QuerySet
from django.utils import timezone

from khcn.accounts.scoping import scope_for, visible
from khcn.geo.models import TYPE_PREFIX, AdminUnit, Organisation, UnitType
from khcn.meetings.models import (
    CLOSED_STATUSES,
    AssigneeKind,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    Meeting,
    MeetingRound,
    Topic,
)

T = TypeVar("T")


def meeting_list(*, user: Any) -> QuerySet[Meeting]:
    """Sessions whose cluster holds a unit in the user's scope (all of them for the superuser)."""
    return visible(Meeting.objects.all(), user)


def round_list() -> QuerySet[MeetingRound]:
    """Session rounds with their number of sessions, for the Department's setup pages.

    A round belongs to the Department, not to a unit; its sessions are scoped one by one.
    """
    return MeetingRound.objects.select_related("period").annotate(meeting_count=Count("meetings"))


def followup_list(*, user: Any) -> QuerySet[FollowUp]:
    """Follow-up items of the units in the user's scope."""
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


BOARD_CACHE_SECONDS = 15 * 60


def _stamp() -> str:
    """Changes whenever any item is added or saved: two index-backed maxima."""
    row = FollowUp.objects.aggregate(last=Max("updated_at"), top=Max("pk"))
    return f"{row['top']}:{row['last'].timestamp() if row['last'] else 0}"


def cached_for_scope(name: str, user: Any, today: date, compute: Callable[[], T]) -> T:
    """`compute()` kept in the cache per scope and day until an item changes anywhere."""
    scope = scope_for(user)
    scope_key = hashlib.sha256(repr((scope.unrestricted, scope.unit_paths)).encode()).hexdigest()[:20]
    key = f"khcn:{name}:{scope_key}:{today.isoformat()}"
    stamp = _stamp()
    hit = cache.get(key)
    if hit is not None and hit[0] == stamp:
        return hit[1]  # type: ignore[no-any-return]
    value = compute()
    cache.set(key, (stamp, value), BOARD_CACHE_SECONDS)
    return value


def item_counts(*, user: Any, today: date | None = None) -> dict[str, int]:
    """The item list's quick filters: open directives, open requests, overdue (cached)."""
    today = today or timezone.localdate()

    def compute() -> dict[str, int]:
        return followup_list(user=user).aggregate(
            directives=Count("id", filter=Q(kind=FollowUpKind.DIRECTIVE) & open_q()),
            requests=Count("id", filter=Q(kind=FollowUpKind.REQUEST) & open_q()),
            overdue=Count("id", filter=overdue_q(today)),
        )

    return cached_for_scope("item-counts", user, today, compute)


def followup_board(*, user: Any, items: QuerySet[FollowUp] | None = None, today: date | None = None) -> Board:
    """The board of `items`, or of every item in the user's scope (then cached until an item
    changes: the stamp costs one query)."""
    today = today or timezone.localdate()
    if items is not None:
        return _compute_board(items=items, today=today)
    return cached_for_scope("followup-board", user, today, lambda: _compute_board(items=None, user=user, today=today))


def _compute_board(*, items: QuerySet[FollowUp] | None, today: date, user: Any = None) -> Board:
    """Open, overdue and done-within-deadline items, in all, by division (the items a division
    of the Department must act on), by unit, by topic.

    Three grouped scans of the items, none joined: the scope is first turned into the list of
    its unit ids (an exact filter the planner can use the unit index for), and names are read
    afterwards for the groups only. Units are listed worst first (most overdue, then most open).
    """
    if items is None:
        scope = scope_for(user)
        items = FollowUp.objects.all()
        if not scope.unrestricted:
            unit_ids = list(visible(AdminUnit.objects.all(), user).values_list("pk", flat=True))
            items = items.filter(unit_id__in=unit_ids)
    counts = _counts(items, today)
    unit_rows = list(items.order_by().values("unit").annotate(**counts))
    names = {
        pk: (f"{TYPE_PREFIX[UnitType(unit_type)]} {name}", sort_key)
        for pk, name, unit_type, sort_key in AdminUnit.objects.filter(
            pk__in=[r["unit"] for r in unit_rows]
        ).values_list("pk", "name", "unit_type", "sort_key")
    }
    unit_rows.sort(key=lambda r: (-r["overdue"], -r["open"], names.get(r["unit"], ("", ""))[1]))
    by_unit = [_line(r, r["unit"], names.get(r["unit"], ("", ""))[0]) for r in unit_rows]
    totals = _line({k: sum(r[k] for r in unit_rows) for k in counts}, None, "")

    office_rows = list(
        items.filter(assignee_kind=AssigneeKind.OFFICE).order_by().values("assignee_office").annotate(**counts)
    )
    office_names = dict(
        Organisation.all_objects.filter(
            pk__in=[r["assignee_office"] for r in office_rows if r["assignee_office"]]
        ).values_list("pk", "name")
    )
    office_rows.sort(key=lambda r: (-r["overdue"], -r["open"], office_names.get(r["assignee_office"], "")))
    by_office = [_line(r, r["assignee_office"], office_names.get(r["assignee_office"], "")) for r in office_rows]

    labels = dict(Topic.choices)
    by_topic = [
        _line(row, row["topic"], str(labels.get(row["topic"], row["topic"])))
        for row in items.order_by().values("topic").annotate(**counts).order_by("-total", "topic")
    ]
    return Board(totals=totals, by_office=by_office, by_unit=by_unit, by_topic=by_topic)


# -- home-page cards ------------------------------------------------------------------------


def followup_overdue_list(*, user: Any, today: date, assignee_kind: str | None = None) -> QuerySet[FollowUp]:
    """Open items in the user's scope past their deadline, the longest overdue first;
    `assignee_kind` keeps those one party must act on (the unit itself, say)."""
    items = followup_list(user=user).filter(overdue_q(today))
    if assignee_kind:
        items = items.filter(assignee_kind=assignee_kind)
    return items.select_related("unit").order_by("due_on", "pk")


def followup_overdue_by_office(*, user: Any, today: date) -> list[dict[str, Any]]:
    """Overdue items the Department's divisions must act on, counted by division, the most
    overdue division first. One grouped query."""
    return list(
        followup_list(user=user)
        .filter(overdue_q(today), assignee_kind=AssigneeKind.OFFICE)
        .order_by()
        .values("assignee_office", "assignee_office__name")
        .annotate(n=Count("id"), oldest=Min("due_on"))
        .order_by("-n", "assignee_office__name")
    )
