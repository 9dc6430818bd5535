"""Reads for proposals and tasks: what each user may see."""

from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from khcn.accounts.roles import Role
from khcn.accounts.scoping import scope_for
from khcn.research.models import PlanCall, Proposal, ResearchTask, ScienceField, TaskStatus


def proposals_visible(user: Any) -> QuerySet[Proposal]:
    """A unit's own proposals; for the Department also those of organisations in its province."""
    scope = scope_for(user)
    qs = Proposal.objects.all()
    if scope.unrestricted:
        return qs
    if not user.is_authenticated:
        return qs.none()
    terms = [Q(unit__path__startswith=p) for p in scope.unit_paths]
    if scope.is_department:
        terms += [Q(organisation__unit__path__startswith=p) for p in scope.unit_paths]
    if scope.organisation_ids:
        terms.append(Q(organisation_id__in=sorted(scope.organisation_ids)))
    if not terms:
        return qs.none()
    return qs.filter(reduce(or_, terms))


def tasks_visible(user: Any) -> QuerySet[ResearchTask]:
    """All tasks for the Department; the ones they lead, host or proposed for everyone else."""
    scope = scope_for(user)
    qs = ResearchTask.objects.all()
    if scope.is_department:
        return qs
    if not user.is_authenticated:
        return qs.none()
    terms = [Q(pi_user_id=user.pk)]
    if scope.organisation_ids:
        terms.append(Q(host_organisation_id__in=sorted(scope.organisation_ids)))
    if scope.has_role(Role.LOCAL_OFFICER):
        terms += [Q(proposal__unit__path__startswith=p) for p in scope.unit_paths]
    return qs.filter(reduce(or_, terms))


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


def call_list() -> QuerySet[PlanCall]:
    """Calls for proposals with their number of proposals, for the Department's setup pages.

    Calls belong to the Department, not to a unit: the pages that use this are for
    Department staff only (`research.manage_calls`).
    """
    return PlanCall.objects.annotate(proposal_count=Count("proposals"))
