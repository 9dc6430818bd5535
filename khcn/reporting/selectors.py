"""Reads for reports: form items, previous values, the board and the city aggregate.

Board and aggregate cost a fixed number of queries whatever the number of units: sums are
computed by the database, grouped by indicator.
"""

import hashlib
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Avg, Count, F, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.urls import reverse

from khcn.accounts.scoping import scope_for, visible
from khcn.core import record_counts
from khcn.geo.models import AdminUnit, UnitLevel, unit_full_name
from khcn.programs.models import Aggregation, Direction, Indicator, ReportingPeriod, Target, ValueType
from khcn.programs.selectors import OPEN, state_q
from khcn.reporting.models import NOT_STARTED, Report, ReportEvent, ReportStatus, Value

# Reports whose figures count in the city aggregate.
COUNTED_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.SIGNED_OFF)


def form_items(*, period: ReportingPeriod) -> list[tuple[Indicator, bool]]:
    """The form's indicators in order, each with whether it is required."""
    cache = getattr(period, "_form_items", None)
    if cache is None:
        items = period.form.items.select_related("indicator", "indicator__group").order_by(
            "indicator__group__position", "position"
        )
        cache = [(item.indicator, item.required) for item in items]
        period._form_items = cache  # type: ignore[attr-defined]
    return cache


def deployment_path(day: date | None = None) -> str | None:
    """The tree path of the province the deployment serves (KHCN_PROVINCE_CODE), "" for the
    whole country when the setting is empty, None when the province is not in the registry."""
    if not settings.KHCN_PROVINCE_CODE:
        return ""
    province = (
        AdminUnit.objects.current(day)
        .filter(level=UnitLevel.PROVINCE, code=settings.KHCN_PROVINCE_CODE)
        .values_list("path", flat=True)
        .first()
    )
    return province


def period_expected_units(*, period: ReportingPeriod) -> QuerySet[AdminUnit]:
    """The units of the deployment's province (or country) that must report in `period`.

    The form names the levels (district before the 2025 reform, commune after); a unit
    counts if it was in force at the end of the period's data window. Boards, the
    aggregate and the drill-down all start from here, so they count the same units.
    """
    levels = period.form.unit_levels or [UnitLevel.COMMUNE]
    root = deployment_path(period.data_to)
    if root is None:
        return AdminUnit.objects.none()
    return (
        AdminUnit.objects.current(period.data_to).filter(path__startswith=root, level__in=levels).order_by("sort_key")
    )


def previous_numbers(*, report: Report) -> dict[int, Decimal | None]:
    """Comparable numbers of the same unit in the previous period, by indicator."""
    previous = report.period.previous
    if previous is None:
        return {}
    values = Value.objects.filter(report__period=previous, report__unit=report.unit)
    return {v.indicator_id: v.as_number() for v in values}


def record_counts_for(*, report: Report) -> dict[int, int]:
    """The counts over the unit's records for the form's indicators bound to one
    (Indicator.record_source), by indicator id, at the end of the period's data.

    Each source is counted once however many indicators use it, so the form costs a bounded
    number of queries (one per source, khcn.core.record_counts)."""
    bound = {ind.pk: ind.record_source for ind, _required in form_items(period=report.period) if ind.record_source}
    if not bound:
        return {}
    counts = record_counts.counts_for(unit=report.unit, period_end=report.period.data_to, keys=bound.values())
    return {pk: counts[key] for pk, key in bound.items() if key in counts}


def previous_values(*, report: Report) -> dict[int, Value]:
    previous = report.period.previous
    if previous is None:
        return {}
    values = Value.objects.filter(report__period=previous, report__unit=report.unit)
    return {v.indicator_id: v for v in values.select_related("indicator")}


def targets_for(*, period: ReportingPeriod, unit: AdminUnit | None) -> dict[int, Decimal]:
    """Targets for the period's year: the city's (unit None), or for a unit its own target,
    falling back to the city's only for rates and means, which apply to every unit alike
    (a city total such as "30 units with a plan" is not a unit's target)."""
    targets = (
        Target.objects.filter(indicator__program=period.program, year=period.year)
        .filter(Q(unit__isnull=True) | Q(unit=unit) if unit else Q(unit__isnull=True))
        .select_related("indicator")
    )
    out: dict[int, Decimal] = {}
    for t in sorted(targets, key=lambda t: t.unit_id is not None):
        ind = t.indicator
        applies_to_units = ind.value_type == ValueType.PERCENT or ind.aggregation in (
            Aggregation.MEAN,
            Aggregation.WEIGHTED_MEAN,
        )
        if unit is None or t.unit_id is not None or applies_to_units:
            out[t.indicator_id] = t.value
    return out


def report_list(*, user: Any, period: ReportingPeriod | None = None) -> QuerySet[Report]:
    qs = visible(Report.objects.select_related("unit", "period"), user)
    return qs.filter(period=period) if period else qs


# -- board ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BoardUnit:
    """What the board shows of a unit: a national board lists thousands, so not model instances."""

    pk: int
    code: str
    name: str
    unit_type: str
    sort_key: str

    @property
    def full_name(self) -> str:
        return unit_full_name(self.unit_type, self.name)

    def __str__(self) -> str:
        return self.full_name


@dataclass(frozen=True, slots=True)
class BoardReport:
    """What the board shows of a unit's report."""

    pk: int
    status: str
    submitted_at: datetime | None

    def get_absolute_url(self) -> str:
        return reverse("reporting:report_detail", args=[self.pk])


@dataclass
class BoardRow:
    unit: BoardUnit
    report: BoardReport | None
    status: str
    late: bool


@dataclass
class Board:
    period: ReportingPeriod
    rows: list[BoardRow]
    counts: Counter = field(default_factory=Counter)
    late: int = 0

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def done_percent(self) -> int:
        done = self.counts[ReportStatus.APPROVED] + self.counts[ReportStatus.SIGNED_OFF]
        return round(done * 100 / self.total) if self.total else 0


# Up to this many units, the board asks for their reports by id; above, for the period's.
BOARD_UNITS_LISTED = 500


def period_board(*, period: ReportingPeriod, user: Any, today: date | None = None) -> Board:
    """Every expected unit in the user's scope with its report's state; late ones flagged.

    A unit is late when the deadline has passed and it has not submitted, or when it
    submitted after the deadline. Two queries: units, then reports.
    """
    today = today or date.today()
    units = [
        BoardUnit(*values)
        for values in visible(period_expected_units(period=period), user).values_list(
            "pk", "code", "name", "unit_type", "sort_key"
        )
    ]
    reports_of_period = Report.objects.filter(period=period)
    if len(units) <= BOARD_UNITS_LISTED:
        reports_of_period = reports_of_period.filter(unit_id__in=[u.pk for u in units])
    # (A larger scope takes all the period's reports, a few thousand at most, and keeps its own
    # below: a list of thousands of ids costs more to send than the rows it would save.)
    fields = ("unit_id", "pk", "status", "submitted_at")
    reports = {unit_id: BoardReport(*rest) for unit_id, *rest in reports_of_period.values_list(*fields)}
    rows = []
    counts: Counter = Counter()
    late_count = 0
    for unit in units:
        report = reports.get(unit.pk)
        status = report.status if report else NOT_STARTED
        if report and report.submitted_at:
            late = report.submitted_at.date() > period.due_on
        else:
            late = today > period.due_on and status in (NOT_STARTED, ReportStatus.DRAFT, ReportStatus.RETURNED)
        counts[status] += 1
        late_count += late
        rows.append(BoardRow(unit=unit, report=report, status=status, late=late))
    return Board(period=period, rows=rows, counts=counts, late=late_count)


# -- aggregate -----------------------------------------------------------------------------


@dataclass
class AggregateRow:
    indicator: Indicator
    reported: int
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    flag_yes: int = 0
    target: Decimal | None = None
    progress: str = ""  # achieved / at_risk / not_achieved / ""
    display: str = ""

    @property
    def number(self) -> Decimal | None:
        return self.value

    @property
    def comparable(self) -> Decimal | None:
        if self.indicator.value_type == ValueType.RATIO:
            if self.numerator is not None and self.denominator:
                return self.numerator * 100 / self.denominator
            return None
        if self.indicator.aggregation == Aggregation.COUNT_YES:
            return Decimal(self.flag_yes)
        return self.value


def _progress(value: Decimal | None, target: Decimal | None, direction: str) -> str:
    if value is None or target is None:
        return ""
    if direction == Direction.LOWER:
        if value <= target:
            return "achieved"
        return "at_risk" if value <= target * Decimal("1.1") else "not_achieved"
    if value >= target:
        return "achieved"
    return "at_risk" if value >= target * Decimal("0.9") else "not_achieved"


AGGREGATE_CACHE_SECONDS = 15 * 60


def _period_stamp(period: ReportingPeriod) -> str:
    """Changes whenever a figure of the period can change: every write to a report's values
    or status saves the report (updated_at), and a new report adds to the count."""
    row = Report.objects.filter(period=period).aggregate(changed=Max("updated_at"), n=Count("id"))
    return f"{row['n']}:{row['changed'].timestamp() if row['changed'] else 0}"


def period_aggregate(*, period: ReportingPeriod, user: Any) -> list[AggregateRow]:
    """The city's figure for every indicator of the period, from counted reports in scope,
    with the city's target and the progress against it.

    The figures are cached per period and scope until a report of the period changes: the
    stamp costs one indexed query, the computation at national scale a few hundred
    milliseconds. Targets are read fresh each time (one small query), so no signal is needed.
    """
    scope = scope_for(user)
    scope_key = repr((scope.unrestricted, scope.unit_paths, settings.KHCN_PROVINCE_CODE))
    key = f"khcn:aggregate:{period.pk}:{hashlib.sha256(scope_key.encode()).hexdigest()[:20]}"
    stamp = _period_stamp(period)
    hit = cache.get(key)
    if hit is not None and hit[0] == stamp:
        figures: list[AggregateRow] = hit[1]
    else:
        figures = _compute_aggregate(period=period, user=user)
        cache.set(key, (stamp, figures), AGGREGATE_CACHE_SECONDS)
    targets = targets_for(period=period, unit=None)
    out = []
    for figure in figures:
        row = replace(figure, target=targets.get(figure.indicator.pk))
        row.progress = _progress(row.comparable, row.target, row.indicator.direction)
        out.append(row)
    return out


def _compute_aggregate(*, period: ReportingPeriod, user: Any) -> list[AggregateRow]:
    """Sum, mean, ratio (sum of numerators over sum of denominators), count of "yes", or a
    mean weighted by another indicator of the same report; without targets."""
    items = form_items(period=period)
    reports = visible(Report.objects.filter(period=period, status__in=COUNTED_STATUSES), user)
    root = deployment_path(period.data_to)
    reports = reports.filter(unit__path__startswith=root) if root is not None else reports.none()
    values = Value.objects.filter(report__in=reports)
    grouped = {
        row["indicator_id"]: row
        for row in values.values("indicator_id").annotate(
            n=Count("id", filter=Q(number__isnull=False) | Q(numerator__isnull=False) | Q(flag__isnull=False)),
            total=Sum("number"),
            mean=Avg("number"),
            num=Sum("numerator"),
            den=Sum("denominator"),
            yes=Count("id", filter=Q(flag=True)),
        )
    }
    weighted = {
        ind.pk: ind.weight_id for ind, _r in items if ind.aggregation == Aggregation.WEIGHTED_MEAN and ind.weight_id
    }
    weighted_sums: dict[int, tuple[Decimal | None, Decimal | None]] = {}
    if weighted:
        # Two plain indexed reads joined in memory: a correlated subquery per row was the
        # slowest part of this page at national scale (bench/out/reporting-explain.txt).
        weights = {
            (report_id, indicator_id): number
            for report_id, indicator_id, number in values.filter(
                indicator_id__in=set(weighted.values()), number__isnull=False
            ).values_list("report_id", "indicator_id", "number")
        }
        sums: dict[int, list[Decimal]] = {}
        for report_id, indicator_id, number in values.filter(
            indicator_id__in=list(weighted), number__isnull=False
        ).values_list("report_id", "indicator_id", "number"):
            weight = weights.get((report_id, weighted[indicator_id]))
            if weight is not None and number is not None:
                acc = sums.setdefault(indicator_id, [Decimal(0), Decimal(0)])
                acc[0] += number * weight
                acc[1] += weight
        weighted_sums = {iid: (acc[0], acc[1]) for iid, acc in sums.items()}
    out = []
    for ind, _required in items:
        g = grouped.get(ind.pk, {})
        row = AggregateRow(indicator=ind, reported=g.get("n", 0))
        agg = ind.aggregation
        if ind.value_type == ValueType.RATIO:
            row.numerator, row.denominator = g.get("num"), g.get("den")
        elif agg == Aggregation.SUM:
            row.value = g.get("total")
        elif agg == Aggregation.MEAN:
            row.value = g.get("mean")
        elif agg == Aggregation.WEIGHTED_MEAN:
            wsum, wtotal = weighted_sums.get(ind.pk, (None, None))
            row.value = wsum / wtotal if wsum is not None and wtotal else g.get("mean")
        elif agg == Aggregation.COUNT_YES:
            row.flag_yes = g.get("yes", 0)
        if row.value is not None:
            row.value = Decimal(row.value)
        out.append(row)
    return out


def indicator_breakdown(
    *, period: ReportingPeriod, indicator: Indicator, user: Any
) -> list[tuple[AdminUnit, Report | None, Value | None]]:
    """Drill-down: each expected unit in scope with its report and its value of `indicator`."""
    units = list(visible(period_expected_units(period=period), user))
    reports = {r.unit_id: r for r in Report.objects.filter(period=period, unit__in=units)}
    values = {v.report_id: v for v in Value.objects.filter(report__in=reports.values(), indicator=indicator)}
    out = []
    for unit in units:
        report = reports.get(unit.pk)
        out.append((unit, report, values.get(report.pk) if report else None))
    return out


# -- home-page cards -----------------------------------------------------------------------
# Each read below costs a fixed number of queries, whatever the number of periods, units and
# reports: the home page stays as fast for the city as for one commune.

SENT_STATUSES = COUNTED_STATUSES


def open_period_list(*, today: date) -> list[ReportingPeriod]:
    """Periods open today (a unit may start, save and send its report), nearest deadline first."""
    return list(
        ReportingPeriod.objects.filter(state_q(OPEN, today)).select_related("program", "form").order_by("due_on", "pk")
    )


def _expected(period: ReportingPeriod, unit: AdminUnit) -> bool:
    """`unit` reports in `period`: its level fills the form and it was in force at the end of
    the data window, as in period_expected_units."""
    return unit.level in (period.form.unit_levels or [UnitLevel.COMMUNE]) and unit.is_current(period.data_to)


def report_to_fill_list(*, user: Any, today: date) -> list[tuple[ReportingPeriod, AdminUnit, Report | None]]:
    """The reports the user's units still have to send in the open periods: not started,
    or a draft (returned reports have a card of their own). Three queries."""
    periods = open_period_list(today=today)
    if not periods:
        return []
    levels = {lvl for p in periods for lvl in (p.form.unit_levels or [UnitLevel.COMMUNE])}
    units = list(
        visible(AdminUnit.objects.filter(level__in=levels), user, action="fill")
        .order_by("sort_key")
        .only("pk", "name", "unit_type", "level", "valid_from", "valid_to")
    )
    reports = {(r.period_id, r.unit_id): r for r in Report.objects.filter(period__in=periods, unit__in=units)}
    out = []
    for period in periods:
        for unit in units:
            report = reports.get((period.pk, unit.pk))
            if _expected(period, unit) and (report is None or report.status == ReportStatus.DRAFT):
                out.append((period, unit, report))
    return out


def report_returned_list(*, user: Any) -> QuerySet[Report]:
    """Reports the Department returned to the user's units, with the reviewer's reason: the
    message of the last "return" event, the one the report's history shows."""
    reason = ReportEvent.objects.filter(report=OuterRef("pk"), action="return").order_by("-created_at", "-pk")
    return (
        visible(Report.objects.filter(status=ReportStatus.RETURNED), user, action="fill")
        .select_related("unit", "period")
        .annotate(return_reason=Subquery(reason.values("message")[:1]))
        .order_by("period__due_on", "unit__sort_key")
    )


def report_waiting_list(*, user: Any, status: str) -> QuerySet[Report]:
    """Reports in `status` within the user's scope, the longest waiting first: submitted ones
    wait for review, approved ones for a leader's sign-off."""
    since = "submitted_at" if status == ReportStatus.SUBMITTED else "approved_at"
    return (
        visible(Report.objects.filter(status=status), user)
        .select_related("unit", "period")
        .order_by(F(since).asc(nulls_first=True), "pk")
    )


@dataclass
class PeriodUnsent:
    period: ReportingPeriod
    expected: int
    unsent: int


def period_unsent_list(*, user: Any, today: date) -> list[PeriodUnsent]:
    """For each open period, how many expected units in the user's scope have not sent their
    report yet (none, a draft or a returned one). Four queries."""
    periods = open_period_list(today=today)
    if not periods:
        return []
    root = deployment_path(today)
    if root is None:
        return []
    levels = {lvl for p in periods for lvl in (p.form.unit_levels or [UnitLevel.COMMUNE])}
    units = list(
        visible(AdminUnit.objects.filter(path__startswith=root, level__in=levels), user).only(
            "pk", "level", "valid_from", "valid_to"
        )
    )
    sent = set(Report.objects.filter(period__in=periods, status__in=SENT_STATUSES).values_list("period_id", "unit_id"))
    out = []
    for period in periods:
        expected = [u.pk for u in units if _expected(period, u)]
        unsent = sum(1 for pk in expected if (period.pk, pk) not in sent)
        out.append(PeriodUnsent(period=period, expected=len(expected), unsent=unsent))
    return out


@dataclass
class PeriodProgress:
    period: ReportingPeriod
    with_target: int
    achieved: int
    at_risk: int
    not_achieved: int
    expected: int
    sent: int


def period_progress(*, user: Any, today: date) -> PeriodProgress | None:
    """The city's figures against its targets for the open period with the nearest deadline:
    how many indicators that have a target are achieved, at risk, not achieved, and how many
    expected units have sent their report."""
    lines = period_unsent_list(user=user, today=today)
    if not lines:
        return None
    period = lines[0].period
    rows = [row for row in period_aggregate(period=period, user=user) if row.target is not None]
    states = Counter(row.progress for row in rows)
    return PeriodProgress(
        period=period,
        expected=lines[0].expected,
        sent=lines[0].expected - lines[0].unsent,
        with_target=len(rows),
        achieved=states["achieved"],
        at_risk=states["at_risk"],
        not_achieved=states["not_achieved"],
    )
