"""Reads for the setup pages: programmes with their contents, targets, periods.

None of these records belongs to a unit (targets excepted, whose unit is only a label of the
plan), so they are not scoped; the pages are the Department's (permissions.py). Each read
costs a fixed number of queries whatever the size of the programme.
"""

from dataclasses import dataclass, field
from datetime import date

from django.apps import apps
from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from khcn.geo.models import AdminUnit, UnitLevel
from khcn.programs.models import (
    CrossRule,
    FormIndicator,
    Indicator,
    IndicatorGroup,
    Program,
    ReportForm,
    ReportingPeriod,
    Target,
)

UPCOMING, OPEN, CLOSED = "upcoming", "open", "closed"


def program_list() -> QuerySet[Program]:
    """Programmes with how many indicators and periods each has, and what follows them."""
    return Program.objects.select_related("successor").annotate(
        indicator_count=Count("indicators", distinct=True), period_count=Count("periods", distinct=True)
    )


@dataclass
class GroupBlock:
    group: IndicatorGroup
    indicators: list[Indicator] = field(default_factory=list)


@dataclass
class ProgramSetup:
    program: Program
    groups: list[GroupBlock]
    forms: list[ReportForm]
    periods: list[ReportingPeriod]
    predecessors: list[Program]
    target_count: int


def program_setup(*, program: Program) -> ProgramSetup:
    """Everything a programme's page shows: groups with their indicators in order, forms with
    their items and rules, periods with their number of reports (seven queries)."""
    indicators = list(program.indicators.select_related("weight").order_by("position", "code"))
    blocks = [GroupBlock(group=g) for g in program.groups.order_by("position", "code")]
    by_group = {block.group.pk: block for block in blocks}
    for ind in indicators:
        by_group[ind.group_id].indicators.append(ind)
    forms = list(
        program.forms.order_by("name").prefetch_related(
            Prefetch("items", queryset=FormIndicator.objects.select_related("indicator").order_by("position")),
            Prefetch("rules", queryset=CrossRule.objects.select_related("left", "right").order_by("pk")),
        )
    )
    return ProgramSetup(
        program=program,
        groups=blocks,
        forms=forms,
        periods=list(period_list().filter(program=program)),
        predecessors=list(program.predecessors.order_by("-start_year")),
        target_count=Target.objects.filter(indicator__program=program).count(),
    )


def form_get(*, pk: int) -> ReportForm:
    return ReportForm.objects.select_related("program").get(pk=pk)


def form_setup(*, form: ReportForm) -> tuple[list[tuple[Indicator, FormIndicator | None]], list[CrossRule]]:
    """Each indicator of the form's programme with its item in the form (None: not asked),
    in the programme's order; and the form's cross rules."""
    items = {fi.indicator_id: fi for fi in form.items.all()}
    indicators = Indicator.objects.filter(program=form.program_id).select_related("group")
    rows = [(ind, items.get(ind.pk)) for ind in indicators.order_by("group__position", "position", "code")]
    rules = list(form.rules.select_related("left", "right").order_by("pk"))
    return rows, rules


def target_units(*, program: Program) -> QuerySet[AdminUnit]:
    """Units a target of `program` may name: the levels its forms ask for, in the deployment's
    province, in force at some time during the programme's years."""
    levels = sorted({level for form in program.forms.all() for level in form.unit_levels}) or [UnitLevel.COMMUNE]
    first, last = date(program.start_year, 1, 1), date(program.end_year, 12, 31)
    units = AdminUnit.objects.filter(level__in=levels, valid_from__lte=last).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=first)
    )
    if settings.KHCN_PROVINCE_CODE:
        province = (
            AdminUnit.objects.filter(level=UnitLevel.PROVINCE, code=settings.KHCN_PROVINCE_CODE)
            .values_list("path", flat=True)
            .first()
        )
        units = units.filter(path__startswith=province) if province else units.none()
    return units.order_by("level", "sort_key")


def target_list(*, program: Program) -> QuerySet[Target]:
    return Target.objects.filter(indicator__program=program).select_related("indicator", "unit")


def period_list() -> QuerySet[ReportingPeriod]:
    """Periods with their programme, form and number of reports."""
    return ReportingPeriod.objects.select_related("program", "form", "previous").annotate(report_count=Count("reports"))


def period_state(period: ReportingPeriod, today: date | None = None) -> str:
    today = today or timezone.localdate()
    if today < period.opens_on:
        return UPCOMING
    if period.closes_on is not None and today > period.closes_on:
        return CLOSED
    return OPEN


def state_q(state: str, today: date | None = None) -> Q:
    today = today or timezone.localdate()
    if state == UPCOMING:
        return Q(opens_on__gt=today)
    if state == CLOSED:
        return Q(closes_on__lt=today)
    return Q(opens_on__lte=today) & (Q(closes_on__isnull=True) | Q(closes_on__gte=today))


def reminder_days() -> list[int]:
    """Days from the deadline on which units are reminded: one list for every period.

    The rules are reporting's (ReminderRule); they are read by app label because reporting
    sits above this app, and shown read-only on a period's page.
    """
    rule = apps.get_model("reporting", "ReminderRule")
    return list(rule.objects.filter(is_active=True).order_by("days_from_due").values_list("days_from_due", flat=True))
