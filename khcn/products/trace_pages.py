"""The stored public traceability pages, and how they are dropped when what they show changes.

A public page (product or lot, HTML or JSON, per language) is rendered at its first view and
stored in TracePage with the product's current stamp (TraceStamp); every later view, from any
server process, is one indexed read of that row. Any change to the product, its producers,
photos, marks, ratings, batches or checks bumps the stamp in the same transaction (signal
receivers below, whoever writes), so a stored page built before the change is never served
again: the next view renders it anew. Unpublishing is a change like any other, so an
unpublished page answers 404 at once on every server.

Why a stamp rather than deleting the rows: a view that read the old data just before a change
committed may store its page just after; that page carries the old stamp and is ignored.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

# The scan counter's place in a stored HTML body (autoescaping turns any "<" of the data into
# "&lt;", so only the template can produce it).
SCANS_MARK = "<!--khcn-scans-->"


@dataclass(frozen=True)
class StoredPage:
    product_id: int
    batch_id: int | None
    body: str
    content_type: str
    scans: int


def _tables() -> tuple[str, str]:
    from khcn.products.models import TracePage, TraceStamp

    qn = connection.ops.quote_name
    return qn(TracePage._meta.db_table), qn(TraceStamp._meta.db_table)


def page_read(*, kind: str, code: str, fmt: str, language: str, today: date) -> StoredPage | None:
    """The stored page if it was built today under the product's current stamp, else None (one
    query). Built on another day, it is rebuilt: the OCOP ratings it shows depend on the day."""
    page, stamp = _tables()
    sql = (
        f"SELECT t.product_id, t.batch_id, t.body, t.content_type, t.scans FROM {page} t "
        f"LEFT JOIN {stamp} s ON s.product_id = t.product_id "
        "WHERE t.kind = %s AND t.code = %s AND t.fmt = %s AND t.language = %s "
        "AND t.built_on = %s AND t.stamp = COALESCE(s.value, 0)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [kind, code, fmt, language, today])
        row = cursor.fetchone()
    return StoredPage(*row) if row else None


def stamp_of(product_id: int) -> int:
    """The product's stamp now; read before the page's data, so a change in between is caught."""
    _page, stamp = _tables()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {stamp} WHERE product_id = %s", [product_id])
        row = cursor.fetchone()
    return row[0] if row else 0


def page_store(*, kind: str, code: str, fmt: str, language: str, stamp: int, today: date, page: StoredPage) -> None:
    """Keep a rendered page under `stamp` (replacing an older one). A product deleted meanwhile
    makes the row impossible; the page is then simply not kept."""
    table, _stamp = _tables()
    columns = "kind, code, fmt, language, product_id, batch_id, stamp, built_on, body, content_type, scans"
    updated = ", ".join(f"{c} = excluded.{c}" for c in columns.split(", ")[4:])
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
                f"ON CONFLICT (kind, code, fmt, language) DO UPDATE SET {updated}",
                [
                    *(kind, code, fmt, language, page.product_id, page.batch_id, stamp, today),
                    *(page.body, page.content_type, page.scans),
                ],
            )
    except IntegrityError:
        pass


# The stamp row of no product: bumped with any product's, it versions what is computed over
# all products (the products board caches its rendering under it).
ANY_PRODUCT = 0


def products_version() -> int:
    """A number that changes whenever anything a public page or the board shows changes."""
    return stamp_of(ANY_PRODUCT)


def public_pages_forget(*, product_ids: Iterable[int]) -> None:
    """Mark every stored public page of these products (and of their batches) out of date, and
    the board's cached rendering with them."""
    ids = sorted(set(product_ids))  # one order for every writer: no deadlock between two bumps
    if not ids:
        return
    ids = [ANY_PRODUCT, *ids]
    _page, stamp = _tables()
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {stamp} (product_id, value) VALUES (%s, 1) "
            f"ON CONFLICT (product_id) DO UPDATE SET value = {stamp}.value + 1",
            [[pk] for pk in ids],
        )


# -- what the pages show changes -------------------------------------------------------------
# Other areas save products, producers, photos, marks and ratings through their own services;
# these receivers keep the stored pages right whoever writes, without those services knowing.


def _forget_product(sender: Any, instance: Any, **kwargs: Any) -> None:
    public_pages_forget(product_ids=[instance.pk])


def _forget_through_product(sender: Any, instance: Any, **kwargs: Any) -> None:
    if getattr(instance, "product_id", None):
        public_pages_forget(product_ids=[instance.product_id])


def _forget_check(sender: Any, instance: Any, **kwargs: Any) -> None:
    from khcn.products.models import Batch

    product_id = Batch.objects.filter(pk=instance.batch_id).values_list("product_id", flat=True).first()
    if product_id:
        public_pages_forget(product_ids=[product_id])


def _forget_related_products(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A producer or a mark changed: every product it is linked to."""
    if instance.pk:
        public_pages_forget(product_ids=list(instance.products.values_list("pk", flat=True)))


def _forget_m2m(sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any) -> None:
    from khcn.products.models import Product

    if not action.startswith("post_"):
        return
    if isinstance(instance, Product):
        public_pages_forget(product_ids=[instance.pk])
    elif pk_set:
        public_pages_forget(product_ids=list(pk_set))
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
