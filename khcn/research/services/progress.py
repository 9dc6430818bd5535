"""Periodic progress reports (báo cáo định kỳ) from the host, reviewed by the Department.

The Department reviews them the way it reviews the units' reports: draft → submitted →
approved, or returned with a comment.
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
    ProgressReport,
    ProgressStatus,
)
from khcn.research.services.tasks import require_task_perm
from khcn.research.workflow import PROGRESS_TRANSITIONS, TASK_TRANSITIONS, check_move


def progress_save(*, user: Any, report: ProgressReport, expected_version: int | None = None) -> ProgressReport:
    """Create or edit a draft (or a returned report); fields are already set on `report`."""
    task = report.task
    require_task_perm(user, "research.report_progress", task)
    check_move(
        TASK_TRANSITIONS, task.status, "report_progress", _("Progress is reported while the task is in progress.")
    )
    report.work_done = nfc(report.work_done).strip()
    if not report.work_done:
        raise ValidationError({"work_done": _("Say what was done in the period.")})
    with transaction.atomic():
        if report.pk:
            current = locked_current(report, expected_version=expected_version)
            report.status = check_move(
                PROGRESS_TRANSITIONS,
                current.status,
                "edit",
                _("This report was submitted; it can no longer be edited."),
            )
            report.version = current.version + 1
        else:
            report.status = ProgressStatus.DRAFT
            report.created_by = user
        report.updated_by = user
        attribute_to(report, user)
        report.full_clean()
        report.save()
    return report


def progress_submit(*, user: Any, report: ProgressReport, expected_version: int) -> None:
    require_task_perm(user, "research.report_progress", report.task)
    with transaction.atomic():
        current = locked_current(report, expected_version=expected_version)
        report.status = check_move(
            PROGRESS_TRANSITIONS, current.status, "submit", _("This report was submitted already.")
        )
        report.submitted_at = timezone.now()
        report.version = current.version + 1
        report.updated_by = user
        attribute_to(report, user)
        report.save()


def progress_review(*, user: Any, report: ProgressReport, approve: bool, note: str, expected_version: int) -> None:
    """The Department approves a submitted report, or returns it with a comment."""
    require_task_perm(user, "research.manage_task", report.task)
    note = nfc(note).strip()
    if not approve and not note:
        raise ValidationError(_("Say what must be revised."), code="note_required")
    with transaction.atomic():
        current = locked_current(report, expected_version=expected_version)
        report.status = check_move(
            PROGRESS_TRANSITIONS,
            current.status,
            "approve" if approve else "return",
            _("Only a submitted report is reviewed."),
        )
        report.review_note = note
        report.reviewed_at = timezone.now()
        report.reviewed_by = user
        report.version = current.version + 1
        report.updated_by = user
        attribute_to(report, user)
        report.save()
