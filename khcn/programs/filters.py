import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from khcn.core.forms import KhcnFilterSet
from khcn.geo.models import AdminUnit
from khcn.programs.models import Indicator, PeriodKind, Program, ReportingPeriod, Target
from khcn.programs.selectors import state_q
from khcn.programs.tables import STATE_LABELS


class ProgramFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")

    class Meta:
        model = Program
        fields = ["q"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """A part of the code, the name or the issuing body."""
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value) | Q(issuing_body__icontains=value))


class TargetFilter(KhcnFilterSet):
    indicator = django_filters.ModelChoiceFilter(
        label=_("Indicator"), queryset=Indicator.objects.none(), empty_label=_("All indicators")
    )
    year = django_filters.NumberFilter(label=_("Year"), min_value=2000, max_value=2100)
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit"), queryset=AdminUnit.objects.none(), empty_label=_("All units"), method="by_unit"
    )

    class Meta:
        model = Target
        fields = ["indicator", "year", "unit"]

    def __init__(self, *args, program: Program, units: QuerySet, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.filters["indicator"].queryset = program.indicators.order_by("group__position", "position", "code")
        self.filters["unit"].queryset = units

    def by_unit(self, queryset: QuerySet, name: str, value: AdminUnit) -> QuerySet:
        return queryset.filter(unit=value)


class PeriodFilter(KhcnFilterSet):
    program = django_filters.ModelChoiceFilter(
        label=_("Programme"), queryset=Program.objects.order_by("-start_year", "code"), empty_label=_("All programmes")
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PeriodKind.choices, empty_label=_("All kinds"))
    year = django_filters.NumberFilter(label=_("Year"), min_value=2000, max_value=2100)
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=list(STATE_LABELS.items()),
        empty_label=_("All"),
        method="by_state",
    )

    class Meta:
        model = ReportingPeriod
        fields = ["program", "kind", "year", "state"]

    def by_state(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(state_q(value))
