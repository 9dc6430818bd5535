"""IP dossiers (with their timeline) and OCOP ratings under /api/v1/.

The same scopes and services as the pages: `ip_asset_create`, `ip_move`, `ip_renew`,
`ocop_rating_create`. References in a body (commune, owner's organisation, products, task,
product) are looked up in the caller's write scope; an unknown id and one outside it get the
same 400.
"""

from decimal import Decimal
from typing import Any

import django_filters
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from khcn.accounts.scoping import reference_get, visible
from khcn.core.bounds import api_decimal, api_id, api_integer, api_version
from khcn.core.drf import Route, StrictSerializer, body_field_errors
from khcn.geo.models import AdminUnit, Organisation, UnitLevel
from khcn.products import ip_selectors as selectors
from khcn.products.models import IpAsset, IpKind, IpStage, IpStageEvent, OcopRating, Product
from khcn.products.services import ip as ip_services
from khcn.products.services import ocop as ocop_services


class IpStageEventSerializer(serializers.Serializer):
    stage = serializers.CharField()
    on = serializers.DateField()
    note = serializers.CharField()


class IpAssetSerializer(serializers.Serializer):
    id = api_id(read_only=True)
    public_id = serializers.CharField(read_only=True)
    name = serializers.CharField()
    kind = serializers.CharField()
    unit = api_id(source="unit_id")
    unit_name = serializers.CharField(source="unit.full_name")
    owner_name = serializers.CharField()
    owner_organisation = api_id(source="owner_organisation_id", allow_null=True)
    products = serializers.SerializerMethodField()
    nice_classes = serializers.CharField()
    stage = serializers.CharField()
    stage_since = serializers.DateField()
    application_number = serializers.CharField()
    filed_on = serializers.DateField(allow_null=True)
    certificate_number = serializers.CharField()
    granted_on = serializers.DateField(allow_null=True)
    expires_on = serializers.DateField(allow_null=True)
    support_task = api_id(source="support_task_id", allow_null=True)
    events = IpStageEventSerializer(many=True, read_only=True)
    version = api_version(read_only=True)

    def get_products(self, asset: IpAsset) -> list[int]:
        return [p.pk for p in asset.products.all()]


class IpAssetCreateSerializer(StrictSerializer):
    name = serializers.CharField(max_length=255)
    kind = serializers.ChoiceField(choices=IpKind.choices)
    unit = api_id()
    owner_name = serializers.CharField(max_length=255)
    owner_organisation = api_id(required=False, allow_null=True)
    products = serializers.ListField(child=api_id(), required=False, default=list)
    nice_classes = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    regulation = serializers.CharField(required=False, allow_blank=True, default="")
    support_task = api_id(required=False, allow_null=True)
    support_note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    stage = serializers.ChoiceField(choices=[IpStage.SURVEY, IpStage.DOSSIER], required=False, default=IpStage.SURVEY)
    stage_since = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class IpMoveSerializer(StrictSerializer):
    to_stage = serializers.ChoiceField(choices=IpStage.choices)
    on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    application_number = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    certificate_number = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    version = api_version(required=False, allow_null=True, default=None)


class IpRenewSerializer(StrictSerializer):
    on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    version = api_version(required=False, allow_null=True, default=None)


class IpAssetApiFilter(django_filters.FilterSet):
    class Meta:
        model = IpAsset
        fields = ["kind", "stage", "unit"]


def _ip_queryset(user: Any) -> QuerySet[IpAsset]:
    return (
        selectors.ip_asset_list(user=user)
        .prefetch_related(
            Prefetch("events", queryset=IpStageEvent.objects.order_by("on", "pk")),
            Prefetch("products", queryset=Product.objects.only("pk")),
        )
        .order_by("name", "pk")
    )


class IpAssetViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Marks and geographical indications in the caller's scope, each with its timeline."""

    serializer_class = IpAssetSerializer
    filterset_class = IpAssetApiFilter

    def get_queryset(self) -> QuerySet[IpAsset]:
        return _ip_queryset(self.request.user)

    def _fresh(self, asset: IpAsset) -> dict[str, Any]:
        return dict(IpAssetSerializer(_ip_queryset(self.request.user).get(pk=asset.pk)).data)

    @extend_schema(request=IpAssetCreateSerializer, responses=IpAssetSerializer)
    def create(self, request: Request) -> Response:
        """Open a dossier (Department staff), at the survey or while its dossier is prepared."""
        body = IpAssetCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        user = request.user
        with body_field_errors():
            data["unit"] = reference_get(
                visible(AdminUnit.objects.filter(level=UnitLevel.COMMUNE), user, action="change"),
                data["unit"],
                field="unit",
                message=_("No such unit in your scope. Choose a unit you act for."),
            )
            if data.get("owner_organisation") is not None:
                data["owner_organisation"] = reference_get(
                    visible(Organisation.objects.all(), user, action="change"),
                    data["owner_organisation"],
                    field="owner_organisation",
                    message=_("No such organisation in your scope. Choose an organisation you act for."),
                )
            if data.get("support_task") is not None:
                from khcn.research.models import ResearchTask

                data["support_task"] = reference_get(
                    visible(ResearchTask.objects.all(), user),
                    data["support_task"],
                    field="support_task",
                    message=_("No such S&T task in your scope."),
                )
        ids = set(data["products"])
        products = list(visible(Product.objects.filter(pk__in=ids), user))  # the service checks the write scope
        if len(products) != len(ids):
            raise ValidationError(
                {"products": [_("No such product in your scope. Choose products of communes you act for.")]}
            )
        data["products"] = products
        asset = ip_services.ip_asset_create(user=user, **data)
        return Response(self._fresh(asset), status=status.HTTP_201_CREATED)

    @extend_schema(request=IpMoveSerializer, responses=IpAssetSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str | None = None) -> Response:
        """Move the dossier to another stage; `version` guards against a stale write (409)."""
        asset = self.get_object()
        body = IpMoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        ip_services.ip_move(
            user=request.user,
            asset=asset,
            to_stage=data["to_stage"],
            on=data["on"],
            note=data["note"],
            application_number=data["application_number"],
            certificate_number=data["certificate_number"],
            expected_version=data["version"],
        )
        return Response(self._fresh(asset))

    @extend_schema(request=IpRenewSerializer, responses=IpAssetSerializer)
    @action(detail=True, methods=["post"])
    def renew(self, request: Request, pk: str | None = None) -> Response:
        """Renew a granted mark's protection for another term."""
        asset = self.get_object()
        body = IpRenewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        ip_services.ip_renew(
            user=request.user, asset=asset, on=data["on"], note=data["note"], expected_version=data["version"]
        )
        return Response(self._fresh(asset))


class OcopRatingSerializer(StrictSerializer):
    id = api_id(read_only=True)
    product = api_id(source="product_id")
    product_name = serializers.CharField(source="product.name", read_only=True)
    unit = api_id(source="product.unit_id", read_only=True)
    stars = api_integer(low=3, high=5)
    score = api_decimal(low=Decimal(0), high=Decimal(100), max_digits=4, decimal_places=1)
    score_a = api_decimal(
        low=Decimal(0), high=Decimal(40), max_digits=3, decimal_places=1, required=False, allow_null=True
    )
    score_b = api_decimal(
        low=Decimal(0), high=Decimal(25), max_digits=3, decimal_places=1, required=False, allow_null=True
    )
    score_c = api_decimal(
        low=Decimal(0), high=Decimal(35), max_digits=3, decimal_places=1, required=False, allow_null=True
    )
    level = serializers.CharField(read_only=True)
    rating_year = api_integer(low=2018, high=2100)
    decision_number = serializers.CharField(max_length=60)
    decision_date = serializers.DateField()
    valid_until = serializers.DateField(required=False, allow_null=True)
    version = api_version(read_only=True)


class OcopRatingApiFilter(django_filters.FilterSet):
    unit = django_filters.NumberFilter(field_name="product__unit_id", label="Unit id")

    class Meta:
        model = OcopRating
        fields = ["stars", "rating_year", "product", "unit"]


class OcopRatingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """OCOP ratings of the products in the caller's scope."""

    serializer_class = OcopRatingSerializer
    filterset_class = OcopRatingApiFilter

    def get_queryset(self) -> QuerySet[OcopRating]:
        return selectors.ocop_rating_list(user=self.request.user).order_by("-decision_date", "-pk")

    def create(self, request: Request) -> Response:
        """Record a rating from the council's decision (Department staff)."""
        body = OcopRatingSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        with body_field_errors():
            product = reference_get(
                visible(Product.objects.all(), request.user, action="change"),
                data.pop("product_id"),
                field="product",
                message=_("No such product in your scope. Choose products of communes you act for."),
            )
        rating = ocop_services.ocop_rating_create(user=request.user, product=product, **data)
        return Response(OcopRatingSerializer(rating).data, status=status.HTTP_201_CREATED)


ROUTES: list[Route] = [
    ("ip-assets", IpAssetViewSet, "ip-asset"),
    ("ocop-ratings", OcopRatingViewSet, "ocop-rating"),
]
