"""Writes of the traceability area: batches (lô) and their checks, and the scans of the public
pages (DOMAIN.md §7, Circular 02/2024/TT-BKHCN: "one step back, one step forward").

Each write checks the permission on the batch's product (its commune must be in the user's
write scope) and keeps the batch's history (django-simple-history); a stale edit is refused.
Scans are counted per page and per day in memory and written in batches of upserts, safe under
concurrent writers on SQLite and PostgreSQL.
"""

import atexit
import logging
import threading
from collections import Counter
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khcn.accounts.scoping import unit_check_writable
from khcn.core.concurrency import locked_current
from khcn.core.history import attribute_to
from khcn.core.text import nfc
from khcn.products.models import Batch, BatchCheck, Product, ScanDay, TracePage

logger = logging.getLogger(__name__)

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
    return batch


def batch_delete(*, user: Any, batch: Batch, expected_version: int | None = None) -> None:
    """Delete a batch entered by mistake, with its checks and scan counts; its history stays."""
    _require_change(user, batch)
    with transaction.atomic():
        current = locked_current(batch, expected_version=expected_version)
        attribute_to(current, user)
        current.delete()


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
    return check


def batch_check_remove(*, user: Any, check: BatchCheck) -> None:
    """Remove a check recorded by mistake."""
    _require_change(user, check.batch)
    with transaction.atomic():
        check.delete()


# -- scans -----------------------------------------------------------------------------------
# A scan must not cost a write and a commit (a disk flush on a durable database): each server
# process adds its scans up in memory and writes them in one transaction every
# KHCN_SCAN_FLUSH_SECONDS, from a timer thread, and at exit. A process killed outright loses
# at most that many seconds of counts. With the setting at 0 every scan is written at once.

ScanKey = tuple[int, int | None, date]  # product, batch (None: the product-wide row), day


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
        f"VALUES (%s, {batch_value}, %s, %s) "
        f"ON CONFLICT {target} DO UPDATE SET {count} = {table}.{count} + excluded.{count}"
    )


def _write(counts: Mapping[ScanKey, int]) -> None:
    qn = connection.ops.quote_name
    pages = qn(TracePage._meta.db_table)
    keys = sorted(counts, key=lambda k: (k[0], k[1] or 0, k[2]))  # one order: no deadlock
    product_rows: list[list[Any]] = [[p, d, counts[(p, b, d)]] for p, b, d in keys if b is None]
    batch_rows: list[list[Any]] = [[p, b, d, counts[(p, b, d)]] for p, b, d in keys if b is not None]
    product_totals: Counter[int] = Counter()
    batch_totals: Counter[int] = Counter()
    for (p, b, _d), n in counts.items():
        if b is None:
            product_totals[p] += n
        else:
            batch_totals[b] += n
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(_upsert_sql(with_batch=False), product_rows)
        if batch_rows:
            cursor.executemany(_upsert_sql(with_batch=True), batch_rows)
        # The counters printed on the stored pages (approximate: ScanDay holds the true counts).
        cursor.executemany(
            f"UPDATE {pages} SET scans = scans + %s WHERE kind = 'p' AND product_id = %s",
            [[n, p] for p, n in sorted(product_totals.items())],
        )
        if batch_totals:
            cursor.executemany(
                f"UPDATE {pages} SET scans = scans + %s WHERE kind = 'b' AND batch_id = %s",
                [[n, b] for b, n in sorted(batch_totals.items())],
            )


def scans_write(counts: Mapping[ScanKey, int]) -> None:
    """Add counted views to the daily rows (and to the stored pages' counters), in one
    transaction. Views of a product or batch deleted since they were counted are dropped."""
    products = set(Product.objects.filter(pk__in={k[0] for k in counts}).values_list("pk", flat=True))
    batches = set(Batch.objects.filter(pk__in={k[1] for k in counts if k[1]}).values_list("pk", flat=True))
    kept = {k: n for k, n in counts.items() if k[0] in products and (k[1] is None or k[1] in batches)}
    if len(kept) < len(counts):
        logger.info("scans of %d deleted pages dropped", len(counts) - len(kept))
    if kept:
        _write(kept)


class ScanBuffer:
    """The scans counted by this server process and not yet written."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[ScanKey] = Counter()
        self._timer: threading.Timer | None = None

    def add(self, *, product_id: int, batch_id: int | None, day: date) -> None:
        keys: list[ScanKey] = [(product_id, None, day)]
        if batch_id is not None:
            keys.append((product_id, batch_id, day))
        seconds = settings.KHCN_SCAN_FLUSH_SECONDS
        if seconds <= 0:
            scans_write(Counter(keys))
            return
        with self._lock:
            self._counts.update(keys)
            if self._timer is None:
                self._timer = threading.Timer(seconds, self._flush_in_thread)
                self._timer.daemon = True
                self._timer.start()

    def pending(self) -> int:
        with self._lock:
            return sum(self._counts.values())

    def flush(self) -> None:
        """Write what was counted; on a database error keep it for the next flush."""
        with self._lock:
            counts, self._counts = self._counts, Counter()
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
        if not counts:
            return
        try:
            scans_write(counts)
        except Exception:
            with self._lock:
                self._counts.update(counts)
            raise

    def _flush_in_thread(self) -> None:
        try:
            self.flush()
        except Exception:
            logger.exception("writing the scans failed; kept for the next flush")
        finally:
            connection.close()  # the timer thread's own connection


SCANS = ScanBuffer()
atexit.register(lambda: SCANS.flush() if SCANS.pending() else None)


def scan_record(*, product_id: int, batch_id: int | None = None, day: date | None = None) -> None:
    """Count one opening of a public page for `day` (today, Hà Nội time): the product's row,
    and the batch's row for a batch page. Written by the next flush (see above)."""
    SCANS.add(product_id=product_id, batch_id=batch_id, day=day or timezone.localdate())
