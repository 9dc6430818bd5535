"""/api/v1/city-reports/: the Department's reports to the city, read only. They are the
Department's own business: other callers get an empty list, as for records out of scope."""

import django_filters
from django.db.models import QuerySet
from rest_framework import mixins, serializers, viewsets

from khcn.citywork import selectors
from khcn.citywork.models import CityReport, ReportKind, ReportStatus
from khcn.core.bounds import YEAR_MAX, YEAR_MIN, api_id, api_version, api_year
from khcn.core.drf import Route


class CityReportSerializer(serializers.Serializer):
    id = api_id(read_only=True)
    kind = serializers.CharField()
    recipient = serializers.CharField()
    year = api_year()
    number = serializers.CharField()
    title = serializers.CharField()
    results = serializers.CharField()
    difficulties = serializers.CharField()
    proposals = serializers.CharField()
    next_tasks = serializers.CharField()
    status = serializers.CharField()
    sent_on = serializers.DateField(allow_null=True)
    meeting = api_id(source="meeting_id", allow_null=True)
    version = api_version(read_only=True)


class CityReportFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(min_value=YEAR_MIN, max_value=YEAR_MAX)
    kind = django_filters.ChoiceFilter(choices=ReportKind.choices)
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices)

    class Meta:
        model = CityReport
        fields = ["year", "kind", "status"]


class CityReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The Department's reports to the city, newest year first."""

    serializer_class = CityReportSerializer
    filterset_class = CityReportFilter

    def get_queryset(self) -> QuerySet[CityReport]:
        if not self.request.user.has_perm("citywork.view_city"):
            return CityReport.objects.none()
        return selectors.report_list()


ROUTES: list[Route] = [("city-reports", CityReportViewSet, "city-report")]
