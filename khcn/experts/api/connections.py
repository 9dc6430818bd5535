"""/api/v1/connections/: list, retrieve and create connections, with the pages' scopes and
service. A commune's officer reads its commune's connections, an expert the ones naming them,
the Department all; only the Department creates (the service checks the write scope). A
reference in the body (demand, follow-up item, expert, technology) outside the caller's scope
gets the same 400 as an unknown id."""

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from khcn.accounts.scoping import reference_get, visible
from khcn.core.bounds import api_id, api_version
from khcn.core.drf import Route, StrictSerializer, body_field_errors
from khcn.experts.models import Connection, Demand, Expert, Outcome, Technology
from khcn.experts.selectors.connections import connection_list
from khcn.experts.services.connections import connection_create
from khcn.meetings.models import FollowUp
from khcn.research.models import ScienceField


class ConnectionSerializer(serializers.Serializer):
    id = api_id(read_only=True)
    demand = api_id(source="demand_id", allow_null=True)
    followup = api_id(source="followup_id", allow_null=True)
    unit = api_id(source="unit_id")
    unit_name = serializers.CharField(source="unit.full_name")
    expert = api_id(source="expert_id", allow_null=True)
    expert_name = serializers.SerializerMethodField()
    technology = api_id(source="technology_id", allow_null=True)
    technology_title = serializers.SerializerMethodField()
    introduced_on = serializers.DateField()
    parties = serializers.CharField()
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    outcome_on = serializers.DateField(allow_null=True)
    note = serializers.CharField()
    closes_request = serializers.BooleanField()
    version = api_version(read_only=True)

    def get_expert_name(self, obj: Connection) -> str | None:
        return obj.expert.display_name if obj.expert else None

    def get_technology_title(self, obj: Connection) -> str | None:
        return obj.technology.title if obj.technology else None


class ConnectionCreateSerializer(StrictSerializer):
    demand = api_id(required=False, allow_null=True, default=None)
    followup = api_id(required=False, allow_null=True, default=None)
    expert = api_id(required=False, allow_null=True, default=None)
    technology = api_id(required=False, allow_null=True, default=None)
    introduced_on = serializers.DateField()
    parties = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False, default=Outcome.PENDING)
    outcome_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    closes_request = serializers.BooleanField(required=False, default=False)


class ConnectionApiFilter(django_filters.FilterSet):
    field = django_filters.ChoiceFilter(choices=ScienceField.choices, method="by_field")
    year = django_filters.NumberFilter(field_name="introduced_on", lookup_expr="year", min_value=1945, max_value=2100)

    class Meta:
        model = Connection
        fields = ["outcome", "unit", "expert", "technology", "demand", "followup", "closes_request"]

    def by_field(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(demand__field=value) | Q(technology__field=value) | Q(expert__field=value))


# (body key, model, message) of the references a body may name.
REFERENCES = [
    ("demand", Demand, _("No such demand in your scope.")),
    ("followup", FollowUp, _("No such follow-up item in your scope.")),
    ("expert", Expert, _("No such expert in your scope.")),
    ("technology", Technology, _("No such technology in your scope.")),
]


class ConnectionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Connections in the caller's scope: who was introduced to whom, and the outcome."""

    serializer_class = ConnectionSerializer
    filterset_class = ConnectionApiFilter

    def get_queryset(self) -> QuerySet[Connection]:
        return connection_list(user=self.request.user).order_by("-introduced_on", "-pk")

    @extend_schema(request=ConnectionCreateSerializer, responses=ConnectionSerializer)
    def create(self, request: Request) -> Response:
        """Record a connection (Department staff); answering it closes the demand or item."""
        body = ConnectionCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data: dict[str, Any] = dict(body.validated_data)
        with body_field_errors():
            for key, model, message in REFERENCES:
                if data.get(key) is not None:
                    data[key] = reference_get(
                        visible(model._default_manager.all(), request.user), data[key], field=key, message=str(message)
                    )
            connection = connection_create(user=request.user, **data)
        fresh = self.get_queryset().get(pk=connection.pk)
        return Response(ConnectionSerializer(fresh).data, status=status.HTTP_201_CREATED)


ROUTES: list[Route] = [("connections", ConnectionViewSet, "connection")]
