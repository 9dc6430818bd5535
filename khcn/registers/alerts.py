"""The daily alerts of the registers: who is told, and telling once per state.

A record that can be alerted on carries `alerted_key`, the state last alerted ("2026-05-01:
expiring"). `alert_claim` writes the new key only if it differs, in one UPDATE, so the job
run twice (or twice at once) tells nobody twice; when the date changes, the next alert goes out.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.db import models

from khcn.accounts.roles import Role
from khcn.notifications.selectors import unit_officers


def department_officers() -> list[Any]:
    """The active Department officers and leaders."""
    return list(
        get_user_model()
        .objects.filter(
            grants__role__in=[Role.DEPARTMENT_OFFICER, Role.DEPARTMENT_LEADER], grants__is_active=True, is_active=True
        )
        .distinct()
    )


def alert_recipients(*, department: list[Any], unit: Any) -> list[Any]:
    """The Department's staff and the officers of the record's commune."""
    return [*department, *unit_officers(units=[unit])] if unit is not None else list(department)


def alert_claim(obj: models.Model, key: str) -> bool:
    """Record that `obj` is alerted in state `key`; False when it already was."""
    return bool(type(obj)._default_manager.filter(pk=obj.pk).exclude(alerted_key=key).update(alerted_key=key))
