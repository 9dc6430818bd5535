"""Reads of the province's IP statistics: the rows in scope, one row, the year × kind table
with its totals, the marks KHCN tracks itself by year, and the city board's sums."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import ExtractYear

from khcn.accounts.scoping import get_visible_or_404, visible
from khcn.ipstats.models import RANKED_KINDS, IpKind, IpStatistic
from khcn.products.ip_selectors import ip_asset_list
from khcn.products.models import IP_STAGE_ORDER, IpStage


def statistic_list(*, user: Any) -> QuerySet[IpStatistic]:
    return visible(IpStatistic.objects.all(), user)


def statistic_get(*, user: Any, pk: int) -> IpStatistic:
    return get_visible_or_404(IpStatistic.objects.select_related("created_by", "updated_by"), user, pk=pk)


@dataclass
class Cell:
    applications: int | None = None
    grants: int | None = None
    record: IpStatistic | None = None


@dataclass
class YearRow:
    year: int
    cells: list[Cell]
    applications: int = 0
    grants: int = 0


@dataclass
class StatisticsTable:
    kinds: list[tuple[str, str]]
    rows: list[YearRow]
    totals: list[Cell] = field(default_factory=list)
    applications: int = 0
    grants: int = 0


def statistics_table(
    rows: Iterable[IpStatistic], *, kinds: Sequence[str] = (), descending: bool = True
) -> StatisticsTable:
    """The year × kind table of `rows` (one query, already filtered): per cell the applications
    and grants, per year and per kind their totals, and the grand totals. A kind without a row
    in a year is empty, not zero: the figure was not entered."""
    shown = [(value, label) for value, label in IpKind.choices if not kinds or value in kinds]
    by_year: dict[int, dict[str, IpStatistic]] = {}
    for row in rows:
        by_year.setdefault(row.year, {})[row.kind] = row
    table = StatisticsTable(kinds=[(v, str(label)) for v, label in shown], rows=[])
    totals = {value: Cell(0, 0) for value, _label in shown}
    for year in sorted(by_year, reverse=descending):
        line = YearRow(year=year, cells=[])
        for value, _label in shown:
            record = by_year[year].get(value)
            if record is None:
                line.cells.append(Cell())
                continue
            line.cells.append(Cell(record.applications, record.grants, record))
            line.applications += record.applications
            line.grants += record.grants
            totals[value].applications = (totals[value].applications or 0) + record.applications
            totals[value].grants = (totals[value].grants or 0) + record.grants
        table.rows.append(line)
        table.applications += line.applications
        table.grants += line.grants
    table.totals = [totals[value] for value, _label in shown]
    return table


# The stages of a filed dossier shown beside the statistics, in the dossier's order.
MARK_STAGES = [s for s in IP_STAGE_ORDER if s not in (IpStage.SURVEY, IpStage.DOSSIER)] + [
    IpStage.REFUSED,
    IpStage.WITHDRAWN,
]


@dataclass
class MarkYear:
    year: int
    counts: list[tuple[str, int]]  # (stage, dossiers filed in the year now in that stage)
    total: int  # filed in the year
    granted: int  # granted in the year


def marks_by_year(*, user: Any, years: Iterable[int]) -> list[MarkYear]:
    """The marks and geographical indications of local products KHCN tracks (products), by
    year of filing and stage, and those granted in each year: two grouped queries, scoped as
    the products' list."""
    wanted = sorted(set(years), reverse=True)
    if not wanted:
        return []
    assets = ip_asset_list(user=user).order_by()
    filed = (
        assets.filter(filed_on__year__in=wanted)
        .annotate(y=ExtractYear("filed_on"))
        .values("y", "stage")
        .annotate(n=Count("pk"))
    )
    counts: dict[tuple[int, str], int] = {(r["y"], r["stage"]): r["n"] for r in filed}
    granted = dict(
        assets.filter(granted_on__year__in=wanted)
        .annotate(y=ExtractYear("granted_on"))
        .values("y")
        .annotate(n=Count("pk"))
        .values_list("y", "n")
    )
    lines = []
    for year in wanted:
        total = sum(n for (y, _stage), n in counts.items() if y == year)
        per_stage = [(stage.value, counts.get((year, stage), 0)) for stage in MARK_STAGES]
        lines.append(MarkYear(year=year, counts=per_stage, total=total, granted=granted.get(year, 0)))
    return lines


def ranked_sums(year: int) -> dict[str, int | None]:
    """The city board's figures (province-wide, not scoped): applications filed and titles
    granted in `year` for the four kinds the city ranks (seed 004); None when no figure of
    these kinds was entered for the year. One query."""
    found = IpStatistic.objects.filter(year=year, kind__in=RANKED_KINDS).aggregate(
        rows=Count("pk"), applications=Sum("applications"), grants=Sum("grants")
    )
    if not found["rows"]:
        return {"applications": None, "grants": None}
    return {"applications": found["applications"], "grants": found["grants"]}
