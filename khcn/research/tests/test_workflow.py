"""The research workflows: each table names every allowed move, and the services refuse the rest.

For every action of every table and every status the table does not list for it, the service
that performs the action is called on a record in that status and must refuse with a
ValidationError and its stable code.
"""

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from khcn.geo.models import Organisation, OrganisationKind
from khcn.research import scales, workflow
from khcn.research.models import (
    AnnualPlan,
    ApplicationStatus,
    ChangeKind,
    ChangeRequest,
    Council,
    CouncilKind,
    CouncilMember,
    DecisionStatus,
    MemberRole,
    Milestone,
    PlanCall,
    ProgressReport,
    ProgressStatus,
    Proposal,
    ProposalStatus,
    ResearchTask,
    ResultApplication,
    ScienceField,
    ScoreSheet,
    SelectionApplication,
    SelectionMode,
    TaskStatus,
    TaskType,
)
from khcn.research.services import changes, councils, plans, progress, proposals, results, tasks
from khcn.research.workflow import (
    APPLICATION_TRANSITIONS,
    CHANGE_TRANSITIONS,
    COUNCIL_CONCLUDED,
    COUNCIL_OPEN,
    COUNCIL_TRANSITIONS,
    PROGRESS_TRANSITIONS,
    PROPOSAL_TRANSITIONS,
    TASK_TRANSITIONS,
    Table,
)

TODAY = date(2027, 3, 15)

COUNCIL_STATUSES = [COUNCIL_OPEN, COUNCIL_CONCLUDED]


def refused_moves(table: Table, statuses: list[str]) -> list[tuple[str, str]]:
    """Every (action, status) pair the table does not allow."""
    return [(action, status) for action, (sources, _t) in table.items() for status in statuses if status not in sources]


@pytest.mark.parametrize(
    ("table", "statuses"),
    [
        (PROPOSAL_TRANSITIONS, ProposalStatus.values),
        (COUNCIL_TRANSITIONS, COUNCIL_STATUSES),
        (TASK_TRANSITIONS, TaskStatus.values),
        (PROGRESS_TRANSITIONS, ProgressStatus.values),
        (CHANGE_TRANSITIONS, DecisionStatus.values),
        (APPLICATION_TRANSITIONS, ApplicationStatus.values),
    ],
)
def test_every_move_starts_and_ends_in_a_known_status(table, statuses):
    for sources, target in table.values():
        assert sources and sources <= set(statuses)
        assert target is None or target in statuses


def test_check_move_returns_the_target_or_keeps_the_status():
    assert workflow.check_move(PROPOSAL_TRANSITIONS, ProposalStatus.DRAFT, "submit", "") == ProposalStatus.SUBMITTED
    assert workflow.check_move(PROPOSAL_TRANSITIONS, ProposalStatus.RETURNED, "edit", "") == ProposalStatus.RETURNED
    with pytest.raises(ValidationError) as error:
        workflow.check_move(PROPOSAL_TRANSITIONS, ProposalStatus.ACCEPTED, "submit", "no")
    assert error.value.code == "wrong_state" and error.value.messages == ["no"]


# -- records in a given status -----------------------------------------------------------------


@pytest.fixture
def call(db):
    return PlanCall.objects.create(name="Đợt 2027", plan_year=2027, opens_on=date(2026, 6, 1), closes_on=TODAY)


def _proposal(call: PlanCall, unit: Any, status: str) -> Proposal:
    return Proposal.objects.create(
        call=call,
        unit=unit,
        status=status,
        title="Xử lý chất thải chăn nuôi",
        task_type=TaskType.TOPIC,
        field=ScienceField.AGRICULTURAL,
        problem="Ô nhiễm nguồn nước.",
        rationale="x",
        objectives="x",
        products="x",
        application_place="x",
        applying_unit="x",
        budget_million=Decimal(900),
        duration_months=12,
    )


def _task(status: str) -> ResearchTask:
    return ResearchTask.objects.create(
        code="KH2027-01",
        title="Xử lý chất thải chăn nuôi",
        task_type=TaskType.TOPIC,
        field=ScienceField.AGRICULTURAL,
        status=status,
        start_year=2027,
        end_date=TODAY + timedelta(days=300),
        accepted_on=TODAY - timedelta(days=10),
    )


def _application(
    task: ResearchTask, unit: Any, status: str = ApplicationStatus.SUBMITTED, *, save: bool = True
) -> SelectionApplication:
    host = Organisation.objects.create(name="Viện Chăn nuôi", kind=OrganisationKind.INSTITUTE, unit=unit)
    application = SelectionApplication(
        task=task,
        organisation=host,
        applicant_name=host.name,
        pi_name="Trần Văn Chủ",
        budget_million=Decimal(800),
        duration_months=12,
        summary="x",
        status=status,
    )
    if save:
        application.save()
    return application


def _scored_council(member_user: Any, *, kind: str, grade: str = "pass", **subject: Any) -> Council:
    """A council whose only member has submitted a sheet: it meets the quorum."""
    council = Council.objects.create(kind=kind, name="HĐ", **subject)
    member = CouncilMember.objects.create(council=council, user=member_user, role=MemberRole.CHAIR, has_conflict=False)
    items = scales.sheet_items(council)
    if scales.uses_grades(council):
        scores: dict[str, Any] = {code: grade for code, _l, _t in items}
    else:
        scores = {code: top for code, _l, top in items}
    ScoreSheet.objects.create(member=member, scores=scores, submitted_at=timezone.now())
    return council


# -- the proposal table -------------------------------------------------------------------------

PROPOSAL_CODES = {"plan": "not_accepted"}


def _proposal_action(action: str) -> Callable[..., Any]:
    def run(user: Any, proposal: Proposal, expert: Any) -> Any:
        if action == "edit":
            return proposals.proposal_update(user=user, proposal=proposal, expected_version=proposal.version)
        if action == "submit":
            return proposals.proposal_submit(user=user, proposal=proposal, today=TODAY)
        if action == "return":
            return proposals.proposal_return(user=user, proposal=proposal, message="Bổ sung dự toán.")
        if action == "form_council":
            members: list[tuple[Any, str]] = [(expert, MemberRole.CHAIR)]
            return councils.council_create(user=user, proposal=proposal, name="HĐ", members=members)
        if action == "plan":
            plan = AnnualPlan.objects.create(year=2027, name="Kế hoạch 2027")
            return plans.plan_add(user=user, plan=plan, proposal=proposal, mode=SelectionMode.DIRECT)
        decision = {v: k for k, v in workflow.SCREENING_ACTIONS.items()}[action]
        return proposals.proposal_screen(user=user, proposal=proposal, decision=decision, note="Lý do.")

    return run


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "status"), refused_moves(PROPOSAL_TRANSITIONS, ProposalStatus.values))
def test_proposal_move_from_an_unlisted_status_is_refused(action, status, call, ward_a, dept_officer, expert):
    proposal = _proposal(call, ward_a, status)
    with pytest.raises(ValidationError) as error:
        _proposal_action(action)(dept_officer, proposal, expert)
    assert error.value.code == PROPOSAL_CODES.get(action, "wrong_state")
    proposal.refresh_from_db()
    assert proposal.status == status


# -- the council table --------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "status"), refused_moves(COUNCIL_TRANSITIONS, COUNCIL_STATUSES))
def test_council_move_from_an_unlisted_status_is_refused(action, status, call, ward_a, dept_officer, expert):
    proposal = _proposal(call, ward_a, ProposalStatus.SUBMITTED)
    council = _scored_council(expert, kind=CouncilKind.SCREENING, proposal=proposal)
    if status == COUNCIL_CONCLUDED:
        Council.objects.filter(pk=council.pk).update(concluded_at=timezone.now(), conclusion="Đạt.")
        council.refresh_from_db()
    member = council.members.get()
    with pytest.raises(ValidationError) as error:
        if action == "declare":
            councils.member_declare(user=expert, member=member, has_conflict=False, note="")
        elif action == "score":
            councils.sheet_save(user=expert, member=member, scores={}, comment="", submit=False)
        else:
            councils.council_conclude(user=dept_officer, council=council, conclusion="Đạt.", accept=True)
    assert error.value.code == "concluded"
    assert workflow.council_status(Council.objects.get(pk=council.pk)) == status


# -- the task table -----------------------------------------------------------------------------


def _task_action(action: str, task: ResearchTask, user: Any, expert: Any, ward: Any) -> None:
    members: list[tuple[Any, str]] = [(expert, MemberRole.CHAIR)]
    version = task.version
    if action == "receive_application":
        task.selection_mode = SelectionMode.OPEN_SELECTION
        tasks.selection_application_add(user=user, application=_application(task, ward, save=False))
    elif action == "form_selection_council":
        application = _application(task, ward)
        councils.selection_council_create(user=user, application=application, name="HĐ", members=members)
    elif action == "start":
        tasks.task_start(user=user, task=task, expected_version=version)
    elif action == "record_milestone":
        milestone = Milestone.objects.create(task=task, title="Khảo sát", due_on=TODAY)
        tasks.milestone_done(user=user, milestone=milestone, day=TODAY, note="")
    elif action == "report_progress":
        report = ProgressReport(task=task, period="6 tháng", as_of=TODAY, work_done="Đã khảo sát.")
        progress.progress_save(user=user, report=report)
    elif action == "ask_change":
        change = ChangeRequest(task=task, kind=ChangeKind.CONTENT, reason="Đổi địa điểm.")
        changes.change_request_create(user=user, change=change)
    elif action == "stop":
        change = ChangeRequest.objects.create(task=task, kind=ChangeKind.STOP, reason="Không khả thi.")
        changes.change_decide(user=user, change=change, approve=True, note="", number="")
    elif action == "form_acceptance_council":
        councils.acceptance_council_create(user=user, task=task, name="HĐ", members=members)
    elif action in ("pass_acceptance", "fail_acceptance"):
        grade = "pass" if action == "pass_acceptance" else "fail"
        council = _scored_council(expert, kind=CouncilKind.ACCEPTANCE, grade=grade, task=task)
        councils.council_conclude(user=user, council=council, conclusion="Kết luận.", accept=True, day=TODAY)
    elif action == "register":
        results.result_register(user=user, task=task, number="01/ĐK", day=TODAY, expected_version=version)
    elif action == "publish":
        task.public_summary = task.public_products = task.public_contact = "x"
        results.result_publish(user=user, task=task, expected_version=version)
    elif action == "record_application":
        use = ResultApplication(task=task, unit=ward, place="Xã Mê Linh", applied_on=TODAY)
        results.application_add(user=user, application=use)
    else:
        raise AssertionError(f"no service for {action}")


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "status"), refused_moves(TASK_TRANSITIONS, TaskStatus.values))
def test_task_move_from_an_unlisted_status_is_refused(action, status, dept_officer, expert, ward_a, settings):
    settings.KHCN_ACCEPTANCE_SCALE = "grades"
    task = _task(status)
    with pytest.raises(ValidationError) as error:
        _task_action(action, task, dept_officer, expert, ward_a)
    assert error.value.code == "wrong_state"
    task.refresh_from_db()
    assert task.status == status


# -- progress reports, change requests, selection applications ---------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "status"), refused_moves(PROGRESS_TRANSITIONS, ProgressStatus.values))
def test_progress_move_from_an_unlisted_status_is_refused(action, status, dept_officer):
    task = _task(TaskStatus.IN_PROGRESS)
    report = ProgressReport.objects.create(task=task, period="6 tháng", as_of=TODAY, work_done="x", status=status)
    with pytest.raises(ValidationError) as error:
        if action == "edit":
            progress.progress_save(user=dept_officer, report=report, expected_version=report.version)
        elif action == "submit":
            progress.progress_submit(user=dept_officer, report=report, expected_version=report.version)
        else:
            approve = action == "approve"
            progress.progress_review(
                user=dept_officer, report=report, approve=approve, note="Bổ sung.", expected_version=report.version
            )
    assert error.value.code == "wrong_state"
    report.refresh_from_db()
    assert report.status == status


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "status"), refused_moves(CHANGE_TRANSITIONS, DecisionStatus.values))
def test_change_move_from_an_unlisted_status_is_refused(action, status, dept_officer):
    task = _task(TaskStatus.IN_PROGRESS)
    change = ChangeRequest.objects.create(task=task, kind=ChangeKind.STOP, reason="x", status=status)
    with pytest.raises(ValidationError) as error:
        changes.change_decide(user=dept_officer, change=change, approve=action == "approve", note="Lý do.", number="")
    assert error.value.code == "wrong_state"
    change.refresh_from_db()
    task.refresh_from_db()
    assert change.status == status and task.status == TaskStatus.IN_PROGRESS


# Selecting an application already selected is refused first because a host is chosen already.
APPLICATION_CODES = {("select", ApplicationStatus.SELECTED): "selected"}


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "status"), refused_moves(APPLICATION_TRANSITIONS, ApplicationStatus.values))
def test_application_move_from_an_unlisted_status_is_refused(action, status, dept_officer, expert, ward_a):
    task = _task(TaskStatus.PLANNED)
    application = _application(task, ward_a, status)
    with pytest.raises(ValidationError) as error:
        if action == "form_council":
            members: list[tuple[Any, str]] = [(expert, MemberRole.CHAIR)]
            councils.selection_council_create(user=dept_officer, application=application, name="HĐ", members=members)
        else:
            council = _scored_council(expert, kind=CouncilKind.SELECTION, application=application)
            accept = action == "select"
            councils.council_conclude(user=dept_officer, council=council, conclusion="Kết luận.", accept=accept)
    assert error.value.code == APPLICATION_CODES.get((action, status), "wrong_state")
    application.refresh_from_db()
    assert application.status == status
    assert not Council.objects.filter(concluded_at__isnull=False).exists()
