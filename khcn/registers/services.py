"""The writes every register shares: create or edit one record, delete one record.

A register's model says whom it belongs to through `owner()`, which returns its
administrative unit and organisation (a verification: its instrument's). A write is allowed
when the caller holds the register's permission on the record AND may write for both its
unit and its organisation (accounts.scoping); a unit no longer in force takes no new record.
Saves go through `full_clean`, bump the version (optimistic concurrency, core.concurrency)
and keep history attributed to the caller (django-simple-history).
"""

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from khcn.accounts.scoping import organisation_check_writable, scope_for, unit_check_in_force, unit_check_writable
from khcn.core.concurrency import locked_current
from khcn.core.history import attribute_to
from khcn.core.text import nfc


class Owned(Protocol):
    owner_fields: tuple[str, str]

    def owner(self) -> tuple[Any, Any]: ...


M = TypeVar("M", bound=models.Model)


@rules.predicate
def owner_in_write_scope(user: Any, obj: Any) -> bool:
    """The record's unit and organisation are both in the caller's write scope (None: a new one)."""
    from khcn.accounts.scoping import organisation_in_write_scope

    if obj is None:
        return True
    unit, organisation = obj.owner()
    if unit is None and organisation is None:
        return scope_for(user, writing=True).is_department
    if unit is not None and not scope_for(user, writing=True).covers_path(unit.path):
        return False
    return organisation is None or organisation_in_write_scope(user, organisation)


def _clean(value: Any) -> Any:
    return nfc(value).strip() if isinstance(value, str) else value


def record_save(
    *,
    user: Any,
    model: type[M],
    perm: str,
    instance: M | None,
    expected_version: int | None,
    fields: dict[str, Any],
    prepare: Callable[[M], None] | None = None,
) -> M:
    """Create (`instance` None) or edit a record of `model` with `fields`.

    `prepare(obj)` fills derived fields (a verification's next due date) before validation.
    """
    if not user.has_perm(perm, instance):
        raise PermissionDenied
    with transaction.atomic():
        if instance is None:
            obj = model(created_by=user)  # type: ignore[misc]
            before: tuple[Any, Any] = (None, None)
        else:
            obj = locked_current(instance, expected_version=expected_version)  # type: ignore[type-var]
            before = obj.owner()  # type: ignore[attr-defined]
            obj.version += 1  # type: ignore[attr-defined]
        for name, value in fields.items():
            setattr(obj, name, _clean(value))
        unit, organisation = obj.owner()  # type: ignore[attr-defined]
        unit_field, organisation_field = obj.owner_fields  # type: ignore[attr-defined]
        if unit is not None and (instance is None or unit != before[0]):
            unit_check_writable(user=user, unit=unit, field=unit_field)
            if unit_field == "unit":  # a record naming its unit starts work there: a unit in force
                unit_check_in_force(unit=unit, field=unit_field)
        if organisation is not None and (instance is None or organisation != before[1]):
            organisation_check_writable(user=user, organisation=organisation, field=organisation_field)
        if not user.has_perm(perm, obj):
            raise PermissionDenied
        if prepare is not None:
            prepare(obj)
        obj.updated_by = user  # type: ignore[attr-defined]
        attribute_to(obj, user)
        obj.full_clean()
        obj.save()
    return obj


def record_delete(*, user: Any, perm: str, instance: models.Model) -> None:
    """Delete a record the caller may change; its history keeps the last version."""
    if not user.has_perm(perm, instance):
        raise PermissionDenied
    try:
        with transaction.atomic():
            attribute_to(instance, user)
            instance.delete()
    except models.ProtectedError:
        raise ValidationError(
            _("Records still refer to this one; delete or move them first."), code="protected"
        ) from None
