"""Reads of the traceability area: the batches a user may see, scan counts, and what the public
pages show (DOMAIN.md §7: product, producer, origin, marks, OCOP stars, the lot's data).

The public reads start from published rows only and never load a representative's name,
phone or e-mail; a producer's address and business phone only when it agreed
(`publish_contact`). Each public read is a fixed handful of queries, whatever the data.
"""

from datetime import date, timedelta
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from khcn.accounts.scoping import get_visible_or_404, visible
from khcn.products.gs1 import lot_candidates
from khcn.products.models import (
    IP_CLOSED_STAGES,
    Batch,
    BatchCheck,
    IpAsset,
    IpStage,
    OcopRating,
    Producer,
    Product,
    ProductPhoto,
    ScanDay,
)

SCAN_WINDOW_DAYS = 30


# -- signed-in -------------------------------------------------------------------------------


def batch_list(*, user: Any) -> QuerySet[Batch]:
    """The batches of the products in `user`'s scope."""
    return visible(Batch.objects.filter(product__deleted_at__isnull=True), user)


def batch_get(*, user: Any, pk: int) -> Batch:
    """One batch in scope, with its product and checks, or 404."""
    qs = Batch.objects.select_related("product__unit", "created_by", "updated_by").prefetch_related(
        Prefetch("checks", queryset=BatchCheck.objects.order_by("on", "pk"))
    )
    return get_visible_or_404(qs.filter(product__deleted_at__isnull=True), user, pk=pk)


def product_for_batches_get(*, user: Any, pk: int) -> Product:
    """The product whose batches are listed or added, within `user`'s scope, or 404."""
    return get_visible_or_404(Product.objects.select_related("unit"), user, pk=pk)


def scan_totals(*, product: Product, batch: Batch | None = None, today: date) -> dict[str, int]:
    """A page's scans: in all, and in the last 30 days up to `today` (one query).

    A product's rows (batch empty) count the views of its own page and of its batches' pages.
    """
    rows = ScanDay.objects.filter(product=product)
    rows = rows.filter(batch=batch) if batch is not None else rows.filter(batch__isnull=True)
    since = today - timedelta(days=SCAN_WINDOW_DAYS - 1)
    totals = rows.aggregate(total=Sum("count"), recent=Sum("count", filter=Q(day__gte=since)))
    return {"total": totals["total"] or 0, "recent": totals["recent"] or 0}


# -- public ----------------------------------------------------------------------------------


def _public_products() -> QuerySet[Product]:
    return Product.objects.filter(is_published=True)


def _with_public_relations(qs: QuerySet[Any], prefix: str, *, today: date) -> QuerySet[Any]:
    producers = Producer.objects.only("pk", "name", "kind", "address", "phone", "website", "publish_contact").order_by(
        "name", "pk"
    )
    assets = IpAsset.objects.exclude(stage__in=[IpStage.REFUSED, IpStage.WITHDRAWN]).order_by("name", "pk")
    ratings = OcopRating.objects.filter(valid_until__gte=today).order_by("-stars", "-decision_date", "-pk")
    return qs.prefetch_related(
        Prefetch(f"{prefix}producers", queryset=producers, to_attr="public_producers"),
        Prefetch(f"{prefix}photos", queryset=ProductPhoto.objects.order_by("position", "pk"), to_attr="public_photos"),
        Prefetch(f"{prefix}ip_assets", queryset=assets, to_attr="public_assets"),
        Prefetch(f"{prefix}ratings", queryset=ratings, to_attr="public_ratings"),
    )


def public_product_get(*, public_id: str, today: date) -> Product:
    """A published product by its public code, ready for its public page; 404 otherwise."""
    qs = _public_products().select_related("unit__parent", "former_unit").filter(public_id=public_id.upper())
    product = _with_public_relations(qs, "", today=today).first()
    if product is None:
        raise Http404
    return product


def public_batch_get(*, public_id: str, today: date) -> Batch:
    """A published batch of a published product by its public code; 404 otherwise."""
    qs = Batch.objects.filter(
        public_id=public_id.upper(),
        is_published=True,
        product__is_published=True,
        product__deleted_at__isnull=True,
    ).select_related("product__unit__parent", "product__former_unit")
    qs = _with_public_relations(qs, "product__", today=today).prefetch_related(
        Prefetch("checks", queryset=BatchCheck.objects.order_by("on", "pk"), to_attr="public_checks")
    )
    batch = qs.first()
    if batch is None:
        raise Http404
    return batch


def public_code_by_gtin(*, gtin: str) -> str:
    """The public code of the published product with this GTIN-14 (the oldest if several)."""
    code = _public_products().filter(gtin=gtin).order_by("pk").values_list("public_id", flat=True).first()
    if code is None:
        raise Http404
    return code


def public_batch_code_by_gtin(*, gtin: str, lot_path: str) -> str:
    """The public code of the published lot named by a GS1 path tail (lot, then qualifiers
    to ignore) of the published product with this GTIN-14."""
    rows = dict(
        Batch.objects.filter(
            product__gtin=gtin,
            product__is_published=True,
            product__deleted_at__isnull=True,
            is_published=True,
            lot__in=lot_candidates(lot_path),
        )
        .order_by("-product_id")  # the oldest product wins, as for the product path
        .values_list("lot", "public_id")
    )
    for lot in lot_candidates(lot_path):
        if lot in rows:
            return rows[lot]
    raise Http404


# -- what a public page shows (the same dict feeds the HTML and the JSON) ---------------------


def _photo_url(photo: ProductPhoto) -> str | None:
    try:
        return reverse("products:photo", args=[photo.pk])
    except NoReverseMatch:  # the catalogue's photo view is not installed
        return None


def _producer_data(producer: Producer) -> dict[str, Any]:
    data: dict[str, Any] = {"name": producer.name, "kind": producer.get_kind_display()}
    if producer.publish_contact:
        data.update(address=producer.address, phone=producer.phone, website=producer.website)
    return data


def _asset_data(asset: IpAsset) -> dict[str, Any]:
    granted = asset.stage == IpStage.GRANTED
    return {
        "name": asset.name,
        "kind": asset.kind,
        "kind_label": asset.get_kind_display(),
        "status": "granted" if granted else "registering",
        "status_label": _("Granted") if granted else _("Being registered"),
        "certificate_number": asset.certificate_number if granted else "",
        "granted_on": asset.granted_on if granted else None,
    }


def public_product_data(product: Product) -> dict[str, Any]:
    """What the public page of `product` shows: no personal data, current ratings only."""
    unit, former = product.unit, product.former_unit
    photos = [
        {"url": url, "caption": photo.caption or product.name, "width": photo.width, "height": photo.height}
        for photo in product.public_photos  # type: ignore[attr-defined]
        if (url := _photo_url(photo))
    ]
    assets = [a for a in product.public_assets if a.stage == IpStage.GRANTED or a.stage not in IP_CLOSED_STAGES]  # type: ignore[attr-defined]
    return {
        "code": product.public_id,
        "url": product.get_public_url(),
        "name": product.name,
        "category": product.category,
        "category_label": product.get_category_display(),
        "description": product.description,
        "season": product.season,
        "craft_village": product.craft_village,
        "gtin": product.gtin,
        "photos": photos,
        "commune": {
            "name": unit.full_name,
            "province": unit.parent.full_name if unit.parent else "",
            "former": former.full_name if former else "",
        },
        "producers": [_producer_data(p) for p in product.public_producers],  # type: ignore[attr-defined]
        "marks": [_asset_data(a) for a in assets],
        "ocop": [
            {
                "stars": r.stars,
                "level": r.get_level_display(),
                "rating_year": r.rating_year,
                "decision_number": r.decision_number,
                "valid_until": r.valid_until,
            }
            for r in product.public_ratings  # type: ignore[attr-defined]
        ],
    }


def public_batch_data(batch: Batch) -> dict[str, Any]:
    """What the public page of a lot shows: its product's data and the lot's own."""
    return {
        "code": batch.public_id,
        "url": batch.get_public_url(),
        "lot": batch.lot,
        "produced_on": batch.produced_on,
        "packed_on": batch.packed_on,
        "expires_on": batch.expires_on,
        "quantity": batch.quantity,
        "quantity_unit": batch.quantity_unit,
        "inputs": batch.inputs,
        "steps": batch.steps,
        "distributor": batch.distributor,
        "checks": [
            {
                "kind": c.kind,
                "kind_label": c.get_kind_display(),
                "on": c.on,
                "by": c.by,
                "result": c.result,
                "passed": c.passed,
            }
            for c in batch.public_checks  # type: ignore[attr-defined]
        ],
    }
