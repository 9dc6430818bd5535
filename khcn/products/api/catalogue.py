"""Producers and products under /api/v1/: the same scopes and services as the pages.

A commune officer reads and writes only their commune's records; a unit, organisation,
producer or task sent in a body is checked against the caller's scope (400 on that field),
a record addressed by the URL outside it is a 404. The representative's name, phone and
e-mail appear only for callers entitled to personal data (products.view_producer_personal).
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

from khcn.accounts.scoping import reference_get, visible
from khcn.core.bounds import api_id, api_version
from khcn.core.drf import Route, StrictSerializer, body_field_errors
from khcn.core.text import fold
from khcn.geo.models import AdminUnit, Organisation
from khcn.products.models import Producer, ProducerKind, Product, ProductCategory
from khcn.products.selectors import catalogue as selectors
from khcn.products.services import catalogue as services

PERSONAL_FIELDS = ("representative", "representative_phone", "representative_email")
NO_UNIT = gettext_lazy("No such commune in your scope. Choose a commune you act for.")


class ProducerSerializer(serializers.Serializer):
    id = api_id(read_only=True)
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=ProducerKind.choices)
    unit = api_id(source="unit_id")
    unit_name = serializers.CharField(source="unit.full_name", read_only=True)
    former_unit = api_id(source="former_unit_id", allow_null=True)
    address = serializers.CharField()
    business_code = serializers.CharField()
    phone = serializers.CharField()
    website = serializers.CharField()
    publish_contact = serializers.BooleanField()
    members = serializers.IntegerField(allow_null=True, read_only=True)
    organisation = api_id(source="organisation_id", allow_null=True)
    representative = serializers.CharField(
        required=False, help_text=gettext_lazy("Personal data: only for those entitled.")
    )
    representative_phone = serializers.CharField(required=False)
    representative_email = serializers.CharField(required=False)
    version = api_version(read_only=True)

    def to_representation(self, instance: Producer) -> dict[str, Any]:
        data = super().to_representation(instance)
        user = self.context["request"].user
        if not user.has_perm("products.view_producer_personal", instance):
            for name in PERSONAL_FIELDS:
                data.pop(name, None)
        return data


class ProducerWriteSerializer(StrictSerializer):
    name = serializers.CharField(max_length=255)
    kind = serializers.ChoiceField(choices=ProducerKind.choices)
    unit = api_id()
    former_unit = api_id(required=False, allow_null=True)
    address = serializers.CharField(max_length=255, required=False, allow_blank=True)
    business_code = serializers.CharField(max_length=20, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    website = serializers.URLField(required=False, allow_blank=True)
    publish_contact = serializers.BooleanField(required=False)
    members = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=1_000_000)
    organisation = api_id(required=False, allow_null=True)
    representative = serializers.CharField(max_length=120, required=False, allow_blank=True)
    representative_phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    representative_email = serializers.EmailField(required=False, allow_blank=True)
    version = api_version(required=False, allow_null=True)


def _units(user: Any, data: dict[str, Any]) -> dict[str, Any]:
    """The commune, former commune and organisation a body names, read within the caller's scope."""
    out: dict[str, Any] = {}
    if "unit" in data:
        out["unit"] = reference_get(
            visible(AdminUnit.objects.all(), user, action="change"), data["unit"], field="unit", message=str(NO_UNIT)
        )
    if data.get("former_unit") is not None:
        out["former_unit"] = reference_get(
            visible(AdminUnit.objects.all(), user), data["former_unit"], field="former_unit", message=str(NO_UNIT)
        )
    elif "former_unit" in data:
        out["former_unit"] = None
    if data.get("organisation") is not None:
        out["organisation"] = reference_get(
            Organisation.objects.select_related("unit"),
            data["organisation"],
            field="organisation",
            message=_("No such organisation in your scope. Choose an organisation you act for."),
        )
    elif "organisation" in data:
        out["organisation"] = None
    return out


class ProducerApiFilter(django_filters.FilterSet):
    unit = django_filters.NumberFilter(field_name="unit_id", label=gettext_lazy("Commune id"))
    q = django_filters.CharFilter(method="search", label=gettext_lazy("Search"))

    class Meta:
        model = Producer
        fields = ["unit", "kind"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(name_folded__contains=fold(value))


class ProducerViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Producers in the caller's scope; personal fields only for those entitled."""

    serializer_class = ProducerSerializer
    filterset_class = ProducerApiFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    queryset = Producer.objects.none()  # the model, for the schema; rows come from get_queryset

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not request.user.has_perm("products.list_products"):
            raise PermissionDenied

    def get_queryset(self) -> QuerySet[Producer]:
        return selectors.producer_list(user=self.request.user).order_by("name", "pk")

    @extend_schema(request=ProducerWriteSerializer, responses=ProducerSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record a producer of a commune the caller writes for."""
        body = ProducerWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        data.pop("version", None)
        with body_field_errors():
            data.update(_units(request.user, data))
        producer = services.producer_create(user=request.user, **data)
        return Response(self.get_serializer(producer).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ProducerWriteSerializer(partial=True), responses=ProducerSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change some fields; `version` guards against a stale write (409)."""
        producer = self.get_object()
        body = ProducerWriteSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        version = data.pop("version", None)
        with body_field_errors():
            data.update(_units(request.user, data))
        for name, value in data.items():
            setattr(producer, name, value)
        services.producer_update(user=request.user, producer=producer, expected_version=version)
        return Response(self.get_serializer(selectors.producer_get(user=request.user, pk=producer.pk)).data)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)


class ProductSerializer(serializers.Serializer):
    id = api_id(read_only=True)
    public_id = serializers.CharField(read_only=True)
    name = serializers.CharField()
    category = serializers.ChoiceField(choices=ProductCategory.choices)
    unit = api_id(source="unit_id")
    unit_name = serializers.CharField(source="unit.full_name", read_only=True)
    former_unit = api_id(source="former_unit_id", allow_null=True)
    producers = serializers.SerializerMethodField()
    description = serializers.CharField()
    season = serializers.CharField()
    craft_village = serializers.CharField()
    gtin = serializers.CharField()
    support_note = serializers.CharField()
    is_published = serializers.BooleanField(read_only=True)
    published_at = serializers.DateTimeField(read_only=True, allow_null=True)
    version = api_version(read_only=True)

    def get_producers(self, obj: Product) -> list[int]:
        return [p.pk for p in obj.producers.all()]


class ProductWriteSerializer(StrictSerializer):
    name = serializers.CharField(max_length=255)
    category = serializers.ChoiceField(choices=ProductCategory.choices)
    unit = api_id()
    former_unit = api_id(required=False, allow_null=True)
    producers = serializers.ListField(child=api_id(), required=False)
    research_tasks = serializers.ListField(child=api_id(), required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    season = serializers.CharField(max_length=120, required=False, allow_blank=True)
    craft_village = serializers.CharField(max_length=200, required=False, allow_blank=True)
    gtin = serializers.CharField(max_length=14, required=False, allow_blank=True)
    support_note = serializers.CharField(required=False, allow_blank=True)
    version = api_version(required=False, allow_null=True)


def _links(user: Any, data: dict[str, Any]) -> dict[str, Any]:
    """The producers and tasks a body names, read within the caller's scope (400 otherwise)."""
    from khcn.research.selectors import task_list

    out: dict[str, Any] = {}
    if "producers" in data:
        out["producers"] = [
            reference_get(
                selectors.producer_list(user=user), pk, field="producers", message=_("Choose producers in your scope.")
            )
            for pk in dict.fromkeys(data["producers"])
        ]
    if "research_tasks" in data:
        out["research_tasks"] = [
            reference_get(task_list(user=user), pk, field="research_tasks", message=_("Choose S&T tasks you can see."))
            for pk in dict.fromkeys(data["research_tasks"])
        ]
    return out


class ProductApiFilter(django_filters.FilterSet):
    unit = django_filters.NumberFilter(field_name="unit_id", label=gettext_lazy("Commune id"))
    q = django_filters.CharFilter(method="search", label=gettext_lazy("Search"))

    class Meta:
        model = Product
        fields = ["unit", "category", "is_published"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(name_folded__contains=fold(value))


class ProductViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Products in the caller's scope, with their producers' ids."""

    serializer_class = ProductSerializer
    filterset_class = ProductApiFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    queryset = Product.objects.none()  # the model, for the schema; rows come from get_queryset

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not request.user.has_perm("products.list_products"):
            raise PermissionDenied

    def get_queryset(self) -> QuerySet[Product]:
        return selectors.product_list(user=self.request.user).order_by("name", "pk")

    def _write(self, request: Request, product: Product | None) -> Product:
        body = ProductWriteSerializer(data=request.data, partial=product is not None)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        version = data.pop("version", None)
        with body_field_errors():
            data.update(_units(request.user, data))
            data.update(_links(request.user, data))
        if product is None:
            return services.product_create(user=request.user, **data)
        links = {name: data.pop(name) for name in ("producers", "research_tasks") if name in data}
        for name, value in data.items():
            setattr(product, name, value)
        return services.product_update(user=request.user, product=product, expected_version=version, **links)

    @extend_schema(request=ProductWriteSerializer, responses=ProductSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record a product of a commune the caller writes for (not public until published)."""
        product = self._write(request, None)
        return Response(
            self.get_serializer(selectors.product_get(user=request.user, pk=product.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=ProductWriteSerializer(partial=True), responses=ProductSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change some fields; `version` guards against a stale write (409)."""
        product = self._write(request, self.get_object())
        return Response(self.get_serializer(selectors.product_get(user=request.user, pk=product.pk)).data)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)


# Served under /api/v1/ by khcn.api, which collects every app's ROUTES.
ROUTES: list[Route] = [
    ("producers", ProducerViewSet, "producer"),
    ("products", ProductViewSet, "product"),
]
