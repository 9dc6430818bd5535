"""The writes the pages used to make themselves, now services: a plan started, a proposal's
requests, the task sheet with its rows, and a selection application received."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from khcn.core.concurrency import StaleObjectError
from khcn.geo.models import Organisation, OrganisationKind
from khcn.meetings.models import FollowUp, FollowUpKind
from khcn.research.models import (
    AnnualPlan,
    PlanCall,
    Proposal,
    ResearchTask,
    ScienceField,
    SelectionApplication,
    SelectionMode,
    TaskStatus,
    TaskType,
)
from khcn.research.services import plans, proposals, tasks

pytestmark = pytest.mark.django_db


def test_a_plan_is_started_once_a_year(dept_officer, officer_a):
    plan = plans.plan_create(user=dept_officer, year=2027)
    assert plan.name.endswith("năm 2027") and plan.created_by == dept_officer
    with pytest.raises(ValidationError) as error:
        plans.plan_create(user=dept_officer, year=2027)
    assert error.value.code == "duplicate"
    with pytest.raises(PermissionDenied):
        plans.plan_create(user=officer_a, year=2028)
    assert AnnualPlan.objects.count() == 1


def test_the_plan_page_starts_a_plan_through_the_service(client, dept_officer):
    client.force_login(dept_officer)
    response = client.post(reverse("research:plan_list"), {"year": "2027"})
    plan = AnnualPlan.objects.get(year=2027)
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    again = client.post(reverse("research:plan_list"), {"year": "2027"})
    assert again.status_code == 422 and "2027" in again.content.decode()


@pytest.fixture
def meeting_request(ward_a):  # type: ignore[no-untyped-def]
    return FollowUp.objects.create(kind=FollowUpKind.REQUEST, unit=ward_a, text="Hỗ trợ xử lý chất thải chăn nuôi.")


def test_a_proposal_keeps_the_requests_it_answers(officer_a, ward_a, meeting_request):
    call = PlanCall.objects.create(
        name="Đợt 2027", plan_year=2027, opens_on=date(2026, 6, 1), closes_on=date(2026, 12, 31)
    )
    proposal = Proposal(call=call, unit=ward_a, title="Xử lý chất thải chăn nuôi", problem="x")
    proposals.proposal_create(user=officer_a, proposal=proposal, followups=[meeting_request])
    assert list(proposal.followups.all()) == [meeting_request]
    proposals.proposal_update(user=officer_a, proposal=proposal, expected_version=proposal.version, followups=[])
    assert not proposal.followups.exists()
    proposal.title = "Tên mới"
    with pytest.raises(StaleObjectError):  # nothing of a stale copy is saved, its requests neither
        proposals.proposal_update(user=officer_a, proposal=proposal, expected_version=1, followups=[meeting_request])
    assert not proposal.followups.exists()


class Rows:
    """Stands for a form set of the task's rows: records that it was saved."""

    saved = False

    def save(self) -> None:
        self.saved = True


@pytest.fixture
def planned(db):  # type: ignore[no-untyped-def]
    return ResearchTask.objects.create(
        code="KH2027-01",
        title="Xử lý chất thải chăn nuôi",
        task_type=TaskType.TOPIC,
        field=ScienceField.AGRICULTURAL,
        status=TaskStatus.PLANNED,
        selection_mode=SelectionMode.OPEN_SELECTION,
    )


def test_the_task_sheet_and_its_rows_are_saved_together(planned, dept_officer):
    rows = Rows()
    planned.contract_number = "05/HĐ"
    tasks.task_sheet_save(user=dept_officer, task=planned, expected_version=planned.version, rows=[rows])
    assert rows.saved and ResearchTask.objects.get(pk=planned.pk).contract_number == "05/HĐ"
    stale, late = Rows(), ResearchTask.objects.get(pk=planned.pk)
    late.contract_number = "06/HĐ"
    with pytest.raises(StaleObjectError):
        tasks.task_sheet_save(user=dept_officer, task=late, expected_version=1, rows=[stale])
    assert not stale.saved
    refused = Rows()
    late.start_date, late.end_date = date(2027, 6, 1), date(2027, 1, 1)
    with pytest.raises(ValidationError):
        tasks.task_sheet_save(user=dept_officer, task=late, expected_version=late.version, rows=[refused])
    assert not refused.saved


def _application(task: ResearchTask, unit) -> SelectionApplication:  # type: ignore[no-untyped-def]
    host = Organisation.objects.create(name="Viện Chăn nuôi", kind=OrganisationKind.INSTITUTE, unit=unit)
    return SelectionApplication(
        task=task,
        organisation=host,
        applicant_name=host.name,
        pi_name="Trần Văn Chủ",
        budget_million=Decimal(800),
        duration_months=12,
        summary="Quy trình xử lý.",
    )


def test_an_application_is_received_for_a_task_put_to_open_selection(planned, dept_officer, officer_a, province):
    application = tasks.selection_application_add(user=dept_officer, application=_application(planned, province))
    assert application.pk and application.created_by == dept_officer
    with pytest.raises(PermissionDenied):
        tasks.selection_application_add(user=officer_a, application=_application(planned, province))
    planned.selection_mode = SelectionMode.DIRECT
    with pytest.raises(ValidationError) as error:
        tasks.selection_application_add(user=dept_officer, application=_application(planned, province))
    assert error.value.code == "selection_mode"
    assert SelectionApplication.objects.count() == 1
