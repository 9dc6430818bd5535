"""Experts under /api/v1/experts/: the same visibility, consent and services as the pages.

The Department sees every profile, an expert their own, anyone else only public ones
(consented, validated). E-mail and phone appear only for the Department and the expert
themself (Decree 13/2023/NĐ-CP). The Department records profiles (POST); the Department or
the expert changes one (PATCH), an expert's edit sending a validated profile back for
validation.
"""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from khcn.accounts.scoping import reference_get
from khcn.core.bounds import api_id, api_version
from khcn.core.drf import Route, StrictSerializer, body_field_errors
from khcn.core.text import fold
from khcn.experts.fields import SUBFIELD_CHOICES
from khcn.experts.forms.experts import units_current
from khcn.experts.models import AcademicTitle, Availability, Degree, Expert, ProfileStatus, subfield_codes
from khcn.experts.selectors import experts as selectors
from khcn.experts.services import experts as services
from khcn.research.models import ScienceField

PRIVATE_FIELDS = ("email", "phone", "public_consent", "consent_at")


class ExpertSerializer(serializers.Serializer):
    id = api_id(read_only=True)
    full_name = serializers.CharField()
    display_name = serializers.CharField(read_only=True, help_text=gettext_lazy("Name with title and degree."))
    academic_title = serializers.ChoiceField(choices=AcademicTitle.choices, allow_blank=True)
    degree = serializers.ChoiceField(choices=Degree.choices, allow_blank=True)
    position = serializers.CharField()
    organisation_name = serializers.CharField()
    unit = api_id(source="unit_id", allow_null=True)
    unit_name = serializers.CharField(source="unit.full_name", read_only=True, allow_null=True, default=None)
    field = serializers.ChoiceField(choices=ScienceField.choices)
    subfields = serializers.SerializerMethodField(help_text=gettext_lazy("Second-level field codes (fields.py)."))
    keywords = serializers.CharField(help_text=gettext_lazy("Separated by commas."))
    profile = serializers.CharField()
    publications = serializers.CharField()
    patents = serializers.CharField()
    languages = serializers.CharField()
    availability = serializers.ChoiceField(choices=Availability.choices)
    status = serializers.ChoiceField(choices=ProfileStatus.choices, read_only=True)
    validated_at = serializers.DateTimeField(read_only=True, allow_null=True)
    email = serializers.CharField(
        required=False, help_text=gettext_lazy("Personal data: only for the Department and the expert.")
    )
    phone = serializers.CharField(required=False)
    public_consent = serializers.BooleanField(required=False)
    consent_at = serializers.DateTimeField(read_only=True, allow_null=True, required=False)
    version = api_version(read_only=True)

    def get_subfields(self, obj: Expert) -> list[str]:
        return subfield_codes(obj.subfields)

    def to_representation(self, instance: Expert) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not self.context["request"].user.has_perm("experts.view_expert_private", instance):
            for name in PRIVATE_FIELDS:
                data.pop(name, None)
        return data


class ExpertWriteSerializer(StrictSerializer):
    full_name = serializers.CharField(max_length=200)
    academic_title = serializers.ChoiceField(choices=AcademicTitle.choices, required=False, allow_blank=True)
    degree = serializers.ChoiceField(choices=Degree.choices, required=False, allow_blank=True)
    position = serializers.CharField(max_length=200, required=False, allow_blank=True)
    organisation_name = serializers.CharField(max_length=255, required=False, allow_blank=True)
    unit = api_id(required=False, allow_null=True)
    field = serializers.ChoiceField(choices=ScienceField.choices)
    subfields = serializers.ListField(child=serializers.ChoiceField(choices=SUBFIELD_CHOICES), required=False)
    keywords = serializers.CharField(required=False, allow_blank=True)
    profile = serializers.CharField(required=False, allow_blank=True)
    publications = serializers.CharField(required=False, allow_blank=True)
    patents = serializers.CharField(required=False, allow_blank=True)
    languages = serializers.CharField(max_length=200, required=False, allow_blank=True)
    availability = serializers.ChoiceField(choices=Availability.choices, required=False)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    public_consent = serializers.BooleanField(required=False)
    version = api_version(required=False, allow_null=True)


def _unit(data: dict[str, Any]) -> dict[str, Any]:
    if data.get("unit") is not None:
        return {
            "unit": reference_get(
                units_current(), data["unit"], field="unit", message=_("Choose a province or commune in force.")
            )
        }
    return {"unit": None} if "unit" in data else {}


class ExpertApiFilter(django_filters.FilterSet):
    field = django_filters.ChoiceFilter(choices=ScienceField.choices, label=gettext_lazy("Field group"))
    subfield = django_filters.ChoiceFilter(
        choices=SUBFIELD_CHOICES, method="by_subfield", label=gettext_lazy("Second-level field code")
    )
    q = django_filters.CharFilter(method="search", label=gettext_lazy("Search name, organisation, keywords"))

    class Meta:
        model = Expert
        fields = ["field", "subfield", "availability", "status"]

    def by_subfield(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(subfields__contains=f" {value} ")

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        for word in fold(value).split():
            queryset = queryset.filter(search_folded__contains=word)
        return queryset


class ExpertViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Profiles the caller may see; e-mail and phone only for the Department and the expert."""

    serializer_class = ExpertSerializer
    filterset_class = ExpertApiFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    queryset = Expert.objects.none()  # the model, for the schema; rows come from get_queryset

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not request.user.has_perm("experts.list_experts"):
            raise PermissionDenied

    def get_queryset(self) -> QuerySet[Expert]:
        return selectors.expert_list(user=self.request.user).order_by("name_folded", "pk")

    def _body(self, request: Request, *, partial: bool) -> tuple[dict[str, Any], int | None]:
        body = ExpertWriteSerializer(data=request.data, partial=partial)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        version = data.pop("version", None)
        with body_field_errors():
            data.update(_unit(data))
        return data, version

    @extend_schema(request=ExpertWriteSerializer, responses=ExpertSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record an expert (the Department only); a draft until validated."""
        data, _version = self._body(request, partial=False)
        expert = services.expert_create(user=request.user, **data)
        return Response(self.get_serializer(expert).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ExpertWriteSerializer(partial=True), responses=ExpertSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change some fields; `version` guards against a stale write (409)."""
        expert = self.get_object()
        data, version = self._body(request, partial=True)
        if "subfields" in data:
            expert.subfields = " ".join(data.pop("subfields"))
        for name, value in data.items():
            setattr(expert, name, value)
        services.expert_update(user=request.user, expert=expert, expected_version=version)
        return Response(self.get_serializer(selectors.expert_get(user=request.user, pk=expert.pk)).data)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)


# Served under /api/v1/ by khcn.api, which collects every app's ROUTES.
ROUTES: list[Route] = [("experts", ExpertViewSet, "expert")]
