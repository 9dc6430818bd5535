"""Writes to a task itself: its sheet, selection applications, its start, milestones, inspections.

The contract starts the task; inspections are recorded as they are held. What follows is in
the modules beside this one: progress reports, change requests, councils and results.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any, Protocol

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khcn.core.concurrency import locked_current
from khcn.core.history import attribute_to
from khcn.core.text import nfc
from khcn.research.models import Inspection, Milestone, ResearchTask, SelectionApplication, SelectionMode
from khcn.research.workflow import TASK_TRANSITIONS, check_move


def require_task_perm(user: Any, perm: str, task: ResearchTask) -> None:
    if not user.has_perm(perm, task):
        raise PermissionDenied


def save_task(task: ResearchTask, user: Any, version: int | None = None) -> None:
    """Save the task as one more version (of `version`, the stored one, when given) by `user`."""
    task.version = (task.version if version is None else version) + 1
    task.updated_by = user
    attribute_to(task, user)
    task.save()


def task_update(*, user: Any, task: ResearchTask, expected_version: int) -> ResearchTask:
    """Save the Department's edits to the task sheet (host, PI, contract, dates, budget)."""
    require_task_perm(user, "research.manage_task", task)
    if task.start_date and task.end_date and task.end_date < task.start_date:
        raise ValidationError({"end_date": _("The end date comes after the start date.")})
    with transaction.atomic():
        current = locked_current(task, expected_version=expected_version)
        task.status = current.status
        if task.start_date:
            task.start_year = task.start_date.year
        if task.end_date:
            task.end_year = task.end_date.year
        save_task(task, user, current.version)
    return task


class SavesRows(Protocol):
    """Rows bound to a task and already validated, such as a form set of its members."""

    def save(self) -> Any: ...


def task_sheet_save(*, user: Any, task: ResearchTask, expected_version: int, rows: Iterable[SavesRows]) -> ResearchTask:
    """Save the task sheet and its rows (members, budget lines, schedule) in one transaction.

    The rows are saved only if the sheet is: a stale copy or a refused edit saves nothing.
    """
    with transaction.atomic():
        task_update(user=user, task=task, expected_version=expected_version)
        for part in rows:
            part.save()
    return task


START_REQUIRED = {
    "host_label": _("host organisation"),
    "pi_name": _("principal investigator"),
    "contract_number": _("contract number"),
    "contract_date": _("contract date"),
    "start_date": _("start date"),
    "end_date": _("end date"),
}


def task_start(*, user: Any, task: ResearchTask, expected_version: int) -> None:
    """The contract is signed: the task goes in progress. The plan must be approved first."""
    require_task_perm(user, "research.manage_task", task)
    status = check_move(TASK_TRANSITIONS, task.status, "start", _("Only a planned task can start."))
    if task.plan_id and not task.plan.is_approved:  # type: ignore[union-attr]
        raise ValidationError(_("The plan is not approved yet."), code="plan")
    missing = [str(label) for name, label in START_REQUIRED.items() if not getattr(task, name)]
    if missing:
        raise ValidationError(
            _("Fill in before the task starts: %(fields)s.") % {"fields": ", ".join(missing)}, code="missing"
        )
    if not task.milestones.exists():
        raise ValidationError(_("Enter the task's schedule (at least one milestone)."), code="milestones")
    with transaction.atomic():
        current = locked_current(task, expected_version=expected_version)
        task.status = status
        save_task(task, user, current.version)


def milestone_done(*, user: Any, milestone: Milestone, day: date | None, note: str) -> None:
    """Record that a milestone was reached (by the host or the Department)."""
    task = milestone.task
    require_task_perm(user, "research.report_progress", task)
    check_move(TASK_TRANSITIONS, task.status, "record_milestone", _("The task is not in progress."))
    if day is None:
        raise ValidationError(_("Enter the date it was done."), code="date")
    if day > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."), code="future")
    milestone.done_on = day
    milestone.note = nfc(note).strip()
    attribute_to(milestone, user)
    milestone.save()


def inspection_add(*, user: Any, inspection: Inspection) -> Inspection:
    require_task_perm(user, "research.manage_task", inspection.task)
    if inspection.held_on > timezone.localdate():
        raise ValidationError({"held_on": _("The date cannot be in the future.")})
    inspection.created_by = inspection.updated_by = user
    attribute_to(inspection, user)
    inspection.save()
    return inspection


def selection_application_add(*, user: Any, application: SelectionApplication) -> SelectionApplication:
    """Record a host organisation's application (hồ sơ tuyển chọn) for a task.

    Applications are received while the task is planned and put to open selection; a selection
    council scores them later (services.councils).
    """
    task = application.task
    require_task_perm(user, "research.manage_task", task)
    message = _("Applications are received for a planned task put to open selection.")
    check_move(TASK_TRANSITIONS, task.status, "receive_application", message)
    if task.selection_mode != SelectionMode.OPEN_SELECTION:
        raise ValidationError(message, code="selection_mode")
    application.created_by = application.updated_by = user
    attribute_to(application, user)
    with transaction.atomic():
        application.save()
    return application
