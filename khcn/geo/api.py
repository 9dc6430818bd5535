"""The unit registry and organisations under /api/v1/: serializers and viewsets.

The `api` app only assembles the routes; scoping is the pages' (`accounts.scoping.visible`).
"""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from khcn.accounts.scoping import visible
from khcn.core.bounds import api_range_messages, api_version
from khcn.core.concurrency import StaleObjectError
from khcn.core.drf import Route, StrictModelSerializer
from khcn.core.text import fold
from khcn.geo import selectors
from khcn.geo.models import AdminUnit, Organisation
from khcn.geo.services import organisation_create, organisation_delete, organisation_update


class AdminUnitSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(read_only=True)

    class Meta:
        model = AdminUnit
        fields = [
            "id",
            "code",
            "name",
            "full_name",
            "unit_type",
            "level",
            "parent",
            "valid_from",
            "valid_to",
            "latitude",
            "longitude",
        ]
        extra_kwargs = {
            "latitude": {"min_value": -90, "max_value": 90, "error_messages": api_range_messages(-90, 90)},
            "longitude": {"min_value": -180, "max_value": 180, "error_messages": api_range_messages(-180, 180)},
        }


class CurrentUnitSerializer(serializers.Serializer):
    unit = AdminUnitSerializer()
    kind = serializers.CharField()
    via = AdminUnitSerializer(many=True)


class OrganisationSerializer(StrictModelSerializer):
    version = api_version(required=False, help_text="Version the edit is based on.")

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "short_name",
            "kind",
            "unit",
            "parent",
            "tax_code",
            "address",
            "phone",
            "email",
            "website",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None and "version" not in attrs:
            raise serializers.ValidationError({"version": gettext("Send the version your edit is based on.")})
        return attrs


class AdminUnitViewSet(viewsets.ReadOnlyModelViewSet):
    """The unit registry (reference data, readable by every signed-in user)."""

    serializer_class = AdminUnitSerializer
    queryset = AdminUnit.objects.all()
    filterset_fields = ["level", "unit_type", "code", "parent"]

    @extend_schema(parameters=[OpenApiParameter("q", str, description="Name, with or without diacritics")])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[AdminUnit]:
        qs = AdminUnit.objects.all()
        q = self.request.query_params.get("q")
        if q:
            qs = qs.filter(name_folded__contains=fold(q))
        return qs

    # A plain list: neither paged nor filtered (the schema said paged, and the list's filters applied).
    @extend_schema(responses=CurrentUnitSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def current(self, request: Request, pk: str | None = None) -> Response:
        """Which unit(s) in force today a (former) unit passed into."""
        found = selectors.unit_current_successors(unit=self.get_object())
        return Response(CurrentUnitSerializer(found, many=True).data)


class OrganisationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Organisations in the caller's scope; edits carry the version they are based on."""

    serializer_class = OrganisationSerializer
    filterset_fields = ["kind", "unit"]

    def get_queryset(self) -> QuerySet[Organisation]:
        return visible(Organisation.objects.all(), self.request.user)

    def perform_create(self, serializer: Any) -> None:
        data = {k: v for k, v in serializer.validated_data.items() if k != "version"}
        try:
            serializer.instance = organisation_create(user=self.request.user, data=data)
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        org = self.get_object()
        serializer = self.get_serializer(org, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        expected = serializer.validated_data.pop("version")
        for key, value in serializer.validated_data.items():
            setattr(org, key, value)
        try:
            organisation_update(user=request.user, organisation=org, expected_version=expected)
        except StaleObjectError:
            raise  # 409, from khcn.api.errors
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc  # the organisation form's errors, by field
        return Response(self.get_serializer(org).data)

    def perform_destroy(self, instance: Organisation) -> None:
        organisation_delete(user=self.request.user, organisation=instance)


# Served under /api/v1/ by khcn.api, which collects every app's ROUTES.
ROUTES: list[Route] = [
    ("units", AdminUnitViewSet, "unit"),
    ("organisations", OrganisationViewSet, "organisation"),
]
