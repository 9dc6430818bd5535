"""The annual plan: accepted proposals become the year's ordered tasks; a decision approves it."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from khcn.core.concurrency import locked_current
from khcn.core.history import attribute_to
from khcn.core.text import nfc
from khcn.research.models import AnnualPlan, Proposal, ResearchTask, SelectionMode, TaskStatus
from khcn.research.workflow import PROPOSAL_TRANSITIONS, check_move


def _require_staff(user: Any) -> None:
    if not user.has_perm("research.view_councils"):
        raise PermissionDenied


def plan_create(*, user: Any, year: int) -> AnnualPlan:
    """Start the annual plan of a year (one plan a year), under its official name."""
    _require_staff(user)
    with transaction.atomic():
        if AnnualPlan.objects.filter(year=year).exists():
            raise ValidationError(_("There is a plan for %(year)s already.") % {"year": year}, code="duplicate")
        plan = AnnualPlan(year=year, name=f"Kế hoạch khoa học, công nghệ và đổi mới sáng tạo năm {year}")
        plan.created_by = plan.updated_by = user
        attribute_to(plan, user)
        plan.save()
    return plan


def plan_add(*, user: Any, plan: AnnualPlan, proposal: Proposal, mode: str) -> ResearchTask:
    """Order the task an accepted proposal asks for, in the plan, by open selection or direct assignment."""
    _require_staff(user)
    if plan.is_approved:
        raise ValidationError(_("The plan is approved; it can no longer change."), code="approved")
    check_move(
        PROPOSAL_TRANSITIONS,
        proposal.status,
        "plan",
        _("Only an accepted proposal enters the plan."),
        code="not_accepted",
    )
    if mode not in SelectionMode.values:
        raise ValidationError(_("Choose open selection or direct assignment."), code="mode")
    if ResearchTask.objects.filter(proposal=proposal).exists():
        raise ValidationError(_("This proposal is in a plan already."), code="duplicate")
    number = plan.tasks.count() + 1
    task = ResearchTask(
        code=f"KH{plan.year}-{number:02d}",
        title=proposal.title,
        task_type=proposal.task_type,
        field=proposal.field,
        summary=proposal.objectives,
        start_year=plan.year,
        end_year=plan.year + max(1, (proposal.duration_months or 12) + 11) // 12 - 1,
        status=TaskStatus.PLANNED,
        proposal=proposal,
        plan=plan,
        selection_mode=mode,
        budget_million=proposal.budget_million,
        created_by=user,
        updated_by=user,
    )
    attribute_to(task, user)
    task.save()
    return task


def plan_approve(*, user: Any, plan: AnnualPlan, number: str, day: date | None, expected_version: int) -> None:
    """Record the approval decision (number and date); the plan is then fixed."""
    _require_staff(user)
    number = nfc(number).strip()
    if not number or day is None:
        raise ValidationError(_("Enter the decision's number and date."), code="decision")
    if not plan.tasks.exists():
        raise ValidationError(_("The plan has no task yet."), code="empty")
    with transaction.atomic():
        current = locked_current(plan, expected_version=expected_version)
        plan.decision_number, plan.decision_date = number, day
        plan.version = current.version + 1
        plan.updated_by = user
        attribute_to(plan, user)
        plan.save()
