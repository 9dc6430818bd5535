"""The cache of the public traceability pages' bodies, dropped whenever what they show changes.

A page's body (HTML or JSON, per language) is kept for KHCN_TRACE_CACHE_SECONDS under its
code, with the product's current stamp. Any change to the product, its producers, photos,
marks, ratings, batches or checks deletes the stamp, so every page of the product is rebuilt
on its next view; the stale entries simply expire. Scans are counted on every view, cached
or not (only the counter printed on the page may lag by the cache time).

With the default per-process cache, a change drops the stamp of the process that made it
only: other server processes may show the old body for up to KHCN_TRACE_CACHE_SECONDS. A
shared cache (CACHE_URL, e.g. Redis) makes the drop immediate everywhere.
"""

import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save


def _stamp_key(product_id: int) -> str:
    return f"trace:stamp:{product_id}"


def page_key(kind: str, public_id: str, fmt: str, language: str) -> str:
    return f"trace:page:{kind}:{public_id}:{fmt}:{language}"


def trace_cache_get(key: str) -> Any:
    """The cached entry at `key` if its product's stamp still holds, else None."""
    entry = cache.get(key)
    if entry is None or cache.get(_stamp_key(entry["product_id"])) != entry["stamp"]:
        return None
    return entry


def trace_cache_set(key: str, *, product_id: int, batch_id: int | None, body: bytes, content_type: str) -> None:
    timeout = settings.KHCN_TRACE_CACHE_SECONDS
    if timeout <= 0:
        return
    stamp = cache.get(_stamp_key(product_id))
    if stamp is None:
        stamp = secrets.token_hex(4)
        cache.set(_stamp_key(product_id), stamp, timeout * 10)
    entry = {"product_id": product_id, "batch_id": batch_id, "stamp": stamp, "body": body, "type": content_type}
    cache.set(key, entry, timeout)


def trace_cache_forget(*, product_ids: Iterable[int]) -> None:
    """Drop every cached public page of these products (and of their batches)."""
    cache.delete_many([_stamp_key(pk) for pk in product_ids])


# -- what the pages show changes -------------------------------------------------------------
# Other areas save products, producers, photos, marks and ratings through their own services;
# these receivers keep the cache right whoever writes, without those services knowing of it.


def _forget_product(sender: Any, instance: Any, **kwargs: Any) -> None:
    trace_cache_forget(product_ids=[instance.pk])


def _forget_through_product(sender: Any, instance: Any, **kwargs: Any) -> None:
    if getattr(instance, "product_id", None):
        trace_cache_forget(product_ids=[instance.product_id])


def _forget_check(sender: Any, instance: Any, **kwargs: Any) -> None:
    from khcn.products.models import Batch

    product_id = Batch.objects.filter(pk=instance.batch_id).values_list("product_id", flat=True).first()
    if product_id:
        trace_cache_forget(product_ids=[product_id])


def _forget_related_products(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A producer or a mark changed: every product it is linked to."""
    if instance.pk:
        trace_cache_forget(product_ids=list(instance.products.values_list("pk", flat=True)))


def _forget_m2m(sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any) -> None:
    from khcn.products.models import Product

    if not action.startswith("post_"):
        return
    if isinstance(instance, Product):
        trace_cache_forget(product_ids=[instance.pk])
    elif pk_set:
        trace_cache_forget(product_ids=list(pk_set))
    else:  # post_clear from the other side
        _forget_related_products(sender, instance)


def connect_receivers() -> None:
    """Called once from the app's ready()."""
    from khcn.products.models import (
        Batch,
        BatchCheck,
        IpAsset,
        OcopRating,
        Producer,
        Product,
        ProductPhoto,
    )

    for signal in (post_save, post_delete):
        signal.connect(_forget_product, sender=Product, dispatch_uid="trace_product")
        for model in (Batch, OcopRating, ProductPhoto):
            signal.connect(_forget_through_product, sender=model, dispatch_uid=f"trace_{model.__name__}")
        signal.connect(_forget_check, sender=BatchCheck, dispatch_uid="trace_check")
        signal.connect(_forget_related_products, sender=Producer, dispatch_uid="trace_producer")
        signal.connect(_forget_related_products, sender=IpAsset, dispatch_uid="trace_ipasset")
    m2m_changed.connect(_forget_m2m, sender=Product.producers.through, dispatch_uid="trace_producers")
    m2m_changed.connect(_forget_m2m, sender=IpAsset.products.through, dispatch_uid="trace_ip_products")
