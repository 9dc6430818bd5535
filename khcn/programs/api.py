"""/api/v1/ of the programs app: programmes, their indicators and the reporting periods (read only).

What a programme asks of the units is no secret to any signed-in user: every unit's officer
fills the forms built from it. Setting programmes up stays on the pages (Department staff).
"""

import django_filters
from django.db.models import QuerySet
from rest_framework import mixins, serializers, viewsets

from khcn.core.bounds import ID_MAX, YEAR_MAX, YEAR_MIN, api_id, api_integer, api_version, api_year
from khcn.core.drf import Route
from khcn.programs import selectors
from khcn.programs.models import Indicator, PeriodKind, Program, ReportingPeriod

POSITION_MAX = 32767  # PositiveSmallIntegerField


class IndicatorSerializer(serializers.Serializer):
    id = api_id(read_only=True)
    program = api_id(source="program_id")
    group = api_id(source="group_id", allow_null=True)
    group_code = serializers.CharField(source="group.code", default="")
    code = serializers.CharField()
    name = serializers.CharField()
    value_type = serializers.CharField()
    unit_of_measure = serializers.CharField()
    direction = serializers.CharField()
    aggregation = serializers.CharField()
    numerator_label = serializers.CharField()
    denominator_label = serializers.CharField()
    position = api_integer(low=0, high=POSITION_MAX)
    guidance = serializers.CharField(source="help_text")
    record_source = serializers.CharField()
    version = api_version(read_only=True)


class ProgramSerializer(serializers.Serializer):
    id = api_id(read_only=True)
    code = serializers.CharField()
    name = serializers.CharField()
    issuing_body = serializers.CharField()
    issued_on = serializers.DateField(allow_null=True)
    start_year = api_year()
    end_year = api_year()
    successor = api_id(source="successor_id", allow_null=True)
    indicator_count = api_integer(low=0, high=ID_MAX, read_only=True)
    period_count = api_integer(low=0, high=ID_MAX, read_only=True)
    version = api_version(read_only=True)


class PeriodSerializer(serializers.Serializer):
    id = api_id(read_only=True)
    program = api_id(source="program_id")
    form = api_id(source="form_id")
    kind = serializers.CharField()
    year = api_year()
    name = serializers.CharField()
    data_from = serializers.DateField()
    data_to = serializers.DateField()
    opens_on = serializers.DateField()
    due_on = serializers.DateField()
    closes_on = serializers.DateField(allow_null=True)
    previous = api_id(source="previous_id", allow_null=True)
    state = serializers.SerializerMethodField()
    report_count = api_integer(low=0, high=ID_MAX, read_only=True)
    version = api_version(read_only=True)

    def get_state(self, period: ReportingPeriod) -> str:
        """upcoming, open or closed, today."""
        return selectors.period_state(period)


class ProgramFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(
        min_value=YEAR_MIN, max_value=YEAR_MAX, method="filter_year", label="Programmes running in this year"
    )

    class Meta:
        model = Program
        fields = ["code"]

    def filter_year(self, queryset: QuerySet[Program], name: str, value: int) -> QuerySet[Program]:
        return queryset.filter(start_year__lte=value, end_year__gte=value)


class IndicatorFilter(django_filters.FilterSet):
    class Meta:
        model = Indicator
        fields = ["program", "group", "value_type", "code"]


class PeriodFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(min_value=YEAR_MIN, max_value=YEAR_MAX)
    kind = django_filters.ChoiceFilter(choices=PeriodKind.choices)
    state = django_filters.ChoiceFilter(
        choices=[(selectors.UPCOMING, "upcoming"), (selectors.OPEN, "open"), (selectors.CLOSED, "closed")],
        method="filter_state",
    )

    class Meta:
        model = ReportingPeriod
        fields = ["program", "year", "kind"]

    def filter_state(self, queryset: QuerySet[ReportingPeriod], name: str, value: str) -> QuerySet[ReportingPeriod]:
        return queryset.filter(selectors.state_q(value))


class ProgramViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The programmes units report on, with how many indicators and periods each has."""

    serializer_class = ProgramSerializer
    filterset_class = ProgramFilter

    def get_queryset(self) -> QuerySet[Program]:
        return selectors.program_list().order_by("-start_year", "code", "pk")


class IndicatorViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The indicators of the programmes, in each programme's order."""

    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter

    def get_queryset(self) -> QuerySet[Indicator]:
        return Indicator.objects.select_related("group").order_by("program_id", "position", "pk")


class PeriodViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Reporting periods: what is reported, over which dates, and when it is due."""

    serializer_class = PeriodSerializer
    filterset_class = PeriodFilter

    def get_queryset(self) -> QuerySet[ReportingPeriod]:
        return selectors.period_list().order_by("-year", "-opens_on", "pk")


ROUTES: list[Route] = [
    ("programs", ProgramViewSet, "program"),
    ("indicators", IndicatorViewSet, "indicator"),
    ("periods", PeriodViewSet, "period"),
]
