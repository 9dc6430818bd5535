"""Reads of the unit registry: tree, search, history and "which unit is this today?"."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from khcn.core.text import fold, nfc
from khcn.geo.models import AdminUnit, SuccessionKind, UnitLevel, UnitSuccession


class Era:
    CURRENT = "current"
    FORMER = "former"


def reform_date() -> date:
    return date.fromisoformat(settings.KHCN_REFORM_EFFECTIVE_DATE)


def province_get() -> AdminUnit | None:
    """The province this deployment serves (the row in force today)."""
    return AdminUnit.objects.current().filter(level=UnitLevel.PROVINCE, code=settings.KHCN_PROVINCE_CODE).first()


def unit_children(*, unit: AdminUnit, era: str) -> QuerySet[AdminUnit]:
    """Children of `unit` in force today (`current`) or before the reform (`former`)."""
    # Aggregating queries drop Meta.ordering, so the Vietnamese alphabetical order is explicit.
    qs = unit.children.annotate(child_count=Count("children")).order_by("sort_key")
    if era == Era.FORMER:
        return qs.filter(valid_to__lt=reform_date())
    return qs.current()


def unit_search(*, query: str, era: str | None = None, limit: int = 50) -> list[AdminUnit]:
    """Units whose full name matches `query` with or without diacritics.

    Ranking (DOMAIN.md §9): the exact name first, then names written with the same
    diacritics, then folded matches; within a rank, province before district before
    commune, then Vietnamese alphabetical order.
    """
    text = nfc(query)
    folded = fold(text)
    if not folded:
        return []
    qs = AdminUnit.objects.filter(name_folded__contains=folded)
    if era == Era.CURRENT:
        qs = qs.current()
    elif era == Era.FORMER:
        qs = qs.filter(valid_to__lt=reform_date())
    qs = qs.annotate(
        rank=Case(
            When(name_folded=folded, then=Value(0)),
            When(name_folded__endswith=" " + folded, then=Value(1)),
            When(name__contains=text, then=Value(2)),
            default=Value(3),
            output_field=IntegerField(),
        ),
        level_rank=Case(
            When(level=UnitLevel.PROVINCE, then=Value(0)),
            When(level=UnitLevel.DISTRICT, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
    ).order_by("rank", "level_rank", "sort_key")
    # Rank and cut first, then join the parents of the rows actually shown.
    units = list(qs[:limit])
    parents = AdminUnit.objects.in_bulk({u.parent_id for u in units if u.parent_id})
    for unit in units:
        if unit.parent_id:
            unit.parent = parents[unit.parent_id]
    return units


@dataclass
class CurrentUnit:
    """A unit in force today that (part of) a former unit passed into."""

    unit: AdminUnit
    kind: str  # SuccessionKind
    via: list[AdminUnit] = field(default_factory=list)

    @property
    def is_whole(self) -> bool:
        return self.kind == SuccessionKind.WHOLE


def unit_current_successors(*, unit: AdminUnit, on: date | None = None) -> list[CurrentUnit]:
    """Answer "which unit is this today?" for any unit.

    A unit still in force answers itself. A former commune follows its successions (whole
    or part) until units in force are reached. A former district, which has no district
    successor (DOMAIN.md §1.3), answers through its communes: every current commune that
    received (part of) one of them, with the former communes it came from.
    """
    on = on or date.today()
    if unit.is_current(on):
        return [CurrentUnit(unit=unit, kind=SuccessionKind.WHOLE, via=[])]
    sources = list(unit.children.all()) if unit.level == UnitLevel.DISTRICT else [unit]
    found: dict[int, CurrentUnit] = {}
    frontier: dict[int, tuple[AdminUnit, str]] = {s.pk: (s, SuccessionKind.WHOLE) for s in sources}
    seen: set[int] = set()
    while frontier:
        links = UnitSuccession.objects.filter(predecessor_id__in=list(frontier)).select_related(
            "successor", "successor__parent"
        )
        next_frontier: dict[int, tuple[AdminUnit, str]] = {}
        for link in links:
            origin, kind = frontier[link.predecessor_id]
            kind = SuccessionKind.PART if SuccessionKind.PART in (kind, link.kind) else kind
            succ = link.successor
            if succ.is_current(on):
                entry = found.setdefault(succ.pk, CurrentUnit(unit=succ, kind=kind))
                if kind == SuccessionKind.PART:
                    entry.kind = SuccessionKind.PART
                if origin not in entry.via:
                    entry.via.append(origin)
            elif succ.pk not in seen:
                seen.add(succ.pk)
                next_frontier[succ.pk] = (origin, kind)
        frontier = next_frontier
    return sorted(found.values(), key=lambda c: c.unit.sort_key)


@dataclass
class UnitHistory:
    predecessors: list[UnitSuccession]
    successors: list[UnitSuccession]
    label: str  # merge / split / rename / "" — how the unit came to be


def unit_history(*, unit: AdminUnit) -> UnitHistory:
    """What `unit` was formed from and what it passed into, with the acts and dates."""
    preds = list(
        unit.successions_in.select_related("predecessor", "predecessor__parent").order_by("predecessor__sort_key")
    )
    succs = list(unit.successions_out.select_related("successor", "successor__parent").order_by("successor__sort_key"))
    label = ""
    if len(preds) > 1:
        label = "merge"
    elif len(preds) == 1 and preds[0].kind == SuccessionKind.WHOLE:
        label = "rename" if preds[0].predecessor.name != unit.name else "reorganise"
    elif len(preds) == 1:
        label = "split"
    return UnitHistory(predecessors=preds, successors=succs, label=label)


def units_former_by_current(*, units: list[AdminUnit]) -> dict[int, list[AdminUnit]]:
    """For each current unit id, the former units that passed (wholly or partly) into it."""
    out: dict[int, list[AdminUnit]] = defaultdict(list)
    for link in UnitSuccession.objects.filter(successor__in=units).select_related("predecessor"):
        out[link.successor_id].append(link.predecessor)
    return out


def unit_subtree_ids(*, unit: AdminUnit) -> QuerySet[AdminUnit]:
    return AdminUnit.objects.filter(Q(path__startswith=unit.path)).values_list("pk", flat=True)  # type: ignore[return-value]


def units_current_links(*, units: list[AdminUnit]) -> dict[int, list[UnitSuccession]]:
    """Direct successions out of each of `units`, fetched in one query (for result lists)."""
    out: dict[int, list[UnitSuccession]] = defaultdict(list)
    ids = [u.pk for u in units if u.valid_to is not None]
    if not ids:
        return out
    links = UnitSuccession.objects.filter(predecessor_id__in=ids).select_related("successor")
    for link in links.order_by("successor__sort_key"):
        out[link.predecessor_id].append(link)
    return out
