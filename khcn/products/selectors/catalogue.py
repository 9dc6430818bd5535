"""Reads of the catalogue: producers and products in the user's scope, fetched for pages,
exports and the API with a fixed number of queries."""

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404

from khcn.accounts.scoping import get_visible_or_404, visible
from khcn.products.models import Certification, OcopRating, Producer, Product, ProductPhoto


def producer_list(*, user: Any) -> QuerySet[Producer]:
    """Producers the user may see (not deleted): every commune for the Department, their own
    commune for a commune officer."""
    return visible(Producer.objects.select_related("unit", "former_unit"), user)


def producer_get(*, user: Any, pk: int) -> Producer:
    """One producer in scope with its certifications and products, else 404."""
    producer = get_visible_or_404(
        Producer.objects.select_related("unit", "former_unit", "organisation", "created_by", "updated_by"),
        user,
        pk=pk,
    )
    if not user.has_perm("products.view_producer", producer):
        raise Http404
    return producer


def producer_certifications(*, producer: Producer) -> QuerySet[Certification]:
    return producer.certifications.select_related("product").order_by("kind", "pk")


def latest_stars() -> Subquery:
    """The stars of a product's latest OCOP rating (by decision date), as an annotation."""
    latest = OcopRating.objects.filter(product=OuterRef("pk")).order_by("-decision_date", "-pk")
    return Subquery(latest.values("stars")[:1])


def product_list(*, user: Any) -> QuerySet[Product]:
    """Products the user may see (not deleted), with their commune, producers and latest stars."""
    return (
        visible(Product.objects.select_related("unit", "former_unit"), user)
        .annotate(ocop_stars=latest_stars(), has_ocop=Exists(OcopRating.objects.filter(product=OuterRef("pk"))))
        .prefetch_related(Prefetch("producers", queryset=Producer.objects.order_by("name", "pk")))
    )


def product_get(*, user: Any, pk: int) -> Product:
    """One product in scope with everything its page shows (the contract of the detail page)."""
    from khcn.research.models import ResearchTask

    product = get_visible_or_404(
        Product.objects.select_related("unit", "former_unit", "created_by", "updated_by").prefetch_related(
            Prefetch("photos", queryset=ProductPhoto.objects.order_by("position", "pk")),
            Prefetch("producers", queryset=Producer.objects.select_related("unit").order_by("name", "pk")),
            Prefetch("research_tasks", queryset=ResearchTask.objects.order_by("pk")),
            "ip_assets",
            Prefetch("ratings", queryset=OcopRating.objects.order_by("-decision_date", "-pk")),
        ),
        user,
        pk=pk,
    )
    if not user.has_perm("products.view_product", product):
        raise Http404
    return product


def photo_get_for(*, user: Any, pk: int) -> ProductPhoto:
    """A photo as its file is asked for: anyone's when its product is published, else only
    those who may view the product; 404 for the rest (ids do not leak)."""
    try:
        photo = ProductPhoto.objects.select_related("product", "product__unit").get(
            pk=pk, product__deleted_at__isnull=True
        )
    except ProductPhoto.DoesNotExist as exc:
        raise Http404 from exc
    if photo.product.is_published:
        return photo
    product = get_visible_or_404(Product.objects.select_related("unit"), user, pk=photo.product_id)
    if not user.has_perm("products.view_product", product):
        raise Http404
    return photo
