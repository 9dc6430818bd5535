"""Periodic reports under /api/v1/: serializers and viewsets.

Writes go through the same services as the report page (`report_save`, the review moves).
"""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from khcn.accounts.scoping import visible
from khcn.core.bounds import api_decimal, api_id, api_version
from khcn.core.drf import Route, StrictSerializer
from khcn.core.numbers import VALUE_MAX
from khcn.reporting import selectors as report_selectors
from khcn.reporting import services as report_services
from khcn.reporting.formatting import entry_strings
from khcn.reporting.models import Report
from khcn.reporting.validation import Entry


class ValueSerializer(serializers.Serializer):
    indicator = serializers.CharField(source="indicator.code")
    name = serializers.CharField(source="indicator.name")
    value_type = serializers.CharField(source="indicator.value_type")
    number = api_decimal(low=-VALUE_MAX, high=VALUE_MAX, max_digits=20, decimal_places=4, allow_null=True)
    numerator = api_decimal(low=-VALUE_MAX, high=VALUE_MAX, max_digits=20, decimal_places=4, allow_null=True)
    denominator = api_decimal(low=-VALUE_MAX, high=VALUE_MAX, max_digits=20, decimal_places=4, allow_null=True)
    flag = serializers.BooleanField(allow_null=True)
    date_value = serializers.DateField(allow_null=True)
    text = serializers.CharField()
    explanation = serializers.CharField()
    display = serializers.CharField()


class ReportSerializer(serializers.Serializer):
    id = api_id()
    period = serializers.CharField(source="period.name")
    period_id = api_id()
    unit = serializers.CharField(source="unit.full_name")
    unit_id = api_id()
    status = serializers.CharField()
    version = api_version()
    submitted_at = serializers.DateTimeField(allow_null=True)


class ReportDetailSerializer(ReportSerializer):
    values = ValueSerializer(many=True, source="values.all")
    sections = serializers.SerializerMethodField()

    def get_sections(self, report: Any) -> dict[str, str]:
        return {s.key: s.text for s in report.sections.all()}


class EntrySerializer(StrictSerializer):
    # A text value is stored in 500 characters; numbers are far shorter.
    value = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
    numerator = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    denominator = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    explanation = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class ReportWriteSerializer(StrictSerializer):
    version = api_version(help_text="The report version the edit is based on.")
    values = serializers.DictField(
        child=EntrySerializer(),
        required=False,
        default=dict,
        help_text='By indicator code, e.g. {"A1": {"value": "1.200"}}',
    )
    sections = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=20000), required=False, default=dict
    )
    submit = serializers.BooleanField(required=False, default=False)


class ReviewSerializer(StrictSerializer):
    action = serializers.ChoiceField(choices=["return", "approve", "sign_off", "reopen"])
    message = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Reports in the caller's scope; values are written through the same service as the page."""

    filterset_fields = ["period", "unit", "status"]

    def get_queryset(self) -> QuerySet[Report]:
        qs = visible(
            Report.objects.select_related("period", "unit").order_by("period", "unit__sort_key"), self.request.user
        )
        if self.action == "retrieve":
            qs = qs.prefetch_related("values__indicator", "sections")
        return qs

    def get_serializer_class(self) -> Any:
        return ReportDetailSerializer if self.action == "retrieve" else ReportSerializer

    @extend_schema(request=ReportWriteSerializer, responses=ReportDetailSerializer)
    @action(detail=True, methods=["post"])
    def save(self, request: Request, pk: str | None = None) -> Response:
        """Save values (by indicator code) and narrative; `submit` also submits."""
        report = self.get_object()
        body = ReportWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        items = {ind.code: ind for ind, _r in report_selectors.form_items(period=report.period)}
        unknown = sorted(set(body.validated_data["values"]) - set(items))
        if unknown:
            raise ValidationError(
                {"values": [gettext("Unknown indicator: %(code)s") % {"code": code} for code in unknown]}
            )
        entries = {items[code].pk: Entry(**data) for code, data in body.validated_data["values"].items()}
        stored = {v.indicator_id: v for v in report.values.all()}
        for ind in items.values():  # a partial write keeps what is stored for the rest
            if ind.pk not in entries:
                strings = entry_strings(stored.get(ind.pk), ind)
                entries[ind.pk] = Entry(**strings)
        outcome = report_services.report_save(
            report=report,
            user=request.user,
            entries=entries,
            sections=body.validated_data["sections"],
            expected_version=body.validated_data["version"],
            submit=body.validated_data["submit"],
        )
        codes = {ind.pk: code for code, ind in items.items()}
        if not outcome.ok:
            return Response(
                {
                    "detail": _("Some values are not valid and were not saved; the valid ones were saved as a draft."),
                    "errors": {
                        codes[iid]: [{"code": p.code, "message": p.message} for p in problems]
                        for iid, problems in outcome.errors.items()
                    },
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        report.refresh_from_db()
        return Response(ReportDetailSerializer(report).data)

    @extend_schema(request=ReviewSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str | None = None) -> Response:
        report = self.get_object()
        body = ReviewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        move = {
            "return": report_services.report_return,
            "approve": report_services.report_approve,
            "sign_off": report_services.report_sign_off,
            "reopen": report_services.report_reopen,
        }
        move[body.validated_data["action"]](report=report, user=request.user, message=body.validated_data["message"])
        report.refresh_from_db()
        return Response(ReportSerializer(report).data)


# Served under /api/v1/ by khcn.api, which collects every app's ROUTES.
ROUTES: list[Route] = [
    ("reports", ReportViewSet, "report"),
]
