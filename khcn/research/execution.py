"""Carrying a task out, and what comes after it.

The contract starts the task; the host then files periodic progress reports, which the
Department reviews the way it reviews the units' reports (draft → submitted → approved, or
returned with a comment). Change requests (extension, budget, members, content, stopping) wait
for the Department's decision, which applies them. Inspections are recorded as they are held.
After the acceptance council (councils.py), the results are registered within
KHCN_REGISTRATION_DAYS, published on the public portal, and followed where they are applied.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khcn.core.concurrency import locked_current
from khcn.core.history import attribute_to
from khcn.core.text import nfc
from khcn.research.models import (
    RUNNING,
    ChangeKind,
    ChangeRequest,
    DecisionStatus,
    Inspection,
    Milestone,
    ProgressReport,
    ProgressStatus,
    ResearchTask,
    ResultApplication,
    TaskStatus,
)


def _require(user: Any, perm: str, task: ResearchTask) -> None:
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
    _require(user, "research.manage_task", task)
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
    _require(user, "research.manage_task", task)
    if task.status != TaskStatus.PLANNED:
        raise ValidationError(_("Only a planned task can start."), code="wrong_state")
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
        task.status = TaskStatus.IN_PROGRESS
        save_task(task, user, current.version)


def milestone_done(*, user: Any, milestone: Milestone, day: date | None, note: str) -> None:
    """Record that a milestone was reached (by the host or the Department)."""
    task = milestone.task
    _require(user, "research.report_progress", task)
    if task.status not in RUNNING:
        raise ValidationError(_("The task is not in progress."), code="wrong_state")
    if day is None:
        raise ValidationError(_("Enter the date it was done."), code="date")
    if day > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."), code="future")
    milestone.done_on = day
    milestone.note = nfc(note).strip()
    attribute_to(milestone, user)
    milestone.save()


# -- progress reports -------------------------------------------------------------------------


def progress_save(*, user: Any, report: ProgressReport, expected_version: int | None = None) -> ProgressReport:
    """Create or edit a draft (or a returned report); fields are already set on `report`."""
    task = report.task
    _require(user, "research.report_progress", task)
    if task.status not in RUNNING:
        raise ValidationError(_("Progress is reported while the task is in progress."), code="wrong_state")
    report.work_done = nfc(report.work_done).strip()
    if not report.work_done:
        raise ValidationError({"work_done": _("Say what was done in the period.")})
    with transaction.atomic():
        if report.pk:
            current = locked_current(report, expected_version=expected_version)
            if not current.is_editable:
                raise ValidationError(_("This report was submitted; it can no longer be edited."), code="wrong_state")
            report.version = current.version + 1
            report.status = current.status
        else:
            report.status = ProgressStatus.DRAFT
            report.created_by = user
        report.updated_by = user
        attribute_to(report, user)
        report.full_clean()
        report.save()
    return report


def progress_submit(*, user: Any, report: ProgressReport, expected_version: int) -> None:
    _require(user, "research.report_progress", report.task)
    with transaction.atomic():
        current = locked_current(report, expected_version=expected_version)
        if not current.is_editable:
            raise ValidationError(_("This report was submitted already."), code="wrong_state")
        report.status = ProgressStatus.SUBMITTED
        report.submitted_at = timezone.now()
        report.version = current.version + 1
        report.updated_by = user
        attribute_to(report, user)
        report.save()


def progress_review(*, user: Any, report: ProgressReport, approve: bool, note: str, expected_version: int) -> None:
    """The Department approves a submitted report, or returns it with a comment."""
    _require(user, "research.manage_task", report.task)
    note = nfc(note).strip()
    if not approve and not note:
        raise ValidationError(_("Say what must be revised."), code="note_required")
    with transaction.atomic():
        current = locked_current(report, expected_version=expected_version)
        if current.status != ProgressStatus.SUBMITTED:
            raise ValidationError(_("Only a submitted report is reviewed."), code="wrong_state")
        report.status = ProgressStatus.APPROVED if approve else ProgressStatus.RETURNED
        report.review_note = note
        report.reviewed_at = timezone.now()
        report.reviewed_by = user
        report.version = current.version + 1
        report.updated_by = user
        attribute_to(report, user)
        report.save()


# -- change requests and inspections ----------------------------------------------------------


def change_request_create(*, user: Any, change: ChangeRequest) -> ChangeRequest:
    """The host (or the Department) asks to change the task; what each kind needs is checked."""
    task = change.task
    _require(user, "research.report_progress", task)
    if task.status not in RUNNING:
        raise ValidationError(_("Changes are asked for while the task is in progress."), code="wrong_state")
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
    _require(user, "research.manage_task", task)
    note, number = nfc(note).strip(), nfc(number).strip()
    if change.status != DecisionStatus.PENDING:
        raise ValidationError(_("This request was decided already."), code="wrong_state")
    if not approve and not note:
        raise ValidationError(_("Give the reason for the rejection."), code="note_required")
    with transaction.atomic():
        current = locked_current(task, expected_version=None)
        change.status = DecisionStatus.APPROVED if approve else DecisionStatus.REJECTED
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
            elif change.kind == ChangeKind.STOP:
                current.status = TaskStatus.STOPPED
            save_task(current, user, current.version)


def inspection_add(*, user: Any, inspection: Inspection) -> Inspection:
    _require(user, "research.manage_task", inspection.task)
    if inspection.held_on > timezone.localdate():
        raise ValidationError({"held_on": _("The date cannot be in the future.")})
    inspection.created_by = inspection.updated_by = user
    attribute_to(inspection, user)
    inspection.save()
    return inspection


# -- after acceptance ---------------------------------------------------------------------------


def result_register(*, user: Any, task: ResearchTask, number: str, day: date | None, expected_version: int) -> None:
    """Record the certificate of registration of the results (one per result, never re-issued)."""
    _require(user, "research.manage_task", task)
    number = nfc(number).strip()
    if task.status != TaskStatus.ACCEPTED:
        raise ValidationError(_("Results are registered after a passed acceptance."), code="wrong_state")
    if not number or day is None:
        raise ValidationError(_("Enter the certificate's number and date."), code="missing")
    if task.accepted_on and day < task.accepted_on:
        raise ValidationError(_("The registration comes after the acceptance."), code="date")
    if task.registration_number:
        raise ValidationError(_("The results are registered already; a certificate is never re-issued."))
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
    _require(user, "research.manage_task", task)
    if task.status != TaskStatus.ACCEPTED:
        raise ValidationError(_("Only the results of an accepted task are published."), code="wrong_state")
    errors = {name: message for name, message in PUBLIC_REQUIRED.items() if not nfc(getattr(task, name)).strip()}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = locked_current(task, expected_version=expected_version)
        task.status = current.status
        task.published_at = current.published_at or timezone.now()
        save_task(task, user, current.version)


def result_unpublish(*, user: Any, task: ResearchTask, expected_version: int) -> None:
    _require(user, "research.manage_task", task)
    with transaction.atomic():
        current = locked_current(task, expected_version=expected_version)
        current.published_at = None
        save_task(current, user, current.version)


def application_add(*, user: Any, application: ResultApplication) -> ResultApplication:
    """Where the results were applied after acceptance (the Department, the host or the unit)."""
    task = application.task
    _require(user, "research.record_application", task)
    if task.status != TaskStatus.ACCEPTED:
        raise ValidationError(_("Applications are recorded for the results of an accepted task."), code="wrong_state")
    if task.accepted_on and application.applied_on < task.accepted_on:
        raise ValidationError({"applied_on": _("The results were applied after the acceptance.")})
    application.created_by = application.updated_by = user
    attribute_to(application, user)
    application.save()
    return application


def budget_totals(task: ResearchTask) -> tuple[Decimal, Decimal]:
    """Planned and disbursed budget over the task's lines."""
    lines = list(task.budget_lines.all())
    return (
        sum((line.planned_million for line in lines), Decimal(0)),
        sum((line.disbursed_million for line in lines), Decimal(0)),
    )
