"""/api/v1/ initiatives: the initiatives in the caller's scope (read), and the public list of
recognised initiatives (no sign-in), the same rows as the public page."""

from decimal import Decimal

import django_filters
from django.db.models import QuerySet
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import AllowAny

from khcn.core.bounds import YEAR_MAX, YEAR_MIN, api_decimal, api_id, api_version, api_year
from khcn.core.drf import Route
from khcn.initiatives import selectors
from khcn.initiatives.models import SHARE_MAX, SHARE_MIN, Initiative


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


class InitiativeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Initiatives of the units and organisations in the caller's scope."""

    serializer_class = InitiativeSerializer
    filterset_class = InitiativeApiFilter

    def get_queryset(self) -> QuerySet[Initiative]:
        return (
            selectors.initiative_list(user=self.request.user)
            .select_related("city_recognition")
            .prefetch_related("authors")
            .order_by("-created_at", "-pk")
        )


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
