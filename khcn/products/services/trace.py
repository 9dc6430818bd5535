"""Writes of the traceability area: batches (lô) and their checks, and the scans of the public
pages (DOMAIN.md §7, Circular 02/2024/TT-BKHCN: "one step back, one step forward").

Each write checks the permission on the batch's product (its commune must be in the user's
write scope) and keeps the batch's history (django-simple-history); a stale edit is refused.
Scans are counted per page and per day with one upsert each, safe under concurrent requests
on SQLite and PostgreSQL.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khcn.accounts.scoping import unit_check_writable
from khcn.core.concurrency import locked_current
from khcn.core.history import attribute_to
from khcn.core.text import nfc
from khcn.products.models import Batch, BatchCheck, Product, ScanDay
from khcn.products.trace_cache import trace_cache_forget

LOT_TAKEN = "lot_taken"

# The fields of a batch a page or the API may set.
BATCH_FIELDS = (
    "lot",
    "produced_on",
    "packed_on",
    "expires_on",
    "quantity",
    "quantity_unit",
    "inputs",
    "steps",
    "distributor",
    "is_published",
)
_TEXT_FIELDS = ("quantity_unit", "inputs", "steps", "distributor")


def _require_change(user: Any, batch: Batch) -> None:
    """The batch's product must be in the user's write scope (its commune, for a commune officer)."""
    if not user.has_perm("products.change_batch", batch):
        raise PermissionDenied
    unit_check_writable(user=user, unit=batch.product.unit, field="product")


def _lot_taken_error() -> ValidationError:
    return ValidationError(
        {"lot": ValidationError(_("This product already has a batch with this lot number."), code=LOT_TAKEN)}
    )


def _check_lot_free(batch: Batch) -> None:
    taken = Batch.objects.filter(product_id=batch.product_id, lot=batch.lot).exclude(pk=batch.pk).exists()
    if taken:
        raise _lot_taken_error()


def _tidy(batch: Batch) -> None:
    batch.lot = batch.lot.strip()
    for name in _TEXT_FIELDS:
        setattr(batch, name, nfc(getattr(batch, name)).strip())


def _save_checked(batch: Batch) -> None:
    """full_clean, then save; two writers racing for one lot: the loser gets the form error."""
    _check_lot_free(batch)
    batch.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            batch.save()
    except IntegrityError as exc:
        raise _lot_taken_error() from exc


def batch_create(
    *,
    user: Any,
    product: Product,
    lot: str,
    produced_on: date,
    packed_on: date | None = None,
    expires_on: date | None = None,
    quantity: Decimal | None = None,
    quantity_unit: str = "",
    inputs: str = "",
    steps: str = "",
    distributor: str = "",
    is_published: bool = True,
) -> Batch:
    """Record a lot of `product`: its harvest or production data and inputs.

    The lot number is unique within the product (GS1 AI 10 identifies a lot of one GTIN).
    """
    batch = Batch(
        product=product,
        lot=lot,
        produced_on=produced_on,
        packed_on=packed_on,
        expires_on=expires_on,
        quantity=quantity,
        quantity_unit=quantity_unit,
        inputs=inputs,
        steps=steps,
        distributor=distributor,
        is_published=is_published,
        created_by=user if getattr(user, "pk", None) else None,
        updated_by=user if getattr(user, "pk", None) else None,
    )
    _require_change(user, batch)
    _tidy(batch)
    with transaction.atomic():
        attribute_to(batch, user)
        _save_checked(batch)
        transaction.on_commit(lambda: trace_cache_forget(product_ids=[product.pk]))
    return batch


def batch_update(*, user: Any, batch: Batch, expected_version: int | None) -> Batch:
    """Save edits already set on `batch` (by the form or the API); a stale copy is refused."""
    _require_change(user, batch)
    _tidy(batch)
    with transaction.atomic():
        current = locked_current(batch, expected_version=expected_version)
        if current.product_id != batch.product_id:
            raise PermissionDenied  # a batch never moves to another product
        batch.version = current.version + 1
        batch.updated_by = user if getattr(user, "pk", None) else None
        attribute_to(batch, user)
        _save_checked(batch)
        transaction.on_commit(lambda: trace_cache_forget(product_ids=[batch.product_id]))
    return batch


def batch_delete(*, user: Any, batch: Batch, expected_version: int | None = None) -> None:
    """Delete a batch entered by mistake, with its checks and scan counts; its history stays."""
    _require_change(user, batch)
    product_id = batch.product_id
    with transaction.atomic():
        current = locked_current(batch, expected_version=expected_version)
        attribute_to(current, user)
        current.delete()
        transaction.on_commit(lambda: trace_cache_forget(product_ids=[product_id]))


def batch_check_add(
    *, user: Any, batch: Batch, kind: str, on: date, by: str, result: str, passed: bool = True
) -> BatchCheck:
    """Record an inspection or a laboratory test of `batch` and its result."""
    _require_change(user, batch)
    check = BatchCheck(
        batch=batch, kind=kind, on=on, by=" ".join(nfc(by).split()), result=nfc(result).strip(), passed=passed
    )
    check.full_clean()
    with transaction.atomic():
        check.save()
        transaction.on_commit(lambda: trace_cache_forget(product_ids=[batch.product_id]))
    return check


def batch_check_remove(*, user: Any, check: BatchCheck) -> None:
    """Remove a check recorded by mistake."""
    _require_change(user, check.batch)
    product_id = check.batch.product_id
    with transaction.atomic():
        check.delete()
        transaction.on_commit(lambda: trace_cache_forget(product_ids=[product_id]))


# -- scans -----------------------------------------------------------------------------------


def _upsert_sql(*, with_batch: bool) -> str:
    qn = connection.ops.quote_name
    table, count = qn(ScanDay._meta.db_table), qn("count")
    if with_batch:
        target = f"({qn('product_id')}, {qn('batch_id')}, {qn('day')})"
        batch_value = "%s"
    else:
        # The partial unique index of product-wide rows (batch_id IS NULL) is the target.
        target = f"({qn('product_id')}, {qn('day')}) WHERE {qn('batch_id')} IS NULL"
        batch_value = "NULL"
    return (
        f"INSERT INTO {table} ({qn('product_id')}, {qn('batch_id')}, {qn('day')}, {count}) "
        f"VALUES (%s, {batch_value}, %s, 1) "
        f"ON CONFLICT {target} DO UPDATE SET {count} = {table}.{count} + 1"
    )


def scan_record(*, product_id: int, batch_id: int | None = None, day: date | None = None) -> None:
    """Count one opening of a public page for today (Hà Nội time): the product's row, and the
    batch's row for a batch page.

    One INSERT … ON CONFLICT DO UPDATE count = count + 1 per row (SQLite ≥ 3.24 and
    PostgreSQL): concurrent requests never lose a count nor collide on the unique rows.
    """
    day = day or timezone.localdate()
    with connection.cursor() as cursor:
        cursor.execute(_upsert_sql(with_batch=False), [product_id, day])
        if batch_id is not None:
            cursor.execute(_upsert_sql(with_batch=True), [product_id, batch_id, day])
