"""Working sessions and follow-up items under /api/v1/: serializers, filters and viewsets.

The same scopes and services as the pages (`meeting_create`, `item_add`, `item_respond`).
"""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from khcn.accounts.scoping import reference_get, visible
from khcn.core.bounds import api_id, api_version
from khcn.core.drf import Route, StrictSerializer, body_field_errors
from khcn.geo.models import AdminUnit, Organisation, OrganisationKind
from khcn.meetings import selectors as meeting_selectors
from khcn.meetings import services as meeting_services
from khcn.meetings.models import FollowUp, Meeting, MeetingRound

UNKNOWN_UNIT = gettext_lazy("Unknown unit, or a unit outside your scope.")


class MeetingUnitSerializer(serializers.Serializer):
    unit = api_id(source="unit_id")
    unit_name = serializers.CharField(source="unit.full_name")
    prepare = serializers.CharField()
    prepare_by = serializers.DateField(allow_null=True)
    report = api_id(source="report_id", allow_null=True)


class MeetingSerializer(serializers.Serializer):
    id = api_id(read_only=True)
    round = api_id(source="round_id", allow_null=True, read_only=True)
    title = serializers.CharField()
    starts_at = serializers.DateTimeField()
    place = serializers.CharField()
    status = serializers.CharField(read_only=True)
    chair = serializers.CharField()
    co_chair = serializers.CharField()
    version = api_version(read_only=True)


class MeetingDetailSerializer(MeetingSerializer):
    cluster = MeetingUnitSerializer(many=True, read_only=True)
    minutes = serializers.CharField(read_only=True)
    conclusion = serializers.CharField(read_only=True)


class MeetingCreateSerializer(StrictSerializer):
    title = serializers.CharField(max_length=300)
    starts_at = serializers.DateTimeField()
    place = serializers.CharField(max_length=255)
    units = serializers.ListField(child=api_id(), min_length=1)
    round = api_id(required=False, allow_null=True)
    chair = serializers.CharField(required=False, allow_blank=True, default="")
    co_chair = serializers.CharField(required=False, allow_blank=True, default="")


class FollowUpSerializer(StrictSerializer):
    id = api_id(read_only=True)
    kind = serializers.CharField()
    unit = api_id(source="unit_id")
    unit_name = serializers.CharField(source="unit.full_name", read_only=True)
    text = serializers.CharField()
    topic = serializers.CharField(required=False, allow_blank=True)
    assignee_kind = serializers.CharField(required=False)
    assignee_office = api_id(source="assignee_office_id", required=False, allow_null=True)
    assignee_name = serializers.CharField(required=False, allow_blank=True)
    due_on = serializers.DateField(required=False, allow_null=True)
    status = serializers.CharField(read_only=True)
    status_reason = serializers.CharField(read_only=True)
    resolution = serializers.CharField(read_only=True)
    meeting = api_id(source="meeting_id", required=False, allow_null=True)
    source_report = api_id(source="source_report_id", read_only=True, allow_null=True)
    is_overdue = serializers.BooleanField(read_only=True)
    version = api_version(read_only=True)


class FollowUpRespondSerializer(StrictSerializer):
    text = serializers.CharField()
    status = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    resolution = serializers.CharField(required=False, allow_blank=True, default="")
    version = api_version(required=False, allow_null=True, default=None)


class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Working sessions the caller may see: a unit sees the sessions of its cluster."""

    filterset_fields = ["round", "status"]

    def get_queryset(self) -> QuerySet[Meeting]:
        qs = meeting_selectors.meeting_list(user=self.request.user).order_by("-starts_at", "-pk")
        return qs.prefetch_related("cluster__unit") if self.action == "retrieve" else qs

    def get_serializer_class(self) -> Any:
        return MeetingDetailSerializer if self.action == "retrieve" else MeetingSerializer

    @extend_schema(request=MeetingCreateSerializer, responses=MeetingDetailSerializer)
    def create(self, request: Request) -> Response:
        """Create a session for a cluster of units (Department staff)."""
        body = MeetingCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        units = list(visible(AdminUnit.objects.filter(pk__in=data["units"]), request.user, action="change"))
        if len(units) != len(set(data["units"])):
            raise ValidationError({"units": [_("No such unit in your scope. Choose a unit you act for.")]})
        with body_field_errors():
            round_ = None
            if data.get("round") is not None:
                round_ = reference_get(
                    MeetingRound.objects.all(), data["round"], field="round", message=_("No such round.")
                )
        meeting = meeting_services.meeting_create(
            user=request.user,
            title=data["title"],
            starts_at=data["starts_at"],
            place=data["place"],
            units=units,
            round=round_,
            chair=data["chair"],
            co_chair=data["co_chair"],
        )
        return Response(MeetingDetailSerializer(meeting).data, status=status.HTTP_201_CREATED)


class FollowUpApiFilter(django_filters.FilterSet):
    # A number, not a list of choices: the browsable API would otherwise name every session,
    # those of other units too.
    meeting = django_filters.NumberFilter(field_name="meeting_id", label=gettext_lazy("Session id"))

    class Meta:
        model = FollowUp
        fields = ["kind", "status", "unit", "topic", "assignee_office"]


class FollowUpViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Requests and directives in the caller's scope, with the same rules as the pages."""

    serializer_class = FollowUpSerializer
    filterset_class = FollowUpApiFilter

    def get_queryset(self) -> QuerySet[FollowUp]:
        return meeting_selectors.followup_list(user=self.request.user).select_related("unit").order_by("-pk")

    def create(self, request: Request) -> Response:
        """Record a request from a unit (a unit's officer, or the Department) or a directive (the Department)."""
        body = FollowUpSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        with body_field_errors():
            unit = reference_get(
                visible(AdminUnit.objects.all(), request.user, action="change"),
                data["unit_id"],
                field="unit",
                message=_("No such unit in your scope. Choose a unit you act for."),
            )
            meeting = None
            if data.get("meeting_id") is not None:
                meeting = reference_get(
                    meeting_selectors.meeting_list(user=request.user),
                    data["meeting_id"],
                    field="meeting",
                    message=_("No such session in your scope."),
                )
            office = None
            if data.get("assignee_office_id") is not None:
                office = reference_get(
                    Organisation.objects.filter(kind=OrganisationKind.DEPARTMENT_OFFICE),
                    data["assignee_office_id"],
                    field="assignee_office",
                    message=_("No such division of the Department."),
                )
        item = meeting_services.item_add(
            user=request.user,
            unit=unit,
            kind=data["kind"],
            text=data["text"],
            topic=data.get("topic", ""),
            assignee_kind=data.get("assignee_kind") or "office",
            assignee_office=office,
            assignee_name=data.get("assignee_name", ""),
            due_on=data.get("due_on"),
            meeting=meeting,
        )
        return Response(FollowUpSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=FollowUpRespondSerializer, responses=FollowUpSerializer)
    @action(detail=True, methods=["post"])
    def respond(self, request: Request, pk: str | None = None) -> Response:
        """Answer the item and optionally move its status; `version` guards against a stale write (409)."""
        item = self.get_object()
        body = FollowUpRespondSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        meeting_services.item_respond(
            user=request.user,
            item=item,
            text=data["text"],
            status=data["status"],
            reason=data["reason"],
            resolution=data["resolution"],
            expected_version=data["version"],
        )
        item.refresh_from_db()
        return Response(FollowUpSerializer(item).data)


# Served under /api/v1/ by khcn.api, which collects every app's ROUTES.
ROUTES: list[Route] = [
    ("meetings", MeetingViewSet, "meeting"),
    ("followups", FollowUpViewSet, "followup"),
]
