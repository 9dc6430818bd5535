"""Optimistic concurrency: a save based on a stale version is refused, never merged silently."""

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khcn.core.models import VersionedModel

STALE_CODE = "stale"

M = TypeVar("M", bound=VersionedModel)


class StaleObjectError(ValidationError):
    """Raised when the version the user edited is older than the stored one."""

    def __init__(self, current: VersionedModel):
        self.current = current
        super().__init__(
            _(
                "Someone else saved this record while you were editing it. Your input is kept "
                "below; compare it with the current values, then save again."
            ),
            code=STALE_CODE,
        )


def locked_current(instance: M, *, expected_version: int | None) -> M:
    """The stored row of `instance`, locked for the transaction (SELECT … FOR UPDATE on
    PostgreSQL; SQLite serialises writers); StaleObjectError if it is no longer at
    `expected_version` (None: no check)."""
    current = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleObjectError(current)
    return current


def versioned_save(instance: M, *, expected_version: int, user: Any = None) -> M:
    """Save `instance` if nobody saved it since `expected_version`, bumping the version.

    The row is locked for the check (SELECT … FOR UPDATE on PostgreSQL; SQLite serialises
    writers), so two concurrent saves of the same version cannot both win.
    """
    with transaction.atomic():
        current = locked_current(instance, expected_version=expected_version)
        instance.version = current.version + 1
        if hasattr(instance, "updated_by"):
            instance.updated_by = user  # type: ignore[attr-defined]
            instance.updated_at = timezone.now()  # type: ignore[attr-defined]
        instance.full_clean()
        instance.save()
    return instance
