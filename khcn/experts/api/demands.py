"""/api/v1/ demands: demands in the caller's scope, and recording one for a commune the caller
writes for (the same service and checks as the page)."""

from decimal import Decimal
from typing import Any

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from khcn.accounts.scoping import reference_get, visible
from khcn.core.bounds import api_decimal, api_id, api_version
from khcn.core.drf import Route, StrictSerializer, body_field_errors
from khcn.experts.forms.demands import communes_in_force
from khcn.experts.models import MONEY_MAX, Demand, RequesterKind
from khcn.experts.selectors import demands as selectors
from khcn.experts.services import demands as services
from khcn.research.models import ScienceField


class DemandSerializer(serializers.Serializer):
    id = api_id(read_only=True)
    title = serializers.CharField()
    problem = serializers.CharField()
    context = serializers.CharField()  # type: ignore[assignment]
    unit = api_id(source="unit_id")
    unit_name = serializers.CharField(source="unit.full_name")
    requester_kind = serializers.CharField()
    requester_name = serializers.CharField()
    contact = serializers.CharField()
    field = serializers.CharField()
    subfields = serializers.SerializerMethodField()
    keywords = serializers.CharField()
    budget = serializers.DecimalField(max_digits=15, decimal_places=0, allow_null=True, read_only=True)
    deadline = serializers.DateField(allow_null=True)
    source = serializers.CharField()  # type: ignore[assignment]
    followup = api_id(source="followup_id", allow_null=True)
    technology = api_id(source="technology_id", allow_null=True)
    status = serializers.CharField()
    created_at = serializers.DateTimeField()
    version = api_version(read_only=True)

    def get_subfields(self, demand: Demand) -> list[str]:
        return demand.subfields.split()


class DemandCreateSerializer(StrictSerializer):
    title = serializers.CharField(max_length=300)
    problem = serializers.CharField()
    context = serializers.CharField(required=False, allow_blank=True, default="")  # type: ignore[assignment]
    unit = api_id()
    requester_kind = serializers.ChoiceField(
        choices=RequesterKind.choices, required=False, default=RequesterKind.COMMUNE
    )
    requester_name = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    contact = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    field = serializers.ChoiceField(choices=ScienceField.choices, required=False, allow_blank=True, default="")
    keywords = serializers.CharField(required=False, allow_blank=True, default="")
    budget = api_decimal(
        low=Decimal(0), high=MONEY_MAX, max_digits=15, decimal_places=0, required=False, allow_null=True
    )
    deadline = serializers.DateField(required=False, allow_null=True)


class DemandApiFilter(django_filters.FilterSet):
    class Meta:
        model = Demand
        fields = ["status", "unit", "field", "source"]


class DemandViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Technology demands of the communes in the caller's scope."""

    serializer_class = DemandSerializer
    filterset_class = DemandApiFilter

    def get_queryset(self) -> QuerySet[Demand]:
        return selectors.demand_list(user=self.request.user).order_by("-created_at", "-pk")

    @extend_schema(request=DemandCreateSerializer, responses=DemandSerializer)
    def create(self, request: Request) -> Response:
        """Record a demand of a commune the caller writes for (status open)."""
        if not request.user.has_perm("experts.add_demand"):
            raise PermissionDenied
        body = DemandCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data: dict[str, Any] = dict(body.validated_data)
        with body_field_errors():
            data["unit"] = reference_get(
                visible(communes_in_force(), request.user, action="change"),
                data["unit"],
                field="unit",
                message=_("No such unit in your scope. Choose a unit you act for."),
            )
            demand = services.demand_create(user=request.user, **data)
        return Response(DemandSerializer(self.get_queryset().get(pk=demand.pk)).data, status=status.HTTP_201_CREATED)


ROUTES: list[Route] = [("demands", DemandViewSet, "demand")]
