"""Reads for proposals, councils, plans and tasks: what each user may see.

A list starts from `visible(...)` (accounts.scoping); a detail page fetches its object through
the one `<entity>_get` here, which answers 404 for what the user may not see (STYLE.md §6).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Min, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy

from khcn.accounts.scoping import get_visible_or_404, visible
from khcn.research.council_subjects import kind_of
from khcn.research.models import (
    EDITABLE_PROPOSAL,
    RUNNING,
    AnnualPlan,
    BudgetLine,
    Council,
    CouncilMember,
    MemberRole,
    Milestone,
    PlanCall,
    ProgressReport,
    ProgressStatus,
    Proposal,
    ProposalFile,
    ProposalStatus,
    ResearchTask,
    ResultApplication,
    ScienceField,
    SelectionApplication,
    TaskStatus,
)

# -- proposals ----------------------------------------------------------------------------------


def proposal_list(*, user: Any) -> QuerySet[Proposal]:
    """A unit's own proposals; for the Department also those of organisations in its province."""
    return visible(Proposal.objects.all(), user)


def proposal_get(*, user: Any, pk: int) -> Proposal:
    related = ("call", "unit", "organisation", "duplicate_of_task", "created_by")
    return get_visible_or_404(Proposal.objects.select_related(*related), user, pk=pk)


def proposal_file_get(*, user: Any, pk: int) -> ProposalFile:
    """A proposal's attached file: for those who see the proposal, and council members who may score it."""
    attached = ProposalFile.objects.select_related("proposal", "proposal__unit").filter(pk=pk).first()
    if attached is None:
        raise Http404
    reviewer = CouncilMember.objects.filter(
        council__proposal=attached.proposal, user_id=user.pk or 0, has_conflict=False, flagged=""
    ).exists()
    if not (user.has_perm("research.view_proposal", attached.proposal) or reviewer):
        raise Http404
    return attached


# -- councils and their seats -------------------------------------------------------------------


def council_get(*, user: Any, pk: int) -> Council:
    """A council, for the staff who may act on its proposal or task."""
    council = get_visible_or_404(
        Council.objects.select_related(
            "proposal", "proposal__unit", "proposal__call", "task", "application", "application__task", "subject_type"
        ),
        user,
        pk=pk,
    )
    if not council_may_open(user=user, council=council):
        raise Http404
    return council


def council_may_open(*, user: Any, council: Council) -> bool:
    """Whether `user` may open the council's page: the staff who may act on what it advises on."""
    kind = kind_of(council)
    if kind is not None:
        return bool(kind.may_conclude(user, council.subject))
    if council.proposal_id:
        return bool(user.has_perm("research.screen_proposal", council.proposal))
    return bool(user.has_perm("research.manage_task", council.task or council.application.task))  # type: ignore[union-attr]


def council_list(*, user: Any) -> QuerySet[Council]:
    """The councils whose page `user` may open (`council_get` answers 404 for the others)."""
    councils = (
        visible(Council.objects.all(), user)
        .select_related(
            "proposal", "proposal__unit", "proposal__organisation", "task", "application__task", "subject_type"
        )
        .prefetch_related("evaluated")
    )
    allowed = [council.pk for council in councils if council_may_open(user=user, council=council)]
    return Council.objects.filter(pk__in=allowed)


def seat_list(*, user: Any) -> QuerySet[CouncilMember]:
    """The council seats of the signed-in expert, the newest council first."""
    return (
        CouncilMember.objects.filter(user_id=user.pk or 0)
        .select_related(
            "council",
            "council__proposal",
            "council__task",
            "council__application__task",
            "council__subject_type",
            "sheet",
        )
        .prefetch_related("council__evaluated")
        .order_by("-council__created_at")
    )


def seat_get(*, user: Any, pk: int) -> CouncilMember:
    seats = CouncilMember.objects.select_related(
        "council",
        "council__proposal",
        "council__proposal__call",
        "council__task",
        "council__application",
        "council__subject_type",
    )
    # Only the member acts in a seat, the superuser included: nobody scores for someone else.
    return get_visible_or_404(seats.filter(user_id=user.pk), user, pk=pk)


# -- annual plans -------------------------------------------------------------------------------


def plan_list() -> QuerySet[AnnualPlan]:
    """The annual plans with the number of their tasks and their budget."""
    return AnnualPlan.objects.annotate(task_count=Count("tasks"), budget=Sum("tasks__budget_million"))


def plan_get(*, pk: int) -> AnnualPlan:
    return get_object_or_404(AnnualPlan, pk=pk)


def plan_task_list(*, plan: AnnualPlan) -> QuerySet[ResearchTask]:
    """A plan's tasks in the order of their codes, with the proposals they came from."""
    return plan.tasks.select_related("proposal", "proposal__unit", "proposal__organisation").order_by("code")


def plan_candidate_list(*, user: Any) -> QuerySet[Proposal]:
    """The accepted proposals in scope that no plan has taken up yet."""
    return (
        proposal_list(user=user)
        .filter(status=ProposalStatus.ACCEPTED, tasks__isnull=True)
        .select_related("unit", "organisation")
    )


# -- tasks --------------------------------------------------------------------------------------


def task_list(*, user: Any) -> QuerySet[ResearchTask]:
    """All tasks for the Department; the ones they lead, host or proposed for everyone else."""
    return visible(ResearchTask.objects.all(), user)


def task_get(*, user: Any, pk: int) -> ResearchTask:
    related = ("plan", "proposal", "proposal__unit", "proposal__organisation", "host_organisation", "pi_user")
    task = get_visible_or_404(ResearchTask.objects.select_related(*related), user, pk=pk)
    if not user.has_perm("research.view_task", task):
        raise Http404
    return task


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


def budget_totals(task: ResearchTask) -> tuple[Decimal, Decimal]:
    """Planned and disbursed budget over the task's lines."""
    lines = list(task.budget_lines.all())
    return (
        sum((line.planned_million for line in lines), Decimal(0)),
        sum((line.disbursed_million for line in lines), Decimal(0)),
    )


def progress_get(*, user: Any, pk: int) -> ProgressReport:
    """A progress report, for those who see its task; a draft only for those who report on it."""
    related = ("task", "task__proposal", "task__proposal__unit")
    report = get_visible_or_404(ProgressReport.objects.select_related(*related), user, pk=pk)
    if not user.has_perm("research.view_task", report.task):
        raise Http404
    if report.status == "draft" and not user.has_perm("research.report_progress", report.task):
        raise Http404  # a draft is the host's own until submitted
    return report


def selection_application_get(*, user: Any, pk: int) -> SelectionApplication:
    """A selection application with its dossier: the Department, and the council members scoring it."""
    application = SelectionApplication.objects.select_related("task").filter(pk=pk).first()
    if application is None or not application.dossier:
        raise Http404
    seat = application.councils.filter(members__user_id=user.pk or 0, members__has_conflict=False).exists()
    if not (user.has_perm("research.manage_task", application.task) or seat):
        raise Http404
    return application


# -- the tasks board ----------------------------------------------------------------------------

STAGES = [
    ("request", gettext_lazy("Request")),
    ("proposal", gettext_lazy("Proposal")),
    ("task", gettext_lazy("Task")),
    ("result", gettext_lazy("Result")),
    ("applied", gettext_lazy("Applied in the unit")),
]


@dataclass
class TaskBoard:
    counts: dict[str, list[tuple[str, int, Any]]]
    hosts: list[dict[str, Any]]
    overdue: list[Milestone]
    budget: list[dict[str, Any]]
    unregistered: list[ResearchTask]


def task_board(*, today: date) -> TaskBoard:
    """The Department's board over every task: by status, field and host; overdue milestones;
    budget planned against disbursed by year; accepted results past their registration deadline.
    """
    tasks = ResearchTask.objects.all()
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
    return TaskBoard(counts=task_counts(tasks), hosts=hosts, overdue=overdue, budget=budget, unregistered=unregistered)


def plan_year_list(*, user: Any) -> list[int]:
    """The plan years of the calls the user's proposals answer, the latest first."""
    return sorted(set(proposal_list(user=user).values_list("call__plan_year", flat=True)), reverse=True)


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


def chain_list(*, user: Any, year: int | None) -> list[ChainRow]:
    """The proposals of a plan year in scope, with the requests they answer and how far each
    has come: from the unit's request to the proposal, the task, its result and its application
    in the unit.
    """
    proposals = (
        proposal_list(user=user)
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


def chain_stage_counts(chain: list[ChainRow]) -> list[tuple[Any, int]]:
    """How many of the chain's proposals reached each stage; the first counts those answering a request."""
    counts = [(label, sum(1 for r in chain if r.stage >= i)) for i, (_c, label) in enumerate(STAGES)]
    counts[0] = (STAGES[0][1], sum(1 for r in chain if r.requests))
    return counts


# -- the public results -------------------------------------------------------------------------


def result_list() -> QuerySet[ResearchTask]:
    """The accepted tasks whose results the Department published (no sign-in needed)."""
    return ResearchTask.objects.filter(published_at__isnull=False, status=TaskStatus.ACCEPTED)


def accepted_in_q(year: int) -> Q:
    """Tasks that passed acceptance (nghiệm thu) on a day of `year`."""
    return Q(status=TaskStatus.ACCEPTED, accepted_on__year=year)


def published_in_q(year: int) -> Q:
    """Accepted tasks whose results the Department published in `year` (`result_list`)."""
    return Q(status=TaskStatus.ACCEPTED, published_at__isnull=False, published_at__year=year)


def result_get(*, pk: int) -> ResearchTask:
    task = result_list().filter(pk=pk).first()
    if task is None:
        raise Http404
    return task


# -- home-page cards ----------------------------------------------------------------------------


def proposal_editable_list(*, user: Any) -> QuerySet[Proposal]:
    """The user's proposals still to complete: drafts, and those returned for completion, with
    their call (whose deadline they must meet)."""
    return (
        visible(Proposal.objects.filter(status__in=EDITABLE_PROPOSAL), user, action="change")
        .select_related("call", "unit", "organisation")
        .order_by("call__closes_on", "pk")
    )


def proposal_waiting_list(*, user: Any) -> QuerySet[Proposal]:
    """Submitted proposals waiting to be screened, the longest waiting first."""
    return (
        visible(Proposal.objects.filter(status=ProposalStatus.SUBMITTED), user)
        .select_related("call", "unit", "organisation")
        .order_by(F("submitted_at").asc(nulls_first=True), "pk")
    )


def call_open_list(*, today: date) -> QuerySet[PlanCall]:
    """Calls taking proposals today, the nearest deadline first."""
    return PlanCall.objects.filter(closed_at__isnull=True, opens_on__lte=today, closes_on__gte=today).order_by(
        "closes_on", "pk"
    )


def council_short_of_quorum_list(*, user: Any) -> QuerySet[Council]:
    """Open councils where fewer than two thirds of the members who may score have submitted
    their sheets (the quorum council_conclude requires), annotated with both numbers."""
    may_score = Q(members__flagged="") & ~Q(members__has_conflict=True) & ~Q(members__role=MemberRole.SECRETARY)
    return (
        visible(Council.objects.filter(concluded_at__isnull=True), user)
        .annotate(
            eligible=Count("members", filter=may_score, distinct=True),
            submitted=Count(
                "members",
                filter=may_score & Q(members__has_conflict=False, members__sheet__submitted_at__isnull=False),
                distinct=True,
            ),
        )
        .annotate(short=F("eligible") * 2 - F("submitted") * 3)
        .filter(Q(short__gt=0) | Q(submitted=0))
        .select_related("proposal", "task", "application__task")
        .order_by(F("meets_on").asc(nulls_last=True), "pk")
    )


def milestone_overdue_list(*, user: Any, today: date) -> QuerySet[Milestone]:
    """Undone milestones past their date on running tasks the user may see, oldest first."""
    return (
        Milestone.objects.filter(
            done_on__isnull=True, due_on__lt=today, task__status__in=RUNNING, task__in=task_list(user=user)
        )
        .select_related("task")
        .order_by("due_on", "pk")
    )


def task_unregistered_list(*, user: Any, today: date) -> QuerySet[ResearchTask]:
    """Accepted tasks whose results are still unregistered past the registration deadline
    (KHCN_REGISTRATION_DAYS after the acceptance, DOMAIN.md §3.6), the oldest first."""
    cutoff = today - timedelta(days=settings.KHCN_REGISTRATION_DAYS)
    return (
        task_list(user=user)
        .filter(status=TaskStatus.ACCEPTED, registration_number="", accepted_on__lt=cutoff)
        .select_related("host_organisation")
        .order_by("accepted_on", "pk")
    )


def seat_to_declare_list(*, user: Any) -> QuerySet[CouncilMember]:
    """The user's seats on open councils where the declaration of interests is not made yet."""
    return seat_list(user=user).filter(has_conflict__isnull=True, council__concluded_at__isnull=True)


def seat_to_score_list(*, user: Any) -> QuerySet[CouncilMember]:
    """The user's seats on open councils where they may score and have not submitted a sheet."""
    return (
        seat_list(user=user)
        .filter(has_conflict=False, flagged="", council__concluded_at__isnull=True)
        .exclude(role=MemberRole.SECRETARY)
        .exclude(sheet__submitted_at__isnull=False)
    )


def task_led_list(*, user: Any) -> QuerySet[ResearchTask]:
    """The running tasks the user leads as principal investigator, with the date of their next
    undone milestone and the number of progress reports still to send (draft or returned)."""
    return (
        ResearchTask.objects.filter(pi_user_id=user.pk or 0, status__in=RUNNING)
        .annotate(
            next_due=Min("milestones__due_on", filter=Q(milestones__done_on__isnull=True)),
            unsent=Count(
                "progress_reports",
                filter=Q(progress_reports__status__in=[ProgressStatus.DRAFT, ProgressStatus.RETURNED]),
                distinct=True,
            ),
        )
        .order_by(F("next_due").asc(nulls_last=True), "pk")
    )
