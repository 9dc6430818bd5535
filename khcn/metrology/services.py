"""Writes of the metrology registers that do more than save one row.

A verification's next due date follows from its instrument's kind (`cycle_months`); the
instrument's own `next_due_on` is its latest verification's, so lists and alerts filter on it.
"""

from typing import Any

from django.db import transaction

from khcn.metrology.models import Instrument, Verification
from khcn.registers.services import record_delete, record_save

CHANGE = "metrology.change_record"


def instrument_due_refresh(*, instrument: Instrument) -> None:
    """Set the instrument's next due date from its latest verification (none if never verified
    or if the latest failed: a failed instrument may not be used until verified again)."""
    latest = instrument.verifications.order_by("-verified_on", "-pk").first()
    due = latest.next_due_on if latest else None
    Instrument.objects.filter(pk=instrument.pk).update(next_due_on=due)


def verification_save(
    *, user: Any, instance: Verification | None, expected_version: int | None, fields: dict[str, Any]
) -> Verification:
    """Record or correct a verification; the next due date is computed, never typed."""
    with transaction.atomic():
        previous = instance.instrument if instance is not None else None
        saved = record_save(
            user=user,
            model=Verification,
            perm=CHANGE,
            instance=instance,
            expected_version=expected_version,
            fields=fields,
            prepare=Verification.compute_next_due,
        )
        instrument_due_refresh(instrument=saved.instrument)
        if previous is not None and previous.pk != saved.instrument_id:
            instrument_due_refresh(instrument=previous)
    return saved


def verification_delete(*, user: Any, instance: Verification) -> None:
    with transaction.atomic():
        instrument = instance.instrument
        record_delete(user=user, perm=CHANGE, instance=instance)
        instrument_due_refresh(instrument=instrument)
