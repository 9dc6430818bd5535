"""What the search finds in research (issue 17): task proposals and S&T tasks in the scope
their models declare, and published results, which everyone may read (`result_list`)."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from khcn.core.searchable import SearchDoc, SearchSource, text_of
from khcn.research.models import (
    Proposal,
    ProposalStatus,
    ResearchTask,
    SelfFundedStatus,
    SelfFundedTask,
    TaskProgramme,
    TaskStatus,
)
from khcn.research.selectors import result_list


def _proposal(proposal: Proposal) -> SearchDoc:
    return SearchDoc(
        title=proposal.title,
        text=text_of(proposal.problem, proposal.objectives, proposal.products, proposal.application_place),
        url=proposal.get_absolute_url(),
        unit_id=proposal.unit_id,
        organisation_id=proposal.organisation_id,
        year=proposal.call.plan_year,
        status=proposal.status,
    )


def _task(task: ResearchTask) -> SearchDoc:
    return SearchDoc(
        title=f"{task.code} {task.title}".strip(),
        text=text_of(task.host_name, task.pi_name, task.summary, task.objectives),
        url=task.get_absolute_url(),
        organisation_id=task.host_organisation_id,
        year=task.start_year,
        status=task.status,
    )


def _result(task: ResearchTask) -> SearchDoc:
    return SearchDoc(
        title=task.title,
        text=text_of(task.host_name, task.pi_name, task.public_summary, task.public_products, task.public_application),
        url=task.get_public_url(),
        organisation_id=task.host_organisation_id,
        year=task.accepted_on.year if task.accepted_on else task.end_year,
        status=task.status,
    )


def _selffunded(task: SelfFundedTask) -> SearchDoc:
    return SearchDoc(
        title=task.title,
        text=text_of(task.organisation.name, task.pi_name, task.summary, task.decision_number),
        url=task.get_absolute_url(),
        unit_id=task.organisation.unit_id,
        organisation_id=task.organisation_id,
        year=task.received_on.year,
        status=task.status,
    )


def _programme(programme: TaskProgramme) -> SearchDoc:
    return SearchDoc(
        title=f"{programme.code} {programme.name}",
        text=text_of(programme.document, programme.issued_by, programme.objectives, programme.standing_body),
        url=programme.get_absolute_url(),
        year=programme.start_year,
    )


def _programmes_seen(queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
    return queryset if user.has_perm("research.list_programmes") else queryset.none()


def _published(queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
    return queryset.filter(pk__in=result_list().values("pk"))


SOURCES = (
    SearchSource(
        kind="research.proposal",
        label=_("Task proposals"),
        model=Proposal,
        document=_proposal,
        queryset=lambda: Proposal.objects.select_related("call"),
        statuses=tuple(ProposalStatus.choices),
    ),
    SearchSource(
        kind="research.task",
        label=_("S&T tasks"),
        model=ResearchTask,
        document=_task,
        queryset=lambda: ResearchTask.objects.all(),
        statuses=tuple(TaskStatus.choices),
    ),
    SearchSource(
        kind="research.result",
        label=_("Published results"),
        model=ResearchTask,
        document=_result,
        queryset=result_list,
        visible=_published,
    ),
    SearchSource(
        kind="research.selffunded",
        label=_("Tasks without state budget"),
        model=SelfFundedTask,
        document=_selffunded,
        queryset=lambda: SelfFundedTask.objects.select_related("organisation"),
        statuses=tuple(SelfFundedStatus.choices),
    ),
    SearchSource(
        kind="research.programme",
        label=_("Programmes of tasks"),
        model=TaskProgramme,
        document=_programme,
        queryset=lambda: TaskProgramme.objects.all(),
        visible=_programmes_seen,
    ),
)
