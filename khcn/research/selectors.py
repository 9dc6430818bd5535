"""Reads for proposals and tasks: what each user may see."""

from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum

from khcn.accounts.scoping import visible
from khcn.research.models import Proposal, ResearchTask, ScienceField, TaskStatus


def proposals_visible(user: Any) -> QuerySet[Proposal]:
    """A unit's own proposals; for the Department also those of organisations in its province."""
    return visible(Proposal.objects.all(), user)


def tasks_visible(user: Any) -> QuerySet[ResearchTask]:
    """All tasks for the Department; the ones they lead, host or proposed for everyone else."""
    return visible(ResearchTask.objects.all(), user)


def task_counts(tasks: QuerySet[ResearchTask]) -> dict[str, list[tuple[str, int, Any]]]:
    """Tasks and their budget by status and by field: (label, count, budget) lines, one query each."""
    labels = {"status": dict(TaskStatus.choices), "field": dict(ScienceField.choices)}
    return {
        key: [
            (str(labels[key].get(row[key], row[key] or "—")), row["n"], row["budget"])
            for row in tasks.order_by().values(key).annotate(n=Count("id"), budget=Sum("budget_million"))
        ]
        for key in ("status", "field")
    }


def budget_totals(task: ResearchTask) -> tuple[Decimal, Decimal]:
    """Planned and disbursed budget over the task's lines."""
    lines = list(task.budget_lines.all())
    return (
        sum((line.planned_million for line in lines), Decimal(0)),
        sum((line.disbursed_million for line in lines), Decimal(0)),
    )
