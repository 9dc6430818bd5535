"""Each event writes the notification to the right people only, and e-mails those who want it."""

from datetime import date

import pytest
from django.core import mail

from conftest import make_user
from khcn.accounts.roles import Role
from khcn.geo.models import Organisation, OrganisationKind
from khcn.meetings import reminders as meeting_reminders
from khcn.meetings import services as meetings
from khcn.meetings.models import AssigneeKind
from khcn.notifications.models import Notification, NotificationKind
from khcn.notifications.services import email_preferences_save
from khcn.reporting import reminders as report_reminders
from khcn.reporting import services as reporting
from khcn.reporting.models import ReportStatus
from khcn.reporting.tests.factories import ReportFactory
from khcn.research import reminders as task_reminders
from khcn.research.models import MemberRole, Milestone, ProposalStatus, TaskStatus
from khcn.research.services import councils, proposals
from khcn.research.tests.factories import ResearchTaskFactory
from khcn.research.tests.test_councils import proposal  # noqa: F401  (a submitted proposal of ward A)

pytestmark = pytest.mark.django_db


@pytest.fixture
def emails(officer_a, officer_b, dept_officer, dept_leader):
    for user in (officer_a, officer_b, dept_officer, dept_leader):
        user.email = f"{user.username}@example.vn"
        user.save()


@pytest.fixture
def office(department):
    return Organisation.objects.create(
        name="Phòng Quản lý khoa học", kind=OrganisationKind.DEPARTMENT_OFFICE, unit=department.unit, parent=department
    )


@pytest.fixture
def division_officer(province, department, office):
    user = make_user("qlkh", Role.DEPARTMENT_OFFICER, unit=province, organisation=department)
    user.grants.update(office=office)
    user.email = "qlkh@example.vn"
    user.save()
    return user


def told(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def mailed():
    return sorted(m.to[0] for m in mail.outbox)


@pytest.mark.parametrize(
    ("status", "move", "kind"),
    [
        (ReportStatus.SUBMITTED, "return", NotificationKind.REPORT_RETURNED),
        (ReportStatus.SUBMITTED, "approve", NotificationKind.REPORT_APPROVED),
        (ReportStatus.APPROVED, "reopen", NotificationKind.REPORT_REOPENED),
        (ReportStatus.APPROVED, "sign_off", NotificationKind.REPORT_SIGNED_OFF),
    ],
)
def test_report_moves_tell_the_units_officers_only(
    period, ward_a, officer_a, officer_b, dept_officer, dept_leader, emails, status, move, kind,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    report = ReportFactory.create(period=period, unit=ward_a, status=status)
    actor = dept_leader if move == "sign_off" else dept_officer
    with django_capture_on_commit_callbacks(execute=True):
        getattr(reporting, f"report_{move}")(report=report, user=actor, message="Rà soát chỉ tiêu A3.")
    assert told(kind) == ["officer_a"]
    note = Notification.objects.get(kind=kind)
    assert note.url == report.get_absolute_url() and note.target == report
    assert mailed() == ["officer_a@example.vn"]
    assert "Rà soát chỉ tiêu A3." in mail.outbox[0].body and report.get_absolute_url() in mail.outbox[0].body


def test_a_unit_officer_who_turned_email_off_still_sees_it_in_the_inbox(
    period, ward_a, officer_a, dept_officer, emails, django_capture_on_commit_callbacks
):
    email_preferences_save(user=officer_a, wanted=[NotificationKind.REPORT_APPROVED])
    report = ReportFactory.create(period=period, unit=ward_a, status=ReportStatus.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        reporting.report_return(report=report, user=dept_officer, message="Thiếu số liệu.")
    assert told(NotificationKind.REPORT_RETURNED) == ["officer_a"]
    assert mail.outbox == []


def test_a_directive_to_a_unit_tells_its_officers(
    ward_a, officer_a, officer_b, dept_officer, emails, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item = meetings.item_add(
            user=dept_officer, unit=ward_a, kind="directive", text="Báo cáo kết quả chuyển đổi số", assignee_kind="unit"
        )
    assert told(NotificationKind.ITEM_ASSIGNED) == ["officer_a"]
    assert Notification.objects.get().url == item.get_absolute_url()
    assert mailed() == ["officer_a@example.vn"]


def test_a_request_to_a_division_tells_that_divisions_officers(
    ward_a, officer_a, dept_officer, division_officer, emails, office
):
    meetings.item_add(user=officer_a, unit=ward_a, kind="request", text="Hỗ trợ tập huấn", assignee_office=office)
    assert told(NotificationKind.ITEM_ASSIGNED) == ["qlkh"]


def test_an_answer_tells_everyone_concerned_but_its_author(
    ward_a, officer_a, officer_b, dept_officer, division_officer, office, emails
):
    item = meetings.item_add(
        user=dept_officer, unit=ward_a, kind="request", text="Hỗ trợ tập huấn", assignee_office=office
    )
    meetings.item_respond(user=officer_a, item=item, text="Xã đã gửi danh sách học viên.")
    assert told(NotificationKind.ITEM_ANSWERED) == ["officer", "qlkh"]
    Notification.objects.all().delete()
    meetings.item_respond(user=division_officer, item=item, text="Sở tổ chức lớp ngày 20/9.", status="answered")
    assert told(NotificationKind.ITEM_ANSWERED) == ["officer", "officer_a"]


def test_returned_and_screened_proposals_tell_the_proposer(
    proposal,  # noqa: F811
    officer_a,
    officer_b,
    dept_officer,
    emails,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        proposals.proposal_return(user=dept_officer, proposal=proposal, message="Bổ sung dự toán.")
    assert told(NotificationKind.PROPOSAL_RETURNED) == ["officer_a"]
    assert mailed() == ["officer_a@example.vn"] and "Bổ sung dự toán." in mail.outbox[0].body
    proposals.proposal_submit(user=officer_a, proposal=proposal, today=date(2026, 11, 25))
    proposals.proposal_screen(user=dept_officer, proposal=proposal, decision=ProposalStatus.ACCEPTED, note="")
    assert told(NotificationKind.PROPOSAL_SCREENED) == ["officer_a"]


def test_each_council_member_is_invited_to_their_own_seat(proposal, dept_officer, ward_b):  # noqa: F811
    institute = Organisation.objects.create(name="Viện Chăn nuôi", kind=OrganisationKind.INSTITUTE, unit=ward_b)
    chair = make_user("chair", Role.EXPERT, organisation=institute)
    member = make_user("member", Role.COUNCIL_MEMBER, organisation=institute)
    council = councils.council_create(
        user=dept_officer,
        proposal=proposal,
        name="Hội đồng xác định nhiệm vụ",
        members=[(chair, MemberRole.CHAIR), (member, MemberRole.MEMBER)],
    )
    assert told(NotificationKind.COUNCIL_INVITATION) == ["chair", "member"]
    seat = council.members.get(user=member)
    assert Notification.objects.get(recipient=member).url == f"/research/reviews/{seat.pk}/"


def test_report_reminders_land_in_the_pending_units_inbox(
    period, ward_a, ward_b, officer_a, officer_b, dept_officer, emails, django_capture_on_commit_callbacks
):
    ReportFactory.create(period=period, unit=ward_a, status=ReportStatus.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        report_reminders.reminders_send(period=period, user=dept_officer, units=[ward_a, ward_b])
    assert told(NotificationKind.REPORT_REMINDER) == ["officer_b"]
    assert mailed() == ["officer_b@example.vn"]


def test_item_reminders_land_in_the_inbox(ward_a, officer_a, officer_b, dept_officer, emails, time_machine):
    time_machine.move_to(date(2026, 9, 1))
    meetings.item_add(
        user=dept_officer, unit=ward_a, kind="directive", text="Báo cáo quá hạn", assignee_kind=AssigneeKind.UNIT,
        due_on=date(2026, 8, 1),
    )  # fmt: skip
    Notification.objects.all().delete()
    assert meeting_reminders.followup_reminders_send(today=date(2026, 9, 1)) == (1, 1)
    assert told(NotificationKind.ITEM_REMINDER) == ["officer_a"]


def test_task_reminders_land_in_the_pis_inbox(province, officer_a):
    host = Organisation.objects.create(name="Viện Chăn nuôi", kind=OrganisationKind.INSTITUTE, unit=province)
    pi = make_user("chunhiem", Role.EXPERT, organisation=host)
    task = ResearchTaskFactory.create(status=TaskStatus.IN_PROGRESS, pi_user=pi, host_organisation=host)
    Milestone.objects.create(task=task, title="Khảo sát", due_on=date(2026, 11, 1))
    sent, milestones, _registrations = task_reminders.task_reminders_send(today=date(2026, 12, 3))
    assert (sent, milestones) == (1, 1)
    assert told(NotificationKind.TASK_REMINDER) == ["chunhiem"]
