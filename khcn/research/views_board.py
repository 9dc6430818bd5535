"""The tasks board: by status, field and host; overdue milestones; budget planned against
disbursed; results waiting for registration; and how far each local problem has come, from the
unit's request to the proposal, the task, its result and its application in the unit."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.core.exports import xlsx_response
from khcn.research import selectors
from khcn.research.models import (
    RUNNING,
    BudgetLine,
    Milestone,
    Proposal,
    ProposalStatus,
    ResearchTask,
    ResultApplication,
    TaskStatus,
)

STAGES = [
    ("request", gettext_lazy("Request")),
    ("proposal", gettext_lazy("Proposal")),
    ("task", gettext_lazy("Task")),
    ("result", gettext_lazy("Result")),
    ("applied", gettext_lazy("Applied in the unit")),
]


@dataclass
class ChainRow:
    proposal: Proposal
    requests: list[Any]
    task: ResearchTask | None
    applied: bool
    stage: int  # index in STAGES of the furthest step reached

    @property
    def stage_label(self) -> str:
        return str(STAGES[self.stage][1])


def chain_rows(user: Any, year: int | None) -> list[ChainRow]:
    """The proposals of a plan year in scope, with the requests they answer and how far each has come."""
    proposals = (
        selectors.proposal_list(user=user)
        .filter(call__plan_year=year or 0)
        .exclude(status=ProposalStatus.DRAFT)
        .select_related("unit", "organisation", "call")
        .prefetch_related(
            "followups",
            Prefetch(
                "tasks",
                queryset=ResearchTask.objects.prefetch_related(
                    Prefetch("applications", queryset=ResultApplication.objects.only("task_id", "unit_id"))
                ),
            ),
        )
        .order_by("-call__plan_year", "unit__sort_key", "pk")
    )
    rows = []
    for proposal in proposals:
        tasks = list(proposal.tasks.all())
        task = tasks[0] if tasks else None
        requests = list(proposal.followups.all())
        stage = 1
        applied = False
        if task is not None:
            stage = 2
            if task.status == TaskStatus.ACCEPTED:
                stage = 3
                uses = list(task.applications.all())
                applied = any(u.unit_id == proposal.unit_id for u in uses) if proposal.unit_id else bool(uses)
                if applied:
                    stage = 4
        rows.append(ChainRow(proposal=proposal, requests=requests, task=task, applied=applied, stage=stage))
    return rows


def task_board(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("research.manage_task"):
        raise PermissionDenied
    today = date.today()
    tasks = ResearchTask.objects.all()
    counts = selectors.task_counts(tasks)
    hosts = list(
        tasks.exclude(host_name="")
        .order_by()
        .values("host_name")
        .annotate(
            n=Count("id"),
            running=Count("id", filter=Q(status__in=RUNNING)),
            accepted=Count("id", filter=Q(status=TaskStatus.ACCEPTED)),
            budget=Sum("budget_million"),
        )
        .order_by("-n", "host_name")[:30]
    )
    overdue = list(
        Milestone.objects.filter(done_on__isnull=True, due_on__lt=today, task__status__in=RUNNING)
        .select_related("task")
        .order_by("due_on")[:100]
    )
    for milestone in overdue:
        milestone.days_late = (today - milestone.due_on).days  # type: ignore[attr-defined]
    budget = list(
        BudgetLine.objects.order_by()
        .values("year")
        .annotate(planned=Sum("planned_million"), disbursed=Sum("disbursed_million"))
        .order_by("year")
    )
    for line in budget:
        planned = line["planned"] or Decimal(0)
        line["share"] = round(100 * (line["disbursed"] or 0) / planned) if planned else None
    unregistered = [
        t
        for t in tasks.filter(status=TaskStatus.ACCEPTED, registration_number="").order_by("accepted_on")
        if t.registration_due() and t.registration_due() < today  # type: ignore[operator]
    ]
    years = sorted(
        set(selectors.proposal_list(user=request.user).values_list("call__plan_year", flat=True)), reverse=True
    )
    year: int | None
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = years[0] if years else None
    chain = chain_rows(request.user, year)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename=f"chuoi-van-de-nhiem-vu-{year}.xlsx",
            title=_("From problem to application"),
            headers=[
                _("Proposed by"),
                _("Local problem"),
                _("Requests"),
                _("Proposal"),
                _("Proposal status"),
                _("Task"),
                _("Task status"),
                _("Applied in the unit"),
                _("Stage reached"),
            ],
            rows=[
                [
                    r.proposal.proposer_label(),
                    r.proposal.problem,
                    "; ".join(f.text[:120] for f in r.requests),
                    r.proposal.title,
                    r.proposal.get_status_display(),
                    r.task.code if r.task else "",
                    r.task.get_status_display() if r.task else "",
                    _("yes") if r.applied else _("no"),
                    r.stage_label,
                ]
                for r in chain
            ],
        )
    stage_counts = [(label, sum(1 for r in chain if r.stage >= i)) for i, (_c, label) in enumerate(STAGES)]
    stage_counts[0] = (STAGES[0][1], sum(1 for r in chain if r.requests))
    return render(
        request,
        "research/task_board.html",
        {
            "counts": counts,
            "hosts": hosts,
            "overdue": overdue,
            "budget": budget,
            "unregistered": unregistered,
            "chain": chain,
            "years": years,
            "year": year,
            "stage_counts": stage_counts,
            "today": today,
        },
    )
