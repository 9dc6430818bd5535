"""Scope rules declared on research and meeting models: several paths, terms by role, through a relation."""

from datetime import date, datetime

import pytest
from django.http import Http404
from django.utils import timezone

from conftest import make_user
from khcn.accounts.roles import Role
from khcn.accounts.scoping import get_visible_or_404, visible
from khcn.geo.models import AdminUnit, Organisation, OrganisationKind, UnitLevel
from khcn.meetings.models import Meeting, MeetingUnit
from khcn.research.models import PlanCall, ProgressReport, Proposal, ResearchTask, ScienceField, TaskType

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(db):
    return PlanCall.objects.create(
        name="Đặt hàng 2027", plan_year=2027, opens_on=date(2026, 9, 1), closes_on=date(2026, 12, 31)
    )


@pytest.fixture
def org_in_a(ward_a):
    return Organisation.objects.create(name="HTX Rau sạch Mê Linh", kind=OrganisationKind.OTHER, unit=ward_a)


def _proposal(call, **owner):
    return Proposal.objects.create(call=call, title="Đề xuất " + str(owner), problem="Vấn đề", **owner)


def _task(**fields):
    return ResearchTask.objects.create(
        title="Nhiệm vụ", task_type=TaskType.choices[0][0], field=ScienceField.choices[0][0], **fields
    )


def _ids(qs):
    return sorted(qs.values_list("pk", flat=True))


def test_proposal_of_an_organisation_is_seen_by_the_department_not_by_the_ward(
    call, org_in_a, ward_a, dept_officer, officer_a, officer_b
):
    own = _proposal(call, unit=ward_a)
    by_org = _proposal(call, organisation=org_in_a)
    # The organisation lies in ward A, but that term holds for Department roles only.
    assert _ids(visible(Proposal.objects.all(), dept_officer)) == sorted([own.pk, by_org.pk])
    assert _ids(visible(Proposal.objects.all(), officer_a)) == [own.pk]
    assert _ids(visible(Proposal.objects.all(), officer_b)) == []


def test_organisation_user_sees_its_own_proposals(call, org_in_a, ward_a):
    member = make_user("htx", Role.EXPERT, organisation=org_in_a)
    by_org = _proposal(call, organisation=org_in_a)
    _proposal(call, unit=ward_a)
    assert _ids(visible(Proposal.objects.all(), member)) == [by_org.pk]


def test_tasks_by_role_pi_host_and_proposing_unit(call, ward_a, ward_b, dept_officer, officer_a, officer_b, expert):
    host = expert.grants.get().organisation
    led = _task(pi_user=expert)
    hosted = _task(host_organisation=host)
    proposed = _task(proposal=_proposal(call, unit=ward_a))
    other = _task()
    assert _ids(visible(ResearchTask.objects.all(), dept_officer)) == sorted([led.pk, hosted.pk, proposed.pk, other.pk])
    assert _ids(visible(ResearchTask.objects.all(), expert)) == sorted([led.pk, hosted.pk])
    assert _ids(visible(ResearchTask.objects.all(), officer_a)) == [proposed.pk]
    assert _ids(visible(ResearchTask.objects.all(), officer_b)) == []
    # A unit path term is for local officers only: an expert granted on a unit gets nothing by it.
    unit_expert = make_user("unit_expert", Role.EXPERT, unit=ward_a)
    assert _ids(visible(ResearchTask.objects.all(), unit_expert)) == []


def test_progress_report_follows_its_task(call, ward_a, officer_a, officer_b, expert):
    task = _task(proposal=_proposal(call, unit=ward_a), pi_user=expert)
    report = ProgressReport.objects.create(task=task, period="6 tháng", as_of=date(2026, 6, 30), work_done="…")
    assert get_visible_or_404(ProgressReport.objects.all(), officer_a, pk=report.pk) == report
    assert get_visible_or_404(ProgressReport.objects.all(), expert, pk=report.pk) == report
    with pytest.raises(Http404):
        get_visible_or_404(ProgressReport.objects.all(), officer_b, pk=report.pk)


def test_session_seen_once_through_a_cluster_of_several_units(ward_a, ward_b, officer_b):
    district = AdminUnit.objects.get(level=UnitLevel.DISTRICT, name="Mê Linh")
    officer = make_user("district", Role.LOCAL_OFFICER, unit=district)
    meeting = Meeting.objects.create(
        title="Làm việc cụm", starts_at=timezone.make_aware(datetime(2024, 7, 19, 8)), place="UBND"
    )
    communes = list(district.children.all()[:3])
    assert len(communes) == 3
    for unit in communes:
        MeetingUnit.objects.create(meeting=meeting, unit=unit)
    # Three cluster units in the subtree still give the session once.
    assert list(visible(Meeting.objects.all(), officer)) == [meeting]
    assert list(visible(Meeting.objects.all(), officer_b)) == []
