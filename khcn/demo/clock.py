"""The demo's calendar: what it replays happened on its own day, and "now" is the day it loads.

The demo goes through the real services, which stamp what they write with the time of the
call: history rows (django-simple-history), workflow events, `created_at`/`updated_at`,
`submitted_at` and the like. Inside `happened_at(when)` every such stamp is moved to `when`,
so a report submitted on 18/06/2024 reads so in its history and its timeline, not as the
minute `load_demo` ran. Dates that must stay current (the open period, the open call,
deadlines ahead and overdue) are computed from `today()`.

A stamp counts as "written now" when it lies between the start of the block and the moment
the row is saved; dates the services are given (a deadline, a meeting time) are left alone.
The receivers are connected only while a block runs, and only `load_demo` and its tests use
them (never a serving process: the signals are process-wide).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models.signals import post_save
from django.utils import timezone
from simple_history.models import HistoricalChanges
from simple_history.signals import pre_create_historical_record

# (when, the real time the block started), innermost last.
_blocks: list[tuple[datetime, datetime]] = []


def today() -> date:
    """The day the demo loads: every "current" date of the demo is computed from it."""
    return timezone.localdate()


def moment(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """That day at that hour, in the deployment's time zone."""
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def _restamp(instance: models.Model) -> dict[str, datetime]:
    """The date-time fields of `instance` written during the current block, moved to its `when`."""
    when, started = _blocks[-1]
    now = timezone.now()
    moved = {}
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.DateTimeField):
            value = getattr(instance, field.attname)
            if value is not None and started <= value <= now:
                setattr(instance, field.attname, when)
                moved[field.attname] = when
    return moved


def _on_history(sender: Any, history_instance: models.Model, **kwargs: Any) -> None:
    _restamp(history_instance)  # history_date, and the snapshot's own stamps


def _on_save(sender: Any, instance: models.Model, raw: bool = False, **kwargs: Any) -> None:
    if raw or isinstance(instance, HistoricalChanges):
        return
    moved = _restamp(instance)
    if moved:
        type(instance)._base_manager.filter(pk=instance.pk).update(**moved)


# Models whose history a service writes in bulk (`bulk_create_with_history`: a report's values).
# No signal tells about those rows, so they are found by their date when the block ends; the
# demo's tests check that no other history row keeps the time of loading.
BULK_HISTORY = ["reporting.Value"]


def _bulk_historical_models() -> list[type[models.Model]]:
    return [apps.get_model(label).history.model for label in BULK_HISTORY]  # type: ignore[attr-defined]


@contextmanager
def happened_at(when: datetime | None) -> Iterator[None]:
    """Date everything the block writes at `when` (an aware date-time not in the future).

    `None` dates nothing (the block's writes keep the real time).
    """
    if when is None:
        yield
        return
    if timezone.is_naive(when) or when > timezone.now():
        raise ValueError(f"A demo event must be dated in the past, with a time zone: {when!r}")
    if not _blocks:
        pre_create_historical_record.connect(_on_history, dispatch_uid="khcn.demo.clock")
        post_save.connect(_on_save, dispatch_uid="khcn.demo.clock")
    started = timezone.now()
    _blocks.append((when, started))
    try:
        yield
        for model in _bulk_historical_models():
            model._base_manager.filter(history_date__gte=started).update(history_date=when)
    finally:
        _blocks.pop()
        if not _blocks:
            pre_create_historical_record.disconnect(dispatch_uid="khcn.demo.clock")
            post_save.disconnect(dispatch_uid="khcn.demo.clock")
