"""/api/v1/ip-statistics/: the province's IP applications and grants by year and kind, read
only. Province-wide figures of the Department: other callers get an empty list, as for records
out of scope (accounts.scoping)."""

import django_filters
from django.db.models import QuerySet
from rest_framework import mixins, serializers, viewsets

from khcn.core.bounds import YEAR_MAX, YEAR_MIN, api_id, api_integer, api_version, api_year
from khcn.core.drf import Route
from khcn.ipstats import selectors
from khcn.ipstats.models import COUNT_MAX, IpKind, IpStatistic


class StatisticSerializer(serializers.Serializer):
    id = api_id(read_only=True)
    year = api_year()
    kind = serializers.ChoiceField(choices=IpKind.choices)
    applications = api_integer(low=0, high=COUNT_MAX)
    grants = api_integer(low=0, high=COUNT_MAX)
    data_source = serializers.CharField(source="source")
    note = serializers.CharField()
    version = api_version(read_only=True)


class StatisticFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(min_value=YEAR_MIN, max_value=YEAR_MAX)
    year_from = django_filters.NumberFilter(
        field_name="year", lookup_expr="gte", min_value=YEAR_MIN, max_value=YEAR_MAX
    )
    year_to = django_filters.NumberFilter(field_name="year", lookup_expr="lte", min_value=YEAR_MIN, max_value=YEAR_MAX)
    kind = django_filters.ChoiceFilter(choices=IpKind.choices)

    class Meta:
        model = IpStatistic
        fields = ["year", "year_from", "year_to", "kind"]


class StatisticViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The province's figures, newest year first."""

    serializer_class = StatisticSerializer
    filterset_class = StatisticFilter

    def get_queryset(self) -> QuerySet[IpStatistic]:
        if not self.request.user.has_perm("ipstats.view_statistics"):
            return IpStatistic.objects.none()
        return selectors.statistic_list(user=self.request.user).order_by("-year", "kind", "pk")


ROUTES: list[Route] = [("ip-statistics", StatisticViewSet, "ip-statistic")]
