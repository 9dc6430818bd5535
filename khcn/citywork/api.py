"""/api/v1/city-reports/ and /api/v1/city-board/: the Department's reports to the city and the
figures the city ranks it on, read only. They are the Department's own business: other callers
get an empty list, as for records out of scope."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from khcn.citywork import selectors
from khcn.citywork.models import RANK_MAX, CityReport, ReportKind, ReportStatus
from khcn.core.bounds import YEAR_MAX, YEAR_MIN, api_id, api_integer, api_version, api_year
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


FIGURE_MAX = 10**15  # a count or an amount in VND; rates are 0-100


class BoardRowSerializer(serializers.Serializer):
    number = api_integer(low=1, high=1000)
    key = serializers.CharField(help_text="The figure's stable name (khcn/core/city_figures.py).")
    label = serializers.CharField()  # type: ignore[assignment]
    group = serializers.CharField()
    value = serializers.FloatField(
        allow_null=True, min_value=0, max_value=FIGURE_MAX, help_text="Null when nothing is recorded to count."
    )
    shown = serializers.CharField(help_text="The value as the board prints it (Vietnamese digit grouping, %).")
    url = serializers.CharField(help_text="The list of exactly the records counted.")
    national_rank = api_integer(low=1, high=RANK_MAX, source="rank.national_rank", allow_null=True, default=None)
    rank_source = serializers.CharField(source="rank.source", allow_null=True, default=None)


class CityBoardViewSet(viewsets.GenericViewSet):
    """The city board of one year (`year`, this year if left out): every registered figure,
    computed from the records, with the national rank entered for it."""

    serializer_class = BoardRowSerializer
    filter_backends: list[Any] = []

    @extend_schema(parameters=[OpenApiParameter("year", int, description=f"{YEAR_MIN}-{YEAR_MAX}")])
    def list(self, request: Request) -> Response:
        raw = request.query_params.get("year", "")
        if raw and (not raw.isdigit() or not YEAR_MIN <= int(raw) <= YEAR_MAX):
            message = _("Choose a year between %(low)s and %(high)s.") % {"low": YEAR_MIN, "high": YEAR_MAX}
            raise ValidationError({"year": [message]})
        year = int(raw) if raw else timezone.localdate().year
        rows = selectors.board(year=year) if request.user.has_perm("citywork.view_city") else []
        page: list[Any] | None = self.paginate_queryset(rows)  # type: ignore[arg-type]
        return self.get_paginated_response(self.get_serializer(page if page is not None else rows, many=True).data)


ROUTES: list[Route] = [
    ("city-reports", CityReportViewSet, "city-report"),
    ("city-board", CityBoardViewSet, "city-board"),
]
