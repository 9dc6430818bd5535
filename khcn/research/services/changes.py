"""Change requests: extension, budget, members, content, stopping.

They wait for the Department's decision, which applies an approved change to the task at once.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khcn.core.concurrency import locked_current
from khcn.core.history import attribute_to
from khcn.core.text import nfc
from khcn.research.models import (
    ChangeKind,
    ChangeRequest,
    DecisionStatus,
)
from khcn.research.services.tasks import require_task_perm, save_task
from khcn.research.workflow import CHANGE_TRANSITIONS, TASK_TRANSITIONS, check_move


def change_request_create(*, user: Any, change: ChangeRequest) -> ChangeRequest:
    """The host (or the Department) asks to change the task; what each kind needs is checked."""
    task = change.task
    require_task_perm(user, "research.report_progress", task)
    check_move(TASK_TRANSITIONS, task.status, "ask_change", _("Changes are asked for while the task is in progress."))
    change.reason = nfc(change.reason).strip()
    errors: dict[str, str] = {}
    if not change.reason:
        errors["reason"] = _("Say what should change and why.")
    if change.kind == ChangeKind.EXTENSION:
        if change.new_end_date is None:
            errors["new_end_date"] = _("Enter the new end date.")
        elif task.end_date and change.new_end_date <= task.end_date:
            errors["new_end_date"] = _("The new end date comes after the current one.")
    if change.kind == ChangeKind.BUDGET and change.new_budget_million is None:
        errors["new_budget_million"] = _("Enter the new budget.")
    if errors:
        raise ValidationError(errors)
    if task.change_requests.filter(kind=change.kind, status=DecisionStatus.PENDING).exists():
        raise ValidationError(_("A request of this kind is awaiting a decision already."), code="pending")
    change.status = DecisionStatus.PENDING
    change.created_by = change.updated_by = user
    attribute_to(change, user)
    change.save()
    return change


def change_decide(*, user: Any, change: ChangeRequest, approve: bool, note: str, number: str) -> None:
    """The Department's decision; an approved change is applied to the task at once."""
    task = change.task
    require_task_perm(user, "research.manage_task", task)
    note, number = nfc(note).strip(), nfc(number).strip()
    decided = check_move(
        CHANGE_TRANSITIONS, change.status, "approve" if approve else "reject", _("This request was decided already.")
    )
    if not approve and not note:
        raise ValidationError(_("Give the reason for the rejection."), code="note_required")
    with transaction.atomic():
        current = locked_current(task, expected_version=None)
        if approve and change.kind == ChangeKind.STOP:
            current.status = check_move(
                TASK_TRANSITIONS, current.status, "stop", _("Only a task in progress can be stopped.")
            )
        change.status = decided
        change.decision_note, change.decision_number = note, number
        change.decided_at, change.decided_by = timezone.now(), user
        change.version += 1
        change.updated_by = user
        attribute_to(change, user)
        change.save()
        if approve:
            if change.kind == ChangeKind.EXTENSION and change.new_end_date:
                current.end_date = change.new_end_date
                current.end_year = change.new_end_date.year
            elif change.kind == ChangeKind.BUDGET and change.new_budget_million is not None:
                current.budget_million = change.new_budget_million
            save_task(current, user, current.version)
