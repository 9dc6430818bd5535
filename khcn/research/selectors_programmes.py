"""Reads of programmes of tasks and the progress of their tasks."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from khcn.research.models import RUNNING, BudgetLine, ResearchTask, TaskProgramme
from khcn.research.selectors import task_counts


def programme_list(*, user: Any) -> QuerySet[TaskProgramme]:
    """Programmes with their number of tasks (the Department's; `research.list_programmes`)."""
    if not user.has_perm("research.list_programmes"):
        return TaskProgramme.objects.none()
    return TaskProgramme.objects.annotate(task_count=Count("tasks"))


def programme_get(*, user: Any, pk: int) -> TaskProgramme:
    found = programme_list(user=user).prefetch_related("board").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def late_q(*, today: date) -> Q:
    """A running task past its end date, or with a milestone past due and not done."""
    return Q(status__in=RUNNING) & (
        Q(end_date__lt=today) | Q(milestones__done_on__isnull=True, milestones__due_on__lt=today)
    )


@dataclass
class ProgrammeProgress:
    tasks: list[ResearchTask]
    by_status: list[tuple[str, int, Any]]
    budget_allocated: Decimal
    planned: Decimal
    disbursed: Decimal
    disbursed_share: int | None
    late: list[ResearchTask]


def programme_progress(*, programme: TaskProgramme, today: date) -> ProgrammeProgress:
    """The programme's tasks by status, the budget allocated to them (the tasks' budgets)
    against what their budget lines planned and disbursed, and the late tasks."""
    tasks = ResearchTask.objects.filter(programme=programme)
    lines = BudgetLine.objects.filter(task__programme=programme).aggregate(
        planned=Sum("planned_million"), disbursed=Sum("disbursed_million")
    )
    planned, disbursed = lines["planned"] or Decimal(0), lines["disbursed"] or Decimal(0)
    late_ids = set(tasks.filter(late_q(today=today)).values_list("pk", flat=True))
    listed = list(tasks.select_related("host_organisation").order_by("code", "pk"))
    for task in listed:
        task.is_late = task.pk in late_ids  # type: ignore[attr-defined]
    return ProgrammeProgress(
        tasks=listed,
        by_status=task_counts(tasks)["status"],
        budget_allocated=tasks.aggregate(total=Sum("budget_million"))["total"] or Decimal(0),
        planned=planned,
        disbursed=disbursed,
        disbursed_share=round(100 * disbursed / planned) if planned else None,
        late=[t for t in listed if t.pk in late_ids],
    )


def programme_task_candidates(*, programme: TaskProgramme) -> QuerySet[ResearchTask]:
    """Tasks not in any programme, to add to this one."""
    return ResearchTask.objects.filter(programme__isnull=True).order_by("code", "pk")
