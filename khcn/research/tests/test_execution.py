"""A task from the plan to its published result: contract, progress, changes, acceptance, publication."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from conftest import make_user
from khcn.accounts.roles import Role
from khcn.core.concurrency import StaleObjectError
from khcn.geo.models import Organisation, OrganisationKind
from khcn.research import scales, scoring
from khcn.research.models import (
    AnnualPlan,
    ApplicationStatus,
    BudgetLine,
    ChangeKind,
    ChangeRequest,
    MemberRole,
    Milestone,
    ProgressReport,
    ProgressStatus,
    ResultApplication,
    SelectionApplication,
    SelectionMode,
    TaskMember,
    TaskStatus,
)
from khcn.research.services import changes, councils, plans, progress, results, tasks
from khcn.research.tests.test_plans import accepted  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 3)  # the tasks' dates are placed around it


@pytest.fixture(autouse=True)
def _today(time_machine):  # type: ignore[no-untyped-def]
    """Services compare with the real today (a milestone overdue, a registration due): pin it."""
    time_machine.move_to(datetime.combine(TODAY, time(9), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=True)


@pytest.fixture
def host(province):
    return Organisation.objects.create(name="Viện Chăn nuôi", kind=OrganisationKind.INSTITUTE, unit=province)


@pytest.fixture
def pi(host):
    return make_user("chunhiem", Role.EXPERT, organisation=host, full_name="Trần Văn Chủ")


@pytest.fixture
def planned(accepted, dept_officer, host, pi):  # noqa: F811
    plan = AnnualPlan.objects.create(year=2027, name="Kế hoạch 2027")
    task = plans.plan_add(user=dept_officer, plan=plan, proposal=accepted, mode=SelectionMode.DIRECT)
    plans.plan_approve(user=dept_officer, plan=plan, number="12/QĐ-UBND", day=date(2026, 12, 1), expected_version=1)
    task.refresh_from_db()
    return task


@pytest.fixture
def running(planned, dept_officer, host, pi):
    task = planned
    task.host_organisation, task.host_name, task.pi_name, task.pi_user = host, host.name, "Trần Văn Chủ", pi
    task.contract_number, task.contract_date = "05/HĐ-SKHCN", TODAY - timedelta(days=200)
    task.start_date, task.end_date = TODAY - timedelta(days=200), TODAY + timedelta(days=300)
    tasks.task_update(user=dept_officer, task=task, expected_version=task.version)
    Milestone.objects.create(task=task, title="Khảo sát hiện trạng", due_on=TODAY - timedelta(days=30))
    Milestone.objects.create(task=task, title="Mô hình xử lý", due_on=TODAY + timedelta(days=100))
    TaskMember.objects.create(task=task, name="Trần Văn Chủ", role="pi")
    BudgetLine.objects.create(task=task, year=2027, planned_million=Decimal(900), disbursed_million=Decimal(450))
    tasks.task_start(user=dept_officer, task=task, expected_version=task.version)
    task.refresh_from_db()
    return task


def test_the_contract_starts_a_task_only_when_the_sheet_is_complete(planned, dept_officer, pi):
    with pytest.raises(ValidationError) as error:
        tasks.task_start(user=dept_officer, task=planned, expected_version=planned.version)
    assert error.value.code == "missing"
    with pytest.raises(PermissionDenied):
        tasks.task_start(user=pi, task=planned, expected_version=planned.version)


def test_a_started_task_is_in_progress_with_years_from_its_dates(running):
    assert running.status == TaskStatus.IN_PROGRESS
    assert running.start_year == running.start_date.year and running.end_year == running.end_date.year


def test_progress_report_review_workflow(running, pi, dept_officer, officer_b):
    report = progress.progress_save(
        user=pi,
        report=ProgressReport(task=running, period="6 tháng đầu năm", as_of=TODAY, work_done="Đã khảo sát 40 hộ."),
    )
    assert report.status == ProgressStatus.DRAFT
    with pytest.raises(PermissionDenied):
        progress.progress_save(user=officer_b, report=ProgressReport(task=running, period="x", as_of=TODAY))
    progress.progress_submit(user=pi, report=report, expected_version=report.version)
    with pytest.raises(ValidationError):  # returning needs a comment
        progress.progress_review(user=dept_officer, report=report, approve=False, note="", expected_version=2)
    with pytest.raises(PermissionDenied):  # the host does not review itself
        progress.progress_review(user=pi, report=report, approve=True, note="", expected_version=2)
    progress.progress_review(
        user=dept_officer, report=report, approve=False, note="Bổ sung số liệu chi.", expected_version=2
    )
    report.refresh_from_db()
    assert report.status == ProgressStatus.RETURNED and report.review_note == "Bổ sung số liệu chi."
    report.spent_million = Decimal("320.5")
    progress.progress_save(user=pi, report=report, expected_version=3)
    with pytest.raises(StaleObjectError):  # a copy loaded before that edit
        progress.progress_submit(user=pi, report=report, expected_version=3)
    progress.progress_submit(user=pi, report=report, expected_version=4)
    progress.progress_review(user=dept_officer, report=report, approve=True, note="", expected_version=5)
    report.refresh_from_db()
    assert report.status == ProgressStatus.APPROVED and report.history.count() >= 5


def test_an_approved_extension_moves_the_end_date(running, pi, dept_officer):
    with pytest.raises(ValidationError) as error:
        changes.change_request_create(
            user=pi, change=ChangeRequest(task=running, kind=ChangeKind.EXTENSION, reason="Mưa lũ")
        )
    assert "new_end_date" in error.value.error_dict
    new_end = running.end_date + timedelta(days=90)
    change = changes.change_request_create(
        user=pi,
        change=ChangeRequest(task=running, kind=ChangeKind.EXTENSION, reason="Mưa lũ", new_end_date=new_end),
    )
    with pytest.raises(ValidationError):  # one pending request of a kind
        changes.change_request_create(
            user=pi,
            change=ChangeRequest(task=running, kind=ChangeKind.EXTENSION, reason="x", new_end_date=new_end),
        )
    with pytest.raises(ValidationError):  # a rejection needs a reason
        changes.change_decide(user=dept_officer, change=change, approve=False, note="", number="")
    changes.change_decide(user=dept_officer, change=change, approve=True, note="Đồng ý", number="30/QĐ-SKHCN")
    running.refresh_from_db()
    assert running.end_date == new_end and change.status == "approved"


@pytest.fixture
def grading(running, dept_officer, expert, council_member, province):
    university = Organisation.objects.create(
        name="Đại học Nông nghiệp", kind=OrganisationKind.UNIVERSITY, unit=province
    )
    third = make_user("gs3", Role.EXPERT, organisation=university, full_name="Lê Thị Ba")
    fourth = make_user("gs4", Role.EXPERT, organisation=university, full_name="Phạm Văn Bốn")
    council = councils.acceptance_council_create(
        user=dept_officer,
        task=running,
        name="Hội đồng nghiệm thu",
        members=[
            (expert, MemberRole.CHAIR),
            (council_member, MemberRole.REVIEWER),
            (third, "member"),
            (fourth, "member"),
        ],
    )
    for member in council.members.all():
        councils.member_declare(user=member.user, member=member, has_conflict=False, note="")
    return council


def _grade(council, overall: list[str]) -> None:
    codes = [code for code, _l, _t in scales.criteria(council)]
    for member, grade in zip(council.members.order_by("pk"), overall, strict=True):
        member.refresh_from_db()
        _sheet, errors = councils.sheet_save(
            user=member.user,
            member=member,
            scores={**dict.fromkeys(codes, "pass"), "overall": grade},
            comment="",
            submit=True,
        )
        assert not errors, errors


@pytest.mark.parametrize(
    ("overall", "grade"),
    [
        (["excellent", "excellent", "excellent", "pass"], "excellent"),  # 3/4 excellent, none fail
        (["excellent", "excellent", "excellent", "fail"], "pass"),  # 3/4 pass or better, but a fail
        (["excellent", "pass", "pass", "fail"], "pass"),  # exactly 3/4 at Đạt or better
        (["pass", "pass", "fail", "fail"], "fail"),  # only 2/4
    ],
)
def test_acceptance_grade_follows_the_three_quarters_rules(grading, overall, grade):
    assert grading.task.status == TaskStatus.IN_ACCEPTANCE
    _grade(grading, overall)
    assert scoring.council_aggregate(grading).grade == grade


def test_a_sheet_on_the_grade_scale_refuses_points(grading):
    member = grading.members.order_by("pk").first()
    _sheet, errors = councils.sheet_save(
        user=member.user, member=member, scores={"products": "80"}, comment="", submit=True
    )
    assert errors["products"] and "overall" in errors


def test_points_scale_puts_the_mean_in_a_band(grading, settings):
    settings.KHCN_ACCEPTANCE_SCALE = "points"
    tops = {code: top for code, _l, top in scales.criteria(grading)}
    for member, share in zip(grading.members.order_by("pk"), [0.9, 0.8, 0.8, 0.7], strict=True):
        councils.sheet_save(
            user=member.user,
            member=member,
            scores={code: str(int(top * share)) for code, top in tops.items()},
            comment="",
            submit=True,
        )
    result = scoring.council_aggregate(grading)
    assert result.mean_total == Decimal("80.00") and result.grade == "good"  # 90, 80, 80, 70 → 80: Khá


def test_the_pi_on_the_acceptance_council_is_flagged(running, dept_officer, pi, expert):
    council = councils.acceptance_council_create(
        user=dept_officer, task=running, name="HĐ", members=[(expert, MemberRole.CHAIR), (pi, "member")]
    )
    seat = council.members.get(user=pi)
    assert seat.flagged and not seat.may_score
    assert not council.members.get(user=expert).flagged


def test_acceptance_then_registration_publication_and_application(grading, dept_officer, officer_a, ward_a, client):
    _grade(grading, ["excellent"] * 4)
    councils.council_conclude(
        user=dept_officer,
        council=grading,
        conclusion="Nhiệm vụ hoàn thành.",
        accept=True,
        final_products="Quy trình xử lý chất thải",
        day=TODAY,
    )
    task = grading.task
    task.refresh_from_db()
    assert (task.status, task.grade, task.accepted_on) == (TaskStatus.ACCEPTED, "excellent", TODAY)
    assert task.registration_due() == TODAY + timedelta(days=30)
    with pytest.raises(ValidationError):
        results.result_register(
            user=dept_officer, task=task, number="01/ĐK", day=TODAY - timedelta(days=1), expected_version=task.version
        )
    results.result_register(user=dept_officer, task=task, number="01/ĐK", day=TODAY, expected_version=task.version)
    task.refresh_from_db()
    with pytest.raises(ValidationError):  # never re-issued
        results.result_register(user=dept_officer, task=task, number="02", day=TODAY, expected_version=task.version)
    url = reverse("research:result_detail", args=[task.pk])
    assert client.get(url).status_code == 404  # not published yet
    with pytest.raises(ValidationError) as error:
        results.result_publish(user=dept_officer, task=task, expected_version=task.version)
    assert set(error.value.error_dict) == {"public_summary", "public_products", "public_contact"}
    task.public_summary, task.public_products = "Xử lý 90% nước thải.", "Quy trình; mô hình"
    task.public_contact = "Viện Chăn nuôi, 024 0000 0000"
    results.result_publish(user=dept_officer, task=task, expected_version=task.version)
    page = client.get(url)  # anonymous
    assert page.status_code == 200 and "Xử lý 90% nước thải." in page.content.decode()
    assert task.title in client.get(reverse("research:result_list") + "?q=chat thai").content.decode()
    results.application_add(
        user=officer_a,
        application=ResultApplication(task=task, unit=ward_a, place="Trang trại thôn Bến", applied_on=TODAY),
    )
    assert task.applications.count() == 1


def test_selection_council_picks_the_host(planned, dept_officer, expert, council_member, host, pi):
    planned.selection_mode = SelectionMode.OPEN_SELECTION
    planned.save()
    first = SelectionApplication.objects.create(
        task=planned, organisation=host, applicant_name=host.name, pi_name="Trần Văn Chủ", pi_user=pi,
        budget_million=Decimal(1400), duration_months=24, summary="Mô hình biogas",
    )  # fmt: skip
    second = SelectionApplication.objects.create(
        task=planned, applicant_name="Công ty Môi trường Xanh", pi_name="Đỗ Văn Hai",
        budget_million=Decimal(1450), duration_months=24, summary="Đệm lót sinh học",
    )  # fmt: skip
    council = councils.selection_council_create(
        user=dept_officer,
        application=first,
        name="HĐ tuyển chọn",
        members=[(expert, MemberRole.CHAIR), (council_member, MemberRole.MEMBER)],
    )
    scores = {code: str(top // 2) for code, _l, top in scales.criteria(council)}
    for member in council.members.all():
        councils.member_declare(user=member.user, member=member, has_conflict=False, note="")
        member.refresh_from_db()
        _sheet, errors = councils.sheet_save(user=member.user, member=member, scores=scores, comment="", submit=True)
        assert not errors
    councils.council_conclude(user=dept_officer, council=council, conclusion="Chọn hồ sơ 1.", accept=True)
    planned.refresh_from_db()
    second.refresh_from_db()
    assert (planned.host_organisation, planned.pi_user, planned.budget_million) == (host, pi, Decimal(1400))
    assert second.status == ApplicationStatus.NOT_SELECTED


def test_scope_of_the_task_pages(running, client, officer_a, officer_b, pi, dept_officer):
    url = reverse("research:task_detail", args=[running.pk])
    client.force_login(officer_b)
    assert client.get(url).status_code == 404
    client.force_login(officer_a)  # the unit that proposed it: reads, does not manage
    page = client.get(url)
    assert page.status_code == 200 and reverse("research:task_edit", args=[running.pk]) not in page.content.decode()
    assert client.get(reverse("research:task_edit", args=[running.pk])).status_code == 403
    client.force_login(pi)
    assert "Khảo sát hiện trạng" in client.get(url).content.decode()
    assert client.get(reverse("research:progress_create", args=[running.pk])).status_code == 200
    client.force_login(dept_officer)
    assert client.get(reverse("research:task_edit", args=[running.pk])).status_code == 200


def test_failed_progress_form_keeps_the_input(running, client, pi):
    client.force_login(pi)
    response = client.post(
        reverse("research:progress_create", args=[running.pk]),
        {"period": "Quý I", "as_of": "", "work_done": "Đã lắp đặt hầm biogas"},
    )
    assert response.status_code == 422
    assert "Đã lắp đặt hầm biogas" in response.content.decode()


def test_board_shows_overdue_milestones_and_the_chain(running, client, dept_officer, django_assert_max_num_queries):
    client.force_login(dept_officer)
    with django_assert_max_num_queries(30):
        page = client.get(reverse("research:task_board"))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Khảo sát hiện trạng" in body  # overdue by 30 days
    assert running.code in body and "450" in body
    export = client.get(reverse("research:task_board") + "?export=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_history_names_the_host_and_the_pi_account(running, host, pi):
    from khcn.core.history import history_entries

    changes = {str(c.new) for entry in history_entries(running) for c in entry.changes}
    assert host.name in changes and str(pi) in changes
    assert str(host.pk) not in changes


def test_reminders_for_overdue_milestones_and_late_registration(
    running, pi, mailoutbox, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from khcn.research.reminders import task_reminders_send as send_now

    def task_reminders_send(**kwargs):  # type: ignore[no-untyped-def]
        with django_capture_on_commit_callbacks(execute=True):  # the mail is a task queued on commit
            return send_now(**kwargs)

    pi.email = "chunhiem@example.vn"
    pi.save()
    assert task_reminders_send(today=TODAY) == (1, 1, 0)
    (message,) = mailoutbox
    assert message.to == ["chunhiem@example.vn"] and "Khảo sát hiện trạng" in message.body
    assert "Mô hình xử lý" not in message.body  # not due yet
    assert task_reminders_send(today=TODAY) == (0, 0, 0)  # not again the same week
    Milestone.objects.update(reminded_at=timezone.now() - timedelta(days=8))
    assert task_reminders_send(today=TODAY)[1] == 1
    Milestone.objects.update(done_on=TODAY)
    running.status, running.accepted_on = TaskStatus.ACCEPTED, TODAY - timedelta(days=40)
    running.save()
    assert task_reminders_send(today=TODAY) == (1, 0, 1)
    assert running.code in mailoutbox[-1].body


def test_a_task_council_sits_under_tasks_in_the_navigation(grading, dept_officer, client):
    from django.utils import translation

    from khcn.core.navigation import nav_for

    url = grading.get_absolute_url()
    assert url.startswith("/research/tasks/")
    client.force_login(dept_officer)
    assert client.get(url).status_code == 200
    with translation.override("en"):
        active = [str(i["label"]) for i in nav_for(dept_officer, url) if i["active"]]
    assert active == ["S&T tasks"]
