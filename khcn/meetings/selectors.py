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


def former_unit_directives(*, user: Any, today: date | None = None) -> QuerySet[FollowUp]:
    """Open directives to units no longer in force (the districts abolished on 1 July 2025),
    in the user's scope: the unit that must act on them does not exist any more, so the
    Department moves them to the successors (`services.followups_move_to_successors`)."""
    today = today or timezone.localdate()
    return followup_list(user=user).filter(open_q(), kind=FollowUpKind.DIRECTIVE, unit__valid_to__lt=today)


def former_units_with_directives(*, user: Any) -> list[tuple[AdminUnit, int]]:
    """The former units that still have open directives, with how many, by name."""
    counts = dict(
        former_unit_directives(user=user).order_by().values("unit").annotate(n=Count("id")).values_list("unit", "n")
    )
    return [(unit, counts[unit.pk]) for unit in AdminUnit.objects.filter(pk__in=counts).order_by("sort_key")]


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
    closed_on_time: int  # closed (done, rejected, transferred) on or before the deadline
    closed_with_deadline: int  # closed, with a deadline

    @property
    def due(self) -> int:
        """Items whose deadline has come: closed with a deadline, or still open past it."""
        return self.closed_with_deadline + self.overdue

    @property
    def on_time_percent(self) -> int | None:
        """Closed on time out of the items that came due (closed with a deadline + overdue open).

        Overdue items count against the rate: "100%" beside 27 overdue items was not honest
        (issue 13, defect 9). Items without a deadline, or not yet due, are left out.
        """
        if not self.due:
            return None
        return round(self.closed_on_time * 100 / self.due)


def _counts(qs: QuerySet[FollowUp], today: date) -> dict[str, Any]:
    closed = Q(status__in=CLOSED_STATUSES) & Q(due_on__isnull=False)
    return {
        "total": Count("id"),
        "open": Count("id", filter=open_q()),
        "overdue": Count("id", filter=overdue_q(today)),
        "done": Count("id", filter=Q(status=FollowUpStatus.DONE)),
        "closed_with_deadline": Count("id", filter=closed),
        "closed_on_time": Count("id", filter=closed & Q(closed_at__date__lte=F("due_on"))),
    }


def _line(row: dict[str, Any], key: Any, label: str) -> BoardLine:
    return BoardLine(
        key=key,
        label=label,
        total=row["total"],
        open=row["open"],
        overdue=row["overdue"],
        done=row["done"],
        closed_on_time=row["closed_on_time"],
        closed_with_deadline=row["closed_with_deadline"],
    )


@dataclass
class Board:
    totals: BoardLine
    by_office: list[BoardLine]
    by_unit: list[BoardLine]
    by_topic: list[BoardLine]
    outside_offices: int = 0  # items no division acts on (the unit itself, the city, an expert)


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


def unassigned_q() -> Q:
    """Items a division of the Department must act on, with no division named yet."""
    return Q(assignee_kind=AssigneeKind.OFFICE, assignee_office__isnull=True)


def item_counts(*, user: Any, today: date | None = None) -> dict[str, int]:
    """The item list's quick filters: open directives, open requests, overdue, and open items
    with no division assigned (cached)."""
    today = today or timezone.localdate()

    def compute() -> dict[str, int]:
        return followup_list(user=user).aggregate(
            directives=Count("id", filter=Q(kind=FollowUpKind.DIRECTIVE) & open_q()),
            requests=Count("id", filter=Q(kind=FollowUpKind.REQUEST) & open_q()),
            overdue=Count("id", filter=overdue_q(today)),
            unassigned=Count("id", filter=unassigned_q() & open_q()),
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
    outside = totals.total - sum(line.total for line in by_office)
    return Board(totals=totals, by_office=by_office, by_unit=by_unit, by_topic=by_topic, outside_offices=outside)


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
