"""/api/v1/ initiatives: the initiatives in the caller's scope (read; drafts created, edited,
submitted and deleted through the same services as the pages), and the public list of
recognised initiatives (no sign-in), the same rows as the public page."""

from decimal import Decimal
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from khcn.accounts.scoping import reference_get, visible
from khcn.core.bounds import YEAR_MAX, YEAR_MIN, api_decimal, api_id, api_version, api_year
from khcn.core.drf import Route, StrictSerializer, body_field_errors
from khcn.geo.models import AdminUnit, Organisation
from khcn.initiatives import selectors, services
from khcn.initiatives.models import SHARE_MAX, SHARE_MIN, InfluenceScope, Initiative, InitiativeField


class AuthorSerializer(serializers.Serializer):
    full_name = serializers.CharField()
    position = serializers.CharField()
    workplace = serializers.CharField()
    share = api_decimal(low=SHARE_MIN, high=SHARE_MAX, max_digits=5, decimal_places=2)


class DecisionSerializer(serializers.Serializer):
    recognised = serializers.BooleanField()
    decision_number = serializers.CharField()
    decision_date = serializers.DateField()
    signer = serializers.CharField()
    reasons = serializers.CharField()


class CityDecisionSerializer(serializers.Serializer):
    recognised = serializers.BooleanField()
    influence_scope = serializers.CharField()
    mean_score = serializers.DecimalField(
        max_digits=5, decimal_places=2, allow_null=True, min_value=Decimal(0), max_value=Decimal(100)
    )
    effectiveness = serializers.CharField()
    decision_number = serializers.CharField()
    decision_date = serializers.DateField(allow_null=True)
    signer = serializers.CharField()
    reasons = serializers.CharField()


class InitiativeSerializer(serializers.Serializer):
    id = api_id(read_only=True)
    title = serializers.CharField()
    field = serializers.CharField()
    unit = api_id(source="unit_id", allow_null=True)
    organisation = api_id(source="organisation_id", allow_null=True)
    owner = serializers.CharField(source="owner_label")
    problem = serializers.CharField()
    solution = serializers.CharField()
    novelty = serializers.CharField()
    first_applied_on = serializers.DateField(allow_null=True)
    applied_where = serializers.CharField()
    effects = serializers.CharField()
    costs = serializers.CharField()
    influence_scope = serializers.CharField()
    status = serializers.CharField()
    city_round_year = api_year(allow_null=True)
    authors = AuthorSerializer(many=True)
    base_recognition = DecisionSerializer(allow_null=True, required=False)
    city_recognition = CityDecisionSerializer(allow_null=True, required=False)
    recognised_scope = serializers.CharField(
        help_text="The scope a decision recognised: base, city, national or empty."
    )
    created_at = serializers.DateTimeField()
    version = api_version(read_only=True)


class PublicInitiativeSerializer(serializers.Serializer):
    """What the public list shows: no costs, no internal notes, no workflow dates."""

    id = api_id(read_only=True)
    title = serializers.CharField()
    field = serializers.CharField()
    owner = serializers.CharField(source="owner_label")
    authors = serializers.SerializerMethodField()
    effects = serializers.CharField()
    influence_scope = serializers.CharField(help_text="The scope the authors claim.")
    recognised_scope = serializers.CharField(help_text="The scope a decision recognised: base, city or national.")
    emulation_title = serializers.CharField()
    decision_number = serializers.CharField(source="base_recognition.decision_number")
    decision_date = serializers.DateField(source="base_recognition.decision_date")

    def get_authors(self, initiative: Initiative) -> list[str]:
        return [a.full_name for a in initiative.authors.all()]


class InitiativeApiFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(
        field_name="created_at", lookup_expr="year", min_value=YEAR_MIN, max_value=YEAR_MAX
    )

    class Meta:
        model = Initiative
        fields = ["status", "unit", "organisation", "field", "influence_scope", "year"]


class AuthorWriteSerializer(StrictSerializer):
    full_name = serializers.CharField(max_length=200)
    position = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    workplace = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    share = api_decimal(low=SHARE_MIN, high=SHARE_MAX, max_digits=5, decimal_places=2)


class InitiativeWriteSerializer(StrictSerializer):
    """A draft's fields; in a partial update (PATCH) each may be left out, `version` may not."""

    unit = api_id(allow_null=True, required=False, help_text="A unit the caller writes for (or an organisation).")
    organisation = api_id(allow_null=True, required=False)
    title = serializers.CharField(max_length=500)
    field = serializers.ChoiceField(choices=InitiativeField.choices)
    problem = serializers.CharField()
    solution = serializers.CharField(required=False, allow_blank=True)
    novelty = serializers.CharField(required=False, allow_blank=True)
    first_applied_on = serializers.DateField(required=False, allow_null=True)
    applied_where = serializers.CharField(max_length=500, required=False, allow_blank=True)
    effects = serializers.CharField(required=False, allow_blank=True)
    costs = serializers.CharField(required=False, allow_blank=True)
    influence_scope = serializers.ChoiceField(choices=InfluenceScope.choices, required=False)
    authors = AuthorWriteSerializer(many=True, required=False, help_text="Replaces the authors when sent.")
    version = api_version(required=False, help_text="The version read (required to edit; 409 if stale).")


class VersionBodySerializer(StrictSerializer):
    version = api_version(help_text="The version the move is based on (409 if stale).")


class DeleteBodySerializer(StrictSerializer):
    version = api_version(required=False, help_text="The version read; 409 if someone saved since.")


UNKNOWN_UNIT = gettext_lazy("No such unit in your scope. Choose a unit you act for.")
UNKNOWN_ORGANISATION = gettext_lazy("No such organisation in your scope. Choose an organisation you act for.")


def _owners(user: Any, data: dict[str, Any]) -> dict[str, Any]:
    """The unit and organisation a body names, each one the caller writes for (else 400 on it)."""
    out: dict[str, Any] = {}
    if "unit" in data:
        unit_id = data.pop("unit")
        out["unit"] = (
            None
            if unit_id is None
            else reference_get(
                visible(AdminUnit.objects.all(), user, action="change"),
                unit_id,
                field="unit",
                message=str(UNKNOWN_UNIT),
            )
        )
    if "organisation" in data:
        org_id = data.pop("organisation")
        out["organisation"] = (
            None
            if org_id is None
            else reference_get(
                visible(Organisation.objects.all(), user, action="change"),
                org_id,
                field="organisation",
                message=str(UNKNOWN_ORGANISATION),
            )
        )
    return out


class InitiativeViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """Initiatives of the units and organisations in the caller's scope; drafts are created,
    edited (`version` guards against a stale write: 409), submitted and deleted as on the pages,
    for a unit AND an organisation the caller writes for."""

    serializer_class = InitiativeSerializer
    filterset_class = InitiativeApiFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Initiative]:
        return (
            selectors.initiative_list(user=self.request.user)
            .select_related("city_recognition")
            .prefetch_related("authors")
            .order_by("-created_at", "-pk")
        )

    def _respond(self, initiative: Initiative, code: int = status.HTTP_200_OK) -> Response:
        return Response(InitiativeSerializer(self.get_queryset().get(pk=initiative.pk)).data, status=code)

    @extend_schema(request=InitiativeWriteSerializer, responses={201: InitiativeSerializer})
    def create(self, request: Request) -> Response:
        """Save a new draft for a unit or organisation the caller writes for (400 on the field
        naming another one; nothing is saved)."""
        if not request.user.has_perm("initiatives.add_initiative"):
            raise PermissionDenied
        body = InitiativeWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        data.pop("version", None)
        authors = [dict(a) for a in data.pop("authors", [])]
        with body_field_errors():
            data.update(_owners(request.user, data))
        initiative = services.initiative_create(user=request.user, initiative=Initiative(**data), authors=authors)
        return self._respond(initiative, status.HTTP_201_CREATED)

    @extend_schema(request=InitiativeWriteSerializer(partial=True), responses=InitiativeSerializer)
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        """Edit a draft; `version` is required and a stale one is refused (409)."""
        initiative = self.get_object()
        body = InitiativeWriteSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        if "version" not in data:
            raise serializers.ValidationError({"version": [_("Send the version you read.")]})
        expected = data.pop("version")
        if "authors" in data:
            authors = [dict(a) for a in data.pop("authors")]
        else:
            authors = list(initiative.authors.values(*services.AUTHOR_FIELDS))
        with body_field_errors():
            data.update(_owners(request.user, data))
        for name, value in data.items():
            setattr(initiative, name, value)
        services.initiative_update(user=request.user, initiative=initiative, expected_version=expected, authors=authors)
        return self._respond(initiative)

    @extend_schema(request=VersionBodySerializer, responses=InitiativeSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        """Send a complete draft to its unit's initiative council (400 lists what is missing)."""
        initiative = self.get_object()
        body = VersionBodySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.initiative_submit(
            user=request.user, initiative=initiative, expected_version=body.validated_data["version"]
        )
        return self._respond(initiative)

    @extend_schema(request=DeleteBodySerializer, responses={204: None})
    def destroy(self, request: Request, pk: str | None = None) -> Response:
        """Delete a draft (a submitted initiative stays); kept in the history."""
        initiative = self.get_object()
        body = DeleteBodySerializer(data=request.data or {})
        body.is_valid(raise_exception=True)
        services.initiative_delete(
            user=request.user, initiative=initiative, expected_version=body.validated_data.get("version")
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class RecognisedFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", max_length=200)
    year = django_filters.NumberFilter(
        field_name="base_recognition__decision_date", lookup_expr="year", min_value=YEAR_MIN, max_value=YEAR_MAX
    )

    class Meta:
        model = Initiative
        fields = ["q", "field", "year"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return selectors.recognised_search(q=value).filter(pk__in=queryset.values("pk"))


class RecognisedInitiativeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Initiatives recognised by their units: public, no sign-in (the public page as JSON)."""

    serializer_class = PublicInitiativeSerializer
    filterset_class = RecognisedFilter
    permission_classes = [AllowAny]

    def get_queryset(self) -> QuerySet[Initiative]:
        return selectors.recognised_list()


ROUTES: list[Route] = [
    ("initiatives", InitiativeViewSet, "initiative"),
    ("recognised-initiatives", RecognisedInitiativeViewSet, "recognised-initiative"),
]
