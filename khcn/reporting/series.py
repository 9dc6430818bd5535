"""An indicator over the periods of a programme and its successors, across the 2025 reform.

Before 1 July 2025 the district-level units reported; after it the communes do. A series
stays readable in two ways, and the page says which one it uses:

* by former unit (quận, huyện): figures reported by a district are shown as reported;
  figures reported later by today's communes are re-aggregated onto the former district
  when every predecessor of the commune lay in that one district (the succession allows
  it). A commune formed from communes of several districts cannot be attributed, and is
  counted apart;
* by today's unit (xã, phường): communes' own figures as reported; a district's figure
  cannot be split among the communes that replaced it, so earlier periods show only the
  city total.

The city total of every period is always given, computed the indicator's way, with the
number of units behind it.

Periods of different kinds (a whole year, the first six months) or of different programmes
do not measure the same thing: 316.800 dossiers in a year and 1.250 in a half-year of a new
programme are no collapse. Each (programme, kind) pair is a segment of its own, and the chart
draws one line per segment, never joining points of two segments.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from khcn.accounts.scoping import visible
from khcn.geo.models import AdminUnit, UnitLevel, UnitSuccession
from khcn.programs.models import Aggregation, Indicator, Program, ReportingPeriod, ValueType
from khcn.reporting.formatting import fmt_number
from khcn.reporting.models import Report, Value
from khcn.reporting.selectors import COUNTED_STATUSES

BY_FORMER = "former"
BY_CURRENT = "current"


@dataclass
class Cell:
    text: str = ""
    note: str = ""  # "reported" / "re-aggregated" / ""
    point: Decimal | None = None  # the number a chart plots (a ratio as a percentage)


@dataclass
class SeriesRow:
    unit: AdminUnit | None
    label: str
    cells: list[Cell]


@dataclass
class Segment:
    """Periods that may share a line on the chart: one programme, one kind of period."""

    key: str
    label: str


@dataclass
class Series:
    indicator: Indicator
    periods: list[ReportingPeriod]
    mode: str
    rows: list[SeriesRow]
    city: SeriesRow
    unattributed: dict[int, int] = field(default_factory=dict)  # period id -> communes left out
    segments: list[Segment] = field(default_factory=list)  # in order of first appearance
    period_segments: list[Segment] = field(default_factory=list)  # the segment of each period
    city_units: list[int] = field(default_factory=list)  # units behind each city total

    @property
    def columns(self) -> list[tuple[ReportingPeriod, Segment, int]]:
        """Each period with its segment and the number of units behind its city total."""
        return list(zip(self.periods, self.period_segments, self.city_units, strict=True))


def period_segments(periods: list[ReportingPeriod]) -> tuple[list[Segment], list[Segment]]:
    """The segments of `periods` (distinct, in order) and the segment of each period."""
    found: dict[str, Segment] = {}
    each = []
    for period in periods:
        key = f"{period.program.code}:{period.kind}"
        if key not in found:
            found[key] = Segment(key=key, label=f"{period.get_kind_display()} · {period.program.code}")
        each.append(found[key])
    return list(found.values()), each


def programme_chain(program: Program) -> list[Program]:
    """The programme, the ones it succeeded and the ones that succeeded it, oldest first."""
    chain = [program]
    seen = {program.pk}
    node = program
    while True:
        previous = Program.objects.filter(successor=node).exclude(pk__in=seen).first()
        if previous is None:
            break
        chain.insert(0, previous)
        seen.add(previous.pk)
        node = previous
    node = program
    while node.successor_id and node.successor_id not in seen:
        node = node.successor  # type: ignore[assignment]
        chain.append(node)
        seen.add(node.pk)
    return chain


def _combine(indicator: Indicator, values: list[Value], note: str = "") -> Cell:
    """Aggregate several units' values the indicator's way: the text shown and the point plotted."""
    if not values:
        return Cell(note=note)
    agg = indicator.aggregation
    if indicator.value_type == ValueType.RATIO:
        num = sum((v.numerator or Decimal(0) for v in values), Decimal(0))
        den = sum((v.denominator or Decimal(0) for v in values), Decimal(0))
        return Cell(f"{fmt_number(num)}/{fmt_number(den)}", note, num * 100 / den if den else None)
    if agg == Aggregation.COUNT_YES:
        yes = sum(1 for v in values if v.flag)
        return Cell(str(yes), note, Decimal(yes))
    numbers = [v.number for v in values if v.number is not None]
    if not numbers:
        return Cell(note=note)
    total = sum(numbers, Decimal(0))
    if agg != Aggregation.SUM:  # mean; a weighted mean without weights falls back to the plain mean
        total = total / len(numbers)
    suffix = "%" if indicator.value_type == ValueType.PERCENT else ""
    return Cell(fmt_number(total, 1) + suffix, note, total)


def indicator_series(*, indicator: Indicator, user: Any, mode: str) -> Series:
    """The series of `indicator` (matched by code along the programme chain) in `mode`."""
    chain = programme_chain(indicator.program)
    periods = list(ReportingPeriod.objects.filter(program__in=chain).select_related("program").order_by("data_to"))
    same_code = {i.program_id: i for i in Indicator.objects.filter(program__in=chain, code=indicator.code)}
    reports = visible(Report.objects.filter(period__in=periods, status__in=COUNTED_STATUSES), user)
    values = list(
        Value.objects.filter(report__in=reports, indicator__in=same_code.values()).select_related(
            "report", "report__unit", "indicator"
        )
    )
    by_period: dict[int, list[Value]] = defaultdict(list)
    for v in values:
        by_period[v.report.period_id].append(v)

    communes = {v.report.unit for v in values if v.report.unit.level == UnitLevel.COMMUNE and v.report.unit.valid_from}
    home: dict[int, set[int]] = defaultdict(set)  # current commune -> former districts it came from
    for succ_id, district_id in UnitSuccession.objects.filter(successor__in=communes).values_list(
        "successor_id", "predecessor__parent_id"
    ):
        if district_id is not None:
            home[succ_id].add(district_id)

    city = SeriesRow(unit=None, label="", cells=[])
    city_units: list[int] = []
    unattributed: dict[int, int] = {}
    table: dict[int, dict[int, Cell]] = defaultdict(dict)
    units: dict[int, AdminUnit] = {}
    for period in periods:
        ind = same_code.get(period.program_id)
        reported = by_period.get(period.pk, [])
        city.cells.append(_combine(ind, reported) if ind else Cell())
        city_units.append(len({v.report.unit_id for v in reported}))
        if mode == BY_FORMER:
            grouped: dict[int, list[Value]] = defaultdict(list)
            left_out = 0
            for v in reported:
                unit = v.report.unit
                if unit.level == UnitLevel.DISTRICT:
                    units[unit.pk] = unit
                    table[unit.pk][period.pk] = _combine(v.indicator, [v], "reported")
                elif len(home.get(unit.pk, set())) == 1:
                    grouped[next(iter(home[unit.pk]))].append(v)
                else:
                    left_out += 1
            if grouped:
                for district in AdminUnit.objects.filter(pk__in=grouped):
                    units[district.pk] = district
                    table[district.pk][period.pk] = _combine(
                        grouped[district.pk][0].indicator, grouped[district.pk], "re-aggregated"
                    )
            if left_out:
                unattributed[period.pk] = left_out
        else:
            for v in reported:
                unit = v.report.unit
                if unit.level == UnitLevel.COMMUNE:
                    units[unit.pk] = unit
                    table[unit.pk][period.pk] = _combine(v.indicator, [v], "reported")
    rows = [
        SeriesRow(unit=u, label=u.full_name, cells=[table[u.pk].get(p.pk, Cell()) for p in periods])
        for u in sorted(units.values(), key=lambda u: u.sort_key)
    ]
    segments, each = period_segments(periods)
    return Series(
        indicator=indicator,
        periods=periods,
        mode=mode,
        rows=rows,
        city=city,
        unattributed=unattributed,
        segments=segments,
        period_segments=each,
        city_units=city_units,
    )
