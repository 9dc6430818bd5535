"""Batches (lô) and their checks under /api/v1/batches/, scoped like the pages and written
through the same services (`batch_create`, `batch_update`, `batch_delete`, `batch_check_add`,
`batch_check_remove`). The public pages' data needs no sign-in: it is /p/<code>/json/ and
/b/<code>/json/, not this API."""

from typing import Any

import django_filters
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
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
from khcn.products.models import Batch, BatchCheck, CheckKind, Product
from khcn.products.selectors import trace as selectors
from khcn.products.services import trace as services

UNKNOWN_PRODUCT = gettext_lazy("Unknown product, or a product outside your scope.")


class BatchCheckSerializer(StrictSerializer):
    id = api_id(read_only=True)
    kind = serializers.ChoiceField(choices=CheckKind.choices)
    on = serializers.DateField()
    by = serializers.CharField(max_length=200)
    result = serializers.CharField(max_length=500)
    passed = serializers.BooleanField(default=True)


class BatchSerializer(StrictSerializer):
    id = api_id(read_only=True)
    product = api_id(source="product_id")
    product_name = serializers.CharField(source="product.name", read_only=True)
    public_id = serializers.CharField(read_only=True)
    public_url = serializers.CharField(source="get_public_url", read_only=True)
    lot = serializers.CharField(max_length=20)
    produced_on = serializers.DateField()
    packed_on = serializers.DateField(required=False, allow_null=True, default=None)
    expires_on = serializers.DateField(required=False, allow_null=True, default=None)
    quantity = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, max_value=10**9, required=False, allow_null=True, default=None
    )
    quantity_unit = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    inputs = serializers.CharField(required=False, allow_blank=True, default="")
    steps = serializers.CharField(required=False, allow_blank=True, default="")
    distributor = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    is_published = serializers.BooleanField(required=False, default=True)
    checks = BatchCheckSerializer(many=True, read_only=True)
    version = api_version(read_only=True)


class BatchUpdateSerializer(StrictSerializer):
    """Only the fields sent change; `version` is the one read (409 when someone saved since)."""

    lot = serializers.CharField(max_length=20, required=False)
    produced_on = serializers.DateField(required=False)
    packed_on = serializers.DateField(required=False, allow_null=True)
    expires_on = serializers.DateField(required=False, allow_null=True)
    quantity = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, max_value=10**9, required=False, allow_null=True
    )
    quantity_unit = serializers.CharField(max_length=20, required=False, allow_blank=True)
    inputs = serializers.CharField(required=False, allow_blank=True)
    steps = serializers.CharField(required=False, allow_blank=True)
    distributor = serializers.CharField(max_length=255, required=False, allow_blank=True)
    is_published = serializers.BooleanField(required=False)
    version = api_version()


class BatchApiFilter(django_filters.FilterSet):
    product = django_filters.NumberFilter(field_name="product_id", label=gettext_lazy("Product id"))
    lot = django_filters.CharFilter(field_name="lot", lookup_expr="iexact")

    class Meta:
        model = Batch
        fields = ["product", "lot", "is_published"]


class BatchViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Batches of the products in the caller's scope, with their checks."""

    serializer_class = BatchSerializer
    filterset_class = BatchApiFilter

    def get_queryset(self) -> QuerySet[Batch]:
        return (
            selectors.batch_list(user=self.request.user)
            .select_related("product__unit")
            .prefetch_related(Prefetch("checks", queryset=BatchCheck.objects.order_by("on", "pk")))
            .order_by("-produced_on", "-pk")
        )

    def _respond(self, batch: Batch, code: int = status.HTTP_200_OK) -> Response:
        return Response(BatchSerializer(self.get_queryset().get(pk=batch.pk)).data, status=code)

    def create(self, request: Request) -> Response:
        """Record a batch of a product the caller keeps (its commune in their scope)."""
        body = BatchSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data: dict[str, Any] = dict(body.validated_data)
        with body_field_errors():
            product = reference_get(
                visible(Product.objects.select_related("unit"), request.user, action="change"),
                data.pop("product_id"),
                field="product",
                message=str(UNKNOWN_PRODUCT),
            )
        if not request.user.has_perm("products.change_batch", Batch(product=product)):
            raise ValidationError({"product": [str(UNKNOWN_PRODUCT)]})
        batch = services.batch_create(user=request.user, product=product, **data)
        return self._respond(batch, status.HTTP_201_CREATED)

    @extend_schema(request=BatchUpdateSerializer, responses=BatchSerializer)
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        """Edit a batch; `version` guards against a stale write (409)."""
        batch = self.get_object()
        body = BatchUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        expected = data.pop("version")
        for key, value in data.items():
            setattr(batch, key, value)
        services.batch_update(user=request.user, batch=batch, expected_version=expected)
        return self._respond(batch)

    def destroy(self, request: Request, pk: str | None = None) -> Response:
        """Delete a batch entered by mistake, with its checks."""
        services.batch_delete(user=request.user, batch=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=BatchCheckSerializer, responses={201: BatchSerializer})
    @action(detail=True, methods=["post"])
    def checks(self, request: Request, pk: str | None = None) -> Response:
        """Add an inspection or a laboratory test result to the batch."""
        batch = self.get_object()
        body = BatchCheckSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.batch_check_add(user=request.user, batch=batch, **body.validated_data)
        return self._respond(batch, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"checks/(?P<check_pk>[0-9]{1,18})", url_name="check-remove")
    def check_remove(self, request: Request, pk: str | None = None, check_pk: str | None = None) -> Response:
        """Remove a check recorded by mistake."""
        batch = self.get_object()
        check = get_object_or_404(BatchCheck.objects.select_related("batch__product__unit"), batch=batch, pk=check_pk)
        services.batch_check_remove(user=request.user, check=check)
        return Response(status=status.HTTP_204_NO_CONTENT)


# Served under /api/v1/ by khcn.api, which collects every app's ROUTES.
ROUTES: list[Route] = [("batches", BatchViewSet, "batch")]
