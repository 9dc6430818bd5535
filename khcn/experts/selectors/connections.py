"""Reads of connections: the scoped list, one connection, and the board's tables."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf

from khcn.accounts.scoping import get_visible_or_404, visible
from khcn.experts.models import Connection, Outcome
from khcn.geo.models import AdminUnit
from khcn.research.models import ScienceField


def connection_list(*, user: Any) -> QuerySet[Connection]:
    """The connections the user may see (Department: all; a commune: its own; an expert: the
    ones naming them), with what the list shows joined in."""
    return visible(
        Connection.objects.select_related("unit", "expert", "technology", "demand", "followup"), user
    ).order_by("-introduced_on", "-pk")


def connection_get(*, user: Any, pk: int) -> Connection:
    """One connection in the user's scope (404 otherwise), with its files."""
    queryset = Connection.objects.select_related(
        "unit", "expert", "technology", "demand", "followup", "created_by"
    ).prefetch_related("files")
    return get_visible_or_404(queryset, user, pk=pk)


# The field group a connection counts under: the demand's, else the technology's, else the expert's.
def _field_expr() -> Any:
    return Coalesce(
        NullIf(F("demand__field"), Value("")), NullIf(F("technology__field"), Value("")), F("expert__field")
    )


@dataclass
class BoardRow:
    key: Any
    label: str
    counts: dict[str, int] = field(default_factory=dict)
    total: int = 0
    answered: int = 0

    @property
    def rate(self) -> float:
        return round(100 * self.answered / self.total, 1) if self.total else 0.0

    @property
    def cells(self) -> list[int]:
        return [self.counts.get(o, 0) for o in Outcome.values]


@dataclass
class Board:
    by_field: list[BoardRow]
    by_commune: list[BoardRow]
    by_expert: list[BoardRow]
    years: list[int]


def _table(
    queryset: QuerySet[Connection], key: Any, label: Any, labels: dict[Any, Any] | None = None
) -> list[BoardRow]:
    counts = {f"n_{o}": Count("pk", filter=Q(outcome=o)) for o in Outcome.values}
    rows = (
        queryset.annotate(group_key=key, group_label=label)
        .values("group_key", "group_label")
        .annotate(total=Count("pk"), answered=Count("pk", filter=Q(closes_request=True)), **counts)
        .order_by("-total", "group_label")
    )
    result = []
    for row in rows:
        text = (labels or {}).get(row["group_key"]) or row["group_label"] or "—"
        result.append(
            BoardRow(
                key=row["group_key"],
                label=str(text),
                counts={o: row[f"n_{o}"] for o in Outcome.values},
                total=row["total"],
                answered=row["answered"],
            )
        )
    return result


def connection_board(*, user: Any, year: int | None = None) -> Board:
    """Connections and their outcomes by field group, by commune and by expert, in scope.

    Five queries whatever the number of connections: the years, and one grouped count per table.
    """
    queryset = visible(Connection.objects.all(), user)
    years = sorted({d.year for d in queryset.dates("introduced_on", "year")}, reverse=True)
    if year:
        queryset = queryset.filter(introduced_on__year=year)
    fields = dict(ScienceField.choices)
    by_commune = _table(queryset, F("unit_id"), F("unit__name"))
    names = {u.pk: u.full_name for u in AdminUnit.objects.filter(pk__in=[r.key for r in by_commune])}
    for row in by_commune:
        row.label = names.get(row.key, row.label)
    return Board(
        by_field=_table(queryset, _field_expr(), _field_expr(), labels=fields),
        by_commune=by_commune,
        by_expert=_table(queryset.filter(expert__isnull=False), F("expert_id"), F("expert__full_name")),
        years=years,
    )
