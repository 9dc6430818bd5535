"""After acceptance: registering, publishing and following the results.

The results are registered within KHCN_REGISTRATION_DAYS, published on the public portal,
and followed where they are applied.
"""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khcn.accounts.permissions import acts_as_department_staff
from khcn.accounts.scoping import unit_check_writable
from khcn.core.concurrency import locked_current
from khcn.core.history import attribute_to
from khcn.core.text import nfc
from khcn.research.models import (
    ResearchTask,
    ResultApplication,
)
from khcn.research.permissions import leads_task_now
from khcn.research.services.tasks import require_task_perm, save_task
from khcn.research.workflow import TASK_TRANSITIONS, check_move


def result_register(*, user: Any, task: ResearchTask, number: str, day: date | None, expected_version: int) -> None:
    """Record the certificate of registration of the results (one per result, never re-issued)."""
    require_task_perm(user, "research.manage_task", task)
    number = nfc(number).strip()
    check_move(TASK_TRANSITIONS, task.status, "register", _("Results are registered after a passed acceptance."))
    if not number or day is None:
        raise ValidationError(_("Enter the certificate's number and date."), code="missing")
    if task.accepted_on and day < task.accepted_on:
        raise ValidationError(_("The registration comes after the acceptance."), code="date")
    if task.registration_number:
        raise ValidationError(
            _("The results are registered already; a certificate is never re-issued."), code="registered"
        )
    with transaction.atomic():
        current = locked_current(task, expected_version=expected_version)
        task.status = current.status
        task.registration_number, task.registered_on = number, day
        save_task(task, user, current.version)


PUBLIC_REQUIRED = {
    "public_summary": _("Write the summary of the results."),
    "public_products": _("List the products."),
    "public_contact": _("Give a contact for people who want to use the results."),
}


def result_publish(*, user: Any, task: ResearchTask, expected_version: int) -> None:
    """Publish the results on the public portal (fields already set on `task`)."""
    require_task_perm(user, "research.manage_task", task)
    check_move(TASK_TRANSITIONS, task.status, "publish", _("Only the results of an accepted task are published."))
    errors = {name: message for name, message in PUBLIC_REQUIRED.items() if not nfc(getattr(task, name)).strip()}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = locked_current(task, expected_version=expected_version)
        task.status = current.status
        task.published_at = current.published_at or timezone.now()
        save_task(task, user, current.version)


def result_unpublish(*, user: Any, task: ResearchTask, expected_version: int) -> None:
    require_task_perm(user, "research.manage_task", task)
    with transaction.atomic():
        current = locked_current(task, expected_version=expected_version)
        current.published_at = None
        save_task(current, user, current.version)


def application_add(*, user: Any, application: ResultApplication) -> ResultApplication:
    """Where the results were applied after acceptance (the Department, the host or the unit)."""
    task = application.task
    require_task_perm(user, "research.record_application", task)
    if application.unit_id and not acts_as_department_staff(user) and not leads_task_now(user, task):
        # A unit's officer records applications in the units they act for.
        unit_check_writable(user=user, unit=application.unit, field="unit")
    check_move(
        TASK_TRANSITIONS,
        task.status,
        "record_application",
        _("Applications are recorded for the results of an accepted task."),
    )
    if task.accepted_on and application.applied_on < task.accepted_on:
        raise ValidationError({"applied_on": _("The results were applied after the acceptance.")})
    application.created_by = application.updated_by = user
    attribute_to(application, user)
    application.save()
    return application
