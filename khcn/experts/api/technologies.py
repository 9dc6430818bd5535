"""/api/v1/ technologies: offers in the caller's scope (for anyone but the Department and the
owners, the catalogue: listed offers only), and recording an offer (the same service as the page)."""

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

from khcn.accounts.scoping import reference_get, scope_for, visible
from khcn.core.bounds import api_decimal, api_id, api_version
from khcn.core.drf import Route, StrictSerializer, body_field_errors
from khcn.experts.models import MONEY_MAX, Expert, Maturity, TechIpStatus, Technology
from khcn.experts.selectors import technologies as selectors
from khcn.experts.services import technologies as services
from khcn.geo.models import Organisation
from khcn.research.models import ScienceField


class TechnologySerializer(serializers.Serializer):
    id = api_id(read_only=True)
    title = serializers.CharField()
    summary = serializers.CharField()
    description = serializers.CharField()
    field = serializers.CharField()
    subfields = serializers.SerializerMethodField()
    keywords = serializers.CharField()
    maturity = serializers.IntegerField(read_only=True)
    proven_at = serializers.CharField()
    owner_expert = api_id(source="owner_expert_id", allow_null=True)
    owner_organisation = api_id(source="owner_organisation_id", allow_null=True)
    owner_name = serializers.CharField()
    ip_status = serializers.CharField()
    terms = serializers.CharField()
    price_min = serializers.DecimalField(max_digits=15, decimal_places=0, allow_null=True, read_only=True)
    price_max = serializers.DecimalField(max_digits=15, decimal_places=0, allow_null=True, read_only=True)
    contact = serializers.CharField()
    status = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)
    confirmed_on = serializers.DateField(allow_null=True)
    expires_on = serializers.DateField(allow_null=True)
    version = api_version(read_only=True)

    def get_subfields(self, technology: Technology) -> list[str]:
        return technology.subfields.split()


class TechnologyCreateSerializer(StrictSerializer):
    title = serializers.CharField(max_length=300)
    summary = serializers.CharField()
    description = serializers.CharField(required=False, allow_blank=True, default="")
    field = serializers.ChoiceField(choices=ScienceField.choices)
    keywords = serializers.CharField(required=False, allow_blank=True, default="")
    maturity = serializers.ChoiceField(choices=Maturity.choices)
    proven_at = serializers.CharField(required=False, allow_blank=True, default="")
    owner_expert = api_id(required=False, allow_null=True)
    owner_organisation = api_id(required=False, allow_null=True)
    owner_name = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    ip_status = serializers.ChoiceField(choices=TechIpStatus.choices, required=False, default=TechIpStatus.NONE)
    terms = serializers.CharField(required=False, allow_blank=True, default="")
    price_min = api_decimal(
        low=Decimal(0), high=MONEY_MAX, max_digits=15, decimal_places=0, required=False, allow_null=True
    )
    price_max = api_decimal(
        low=Decimal(0), high=MONEY_MAX, max_digits=15, decimal_places=0, required=False, allow_null=True
    )
    contact = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class TechnologyApiFilter(django_filters.FilterSet):
    subfield = django_filters.CharFilter(method="by_subfield", label="Second-level field code")

    class Meta:
        model = Technology
        fields = ["field", "maturity", "status", "ip_status", "subfield"]

    def by_subfield(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(subfields__contains=f" {value.strip()} ")


class TechnologyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Technology offers: all for the Department, an expert's own and the catalogue for others."""

    serializer_class = TechnologySerializer
    filterset_class = TechnologyApiFilter

    def get_queryset(self) -> QuerySet[Technology]:
        if not self.request.user.has_perm("experts.list_technologies"):
            return selectors.catalogue_list().order_by("title_folded", "pk")
        return selectors.technology_list(user=self.request.user).order_by("title_folded", "pk")

    @extend_schema(request=TechnologyCreateSerializer, responses=TechnologySerializer)
    def create(self, request: Request) -> Response:
        """Record an offer as a draft (Department staff; an expert in their own name)."""
        if not request.user.has_perm("experts.add_technology"):
            raise PermissionDenied
        body = TechnologyCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data: dict[str, Any] = dict(body.validated_data)
        department = scope_for(request.user, writing=True).is_department
        with body_field_errors():
            expert_id = data.pop("owner_expert", None)
            data["owner_expert"] = (
                reference_get(Expert.objects.all(), expert_id, field="owner_expert", message=_("No such expert."))
                if expert_id is not None and department
                else None
            )
            organisation_id = data.pop("owner_organisation", None)
            if organisation_id is not None:
                data["owner_organisation"] = reference_get(
                    visible(Organisation.objects.all(), request.user, action="change"),
                    organisation_id,
                    field="owner_organisation",
                    message=_("No such organisation in your scope. Choose an organisation you act for."),
                )
            technology = services.technology_create(user=request.user, **data)
        fresh = selectors.technology_list(user=request.user).get(pk=technology.pk)
        return Response(TechnologySerializer(fresh).data, status=status.HTTP_201_CREATED)


ROUTES: list[Route] = [("technologies", TechnologyViewSet, "technology")]
