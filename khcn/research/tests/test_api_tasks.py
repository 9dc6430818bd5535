"""S&T tasks, progress reports and council seats through /api/v1/: scope, workflow, gating."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import make_user
from khcn.accounts.roles import Role
from khcn.geo.models import Organisation, OrganisationKind
from khcn.research import scales
from khcn.research.models import (
    AnnualPlan,
    BudgetLine,
    FundingSource,
    Milestone,
    PlanCall,
    ProgressReport,
    Proposal,
    ProposalStatus,
    ResearchTask,
    ScienceField,
    ScoreSheet,
    TaskMember,
    TaskMemberRole,
    TaskStatus,
)
from khcn.research.services import councils

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def call(db):
    return PlanCall.objects.create(
        name="Đề xuất đặt hàng năm 2025", plan_year=2025, opens_on=date(2024, 6, 1), closes_on=date(2024, 9, 30)
    )


def proposal_of(call, unit, title="Nghiên cứu xử lý ô nhiễm trong chăn nuôi", status=ProposalStatus.ACCEPTED):
    return Proposal.objects.create(call=call, unit=unit, title=title, problem="Nước thải chăn nuôi.", status=status)


def make_task(code, *, title="Nhiệm vụ", status=TaskStatus.IN_PROGRESS, **extra):
    return ResearchTask.objects.create(
        code=code,
        title=title,
        task_type="topic",
        field=extra.pop("field", ScienceField.AGRICULTURAL),
        status=status,
        start_year=2025,
        **extra,
    )


@pytest.fixture
def pi(province):
    """The principal investigator: sees and reports on the tasks they lead, nothing else."""
    institute = Organisation.objects.create(
        name="Viện Môi trường Nông nghiệp", kind=OrganisationKind.INSTITUTE, unit=province
    )
    return make_user("pi", Role.EXPERT, organisation=institute, full_name="Chủ nhiệm nhiệm vụ")


@pytest.fixture
def nobody(db):
    return make_user("nobody", Role.PUBLIC, full_name="Người không liên quan")


def ids(response):
    assert response.status_code == 200, response.json()
    return [row["id"] for row in response.json()["results"]]


# -- tasks ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/tasks/", "/api/v1/progress-reports/", "/api/v1/reviews/"])
def test_anonymous_callers_are_turned_away(client, path):
    assert client.get(path).status_code in (401, 403)


def test_a_local_officer_sees_only_tasks_their_unit_proposed(client, call, officer_a, nobody, ward_a, ward_b):
    mine = make_task("ML-01", proposal=proposal_of(call, ward_a))
    theirs = make_task("QM-01", proposal=proposal_of(call, ward_b))
    make_task("SO-01")  # the Department's own task, proposed by nobody
    client.force_login(officer_a)
    assert ids(client.get("/api/v1/tasks/")) == [mine.pk]
    detail = client.get(f"/api/v1/tasks/{mine.pk}/").json()
    assert detail["proposing_unit"] == "Xã Mê Linh" and detail["proposal"] == mine.proposal_id
    assert client.get(f"/api/v1/tasks/{theirs.pk}/").status_code == 404

    client.force_login(nobody)
    assert ids(client.get("/api/v1/tasks/")) == []
    assert client.get(f"/api/v1/tasks/{mine.pk}/").status_code == 404


def test_the_principal_investigator_sees_the_tasks_they_lead(client, pi):
    led = make_task("PI-01", pi_user=pi)
    make_task("PI-02")
    client.force_login(pi)
    assert ids(client.get("/api/v1/tasks/")) == [led.pk]


def test_tasks_filter_by_status_field_plan_and_folded_search(client, dept_officer):
    plan = AnnualPlan.objects.create(year=2025, name="Kế hoạch KH&CN năm 2025")
    polluted = make_task("01C-01/25", title="Xử lý ô nhiễm làng nghề Thạch Thất", plan=plan)
    chicken = make_task("01C-02/25", title="Bảo tồn giống gà Mía", status=TaskStatus.PLANNED)
    digital = make_task("01C-03/24", title="Dịch vụ công trực tuyến", field=ScienceField.SOCIAL)
    client.force_login(dept_officer)
    assert ids(client.get("/api/v1/tasks/", {"q": "xu ly o nhiem"})) == [polluted.pk]
    assert ids(client.get("/api/v1/tasks/", {"q": "GÀ MÍA"})) == [chicken.pk]
    assert ids(client.get("/api/v1/tasks/", {"q": "01c-03"})) == [digital.pk]
    assert ids(client.get("/api/v1/tasks/", {"status": "planned"})) == [chicken.pk]
    assert ids(client.get("/api/v1/tasks/", {"field": "social"})) == [digital.pk]
    assert ids(client.get("/api/v1/tasks/", {"plan": 2025})) == [polluted.pk]
    assert client.get("/api/v1/tasks/", {"status": "sleeping"}).status_code == 400
    page = client.get("/api/v1/tasks/").json()
    assert page["count"] == 3 and "next" in page


def test_task_detail_nests_members_budget_milestones_and_acceptance(client, dept_officer, time_machine):
    time_machine.move_to(datetime(2026, 12, 3, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=True)
    today = timezone.localdate()
    task = make_task(
        "01C-09/23",
        status=TaskStatus.ACCEPTED,
        objectives="Quy trình xử lý chất thải.",
        grade="pass",
        accepted_on=today - timedelta(days=40),
        registration_number="123/2025/ĐKKQ",
        registered_on=today - timedelta(days=20),
        published_at=timezone.now(),
    )
    TaskMember.objects.create(task=task, name="Nguyễn Văn An", title="TS.", role=TaskMemberRole.PI)
    TaskMember.objects.create(task=task, name="Trần Thị Bình", role=TaskMemberRole.SECRETARY)
    BudgetLine.objects.create(task=task, year=2024, planned_million=Decimal("100"), disbursed_million=Decimal("100"))
    BudgetLine.objects.create(
        task=task, year=2025, source=FundingSource.HOST, planned_million=Decimal("50.5"), disbursed_million=0
    )
    late = Milestone.objects.create(task=task, title="Khảo sát", due_on=today - timedelta(days=10))
    done = Milestone.objects.create(task=task, title="Thiết kế", due_on=today - timedelta(days=5), done_on=today)
    ahead = Milestone.objects.create(task=task, title="Trình diễn", due_on=today + timedelta(days=30))
    client.force_login(dept_officer)

    body = client.get(f"/api/v1/tasks/{task.pk}/").json()
    assert [m["name"] for m in body["members"]] == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert [(b["year"], b["source"], b["planned_million"]) for b in body["budget_lines"]] == [
        (2024, "state_st", "100.0"),
        (2025, "host", "50.5"),
    ]
    assert (body["planned_million"], body["disbursed_million"]) == ("150.5", "100.0")
    assert {m["id"]: m["overdue"] for m in body["milestones"]} == {late.pk: True, done.pk: False, ahead.pk: False}
    assert body["overdue_milestones"] == 1
    acceptance = body["acceptance"]
    assert acceptance["grade"] == "pass" and acceptance["grade_label"] == scales.grade_label("pass")
    assert acceptance["registration_number"] == "123/2025/ĐKKQ"
    assert acceptance["accepted_on"] == str(today - timedelta(days=40))
    assert acceptance["registered_on"] and acceptance["published_at"]
    listed = client.get("/api/v1/tasks/").json()["results"][0]
    assert listed["overdue_milestones"] == 1 and "members" not in listed


def _task_with_children(code, call, unit, plan):
    task = make_task(code, title=f"Nhiệm vụ {code}", proposal=proposal_of(call, unit, title=code), plan=plan)
    TaskMember.objects.create(task=task, name="Chủ nhiệm", role=TaskMemberRole.PI)
    BudgetLine.objects.create(task=task, year=2025, planned_million=10)
    Milestone.objects.create(task=task, title="Bước 1", due_on=date(2025, 1, 1))
    return task


def test_task_list_costs_the_same_queries_for_2_or_8_tasks(client, dept_officer, call, ward_a):
    plan = AnnualPlan.objects.create(year=2025, name="Kế hoạch 2025")
    for i in range(2):
        _task_with_children(f"T-{i}", call, ward_a, plan)
    client.force_login(dept_officer)
    client.get("/api/v1/tasks/")  # warm caches (content types, sessions) so both counts compare alike

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/v1/tasks/")
        assert response.status_code == 200
        return len(queries)

    few = count()
    for i in range(2, 8):
        _task_with_children(f"T-{i}", call, ward_a, plan)
    assert client.get("/api/v1/tasks/").json()["count"] == 8
    assert count() == few


# -- progress reports -------------------------------------------------------------------------


REPORT = {"period": "6 tháng đầu năm 2025", "as_of": "2025-06-30", "work_done": "Khảo sát 20 hộ chăn nuôi."}


@pytest.fixture
def running(call, ward_a, pi):
    return make_task(
        "01C-05/25", title="Xử lý chất thải chăn nuôi tại Mê Linh", pi_user=pi, proposal=proposal_of(call, ward_a)
    )


def test_progress_report_workflow_with_a_stale_version(client, running, pi, officer_a, dept_officer, nobody):
    planned = make_task("01C-06/25", pi_user=pi, status=TaskStatus.PLANNED)
    # The proposing commune sees the task but does not report on it.
    client.force_login(officer_a)
    refused = client.post("/api/v1/progress-reports/", {**REPORT, "task": running.pk}, content_type=JSON)
    assert refused.status_code == 400 and "task" in refused.json()

    client.force_login(pi)
    not_running = client.post("/api/v1/progress-reports/", {**REPORT, "task": planned.pk}, content_type=JSON)
    assert not_running.status_code == 400 and not_running.json()["code"] == "wrong_state"
    empty = client.post("/api/v1/progress-reports/", {**REPORT, "task": running.pk, "work_done": ""}, content_type=JSON)
    assert empty.status_code == 400 and list(empty.json()["errors"]) == ["work_done"]
    unknown = client.post("/api/v1/progress-reports/", {**REPORT, "task": 0}, content_type=JSON)
    assert unknown.status_code == 400 and "task" in unknown.json()

    created = client.post("/api/v1/progress-reports/", {**REPORT, "task": running.pk}, content_type=JSON)
    assert created.status_code == 201, created.json()
    report = created.json()
    assert (report["status"], report["version"], report["task"]) == ("draft", 1, running.pk)
    url = f"/api/v1/progress-reports/{report['id']}/"

    edited = client.patch(url, {"issues": "Giá thức ăn tăng.", "version": 1}, content_type=JSON)
    assert edited.status_code == 200 and edited.json()["version"] == 2
    assert edited.json()["work_done"] == REPORT["work_done"]  # a partial update keeps the rest
    stale = client.patch(url, {"issues": "Khác", "version": 1}, content_type=JSON)
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale" and stale.json()["current_version"] == 2
    assert client.patch(url, {"issues": "Không có version"}, content_type=JSON).status_code == 400
    assert client.put(url, {**REPORT, "version": 2}, content_type=JSON).status_code == 405

    assert client.post(url + "submit/", {"version": 1}, content_type=JSON).status_code == 409
    submitted = client.post(url + "submit/", {"version": 2}, content_type=JSON)
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    locked = client.patch(url, {"issues": "Sửa sau khi gửi", "version": 3}, content_type=JSON)
    assert locked.status_code == 400 and locked.json()["code"] == "wrong_state"
    # Only the Department reviews.
    assert client.post(url + "review/", {"approve": True, "version": 3}, content_type=JSON).status_code == 403

    client.force_login(dept_officer)
    no_note = client.post(url + "review/", {"approve": False, "version": 3}, content_type=JSON)
    assert no_note.status_code == 400 and no_note.json()["code"] == "note_required"
    returned = client.post(
        url + "review/", {"approve": False, "note": "Bổ sung số liệu chi.", "version": 3}, content_type=JSON
    )
    assert returned.status_code == 200
    assert (returned.json()["status"], returned.json()["review_note"]) == ("returned", "Bổ sung số liệu chi.")

    client.force_login(pi)
    assert client.patch(url, {"spent_million": "120.5", "version": 4}, content_type=JSON).json()["version"] == 5
    assert client.post(url + "submit/", {"version": 5}, content_type=JSON).json()["status"] == "submitted"
    client.force_login(dept_officer)
    assert client.post(url + "review/", {"approve": True, "version": 5}, content_type=JSON).status_code == 409
    approved = client.post(url + "review/", {"approve": True, "version": 6}, content_type=JSON).json()
    assert approved["status"] == "approved" and approved["spent_million"] == "120.5"

    # Reading follows the task's visibility.
    client.force_login(officer_a)
    assert ids(client.get("/api/v1/progress-reports/", {"task": running.pk})) == [report["id"]]
    assert ids(client.get("/api/v1/progress-reports/", {"status": "submitted"})) == []
    client.force_login(nobody)
    assert ids(client.get("/api/v1/progress-reports/")) == []
    assert client.get(url).status_code == 404
    browsable = client.get("/api/v1/progress-reports/", headers={"accept": "text/html"})
    assert browsable.status_code == 200 and running.title not in browsable.content.decode()
    assert ProgressReport.objects.get().status == "approved"


# -- council seats ----------------------------------------------------------------------------


@pytest.fixture
def acceptance(running, dept_officer, expert, council_member):
    running.objectives = "Quy trình xử lý chất thải chăn nuôi quy mô hộ."
    running.final_products = "Quy trình; mô hình 5 hộ."
    running.save()
    return councils.acceptance_council_create(
        user=dept_officer,
        task=running,
        name="Hội đồng nghiệm thu nhiệm vụ 01C-05/25",
        members=[(expert, "chair"), (council_member, "member")],
    )


def seat_url(council, user, action=""):
    return f"/api/v1/reviews/{council.members.get(user=user).pk}/{action}"


def test_the_dossier_opens_only_after_declaring_no_conflict(client, acceptance, expert):
    client.force_login(expert)
    seats = client.get("/api/v1/reviews/").json()["results"]
    assert len(seats) == 1
    seat = seats[0]
    assert seat["council"]["kind"] == "acceptance" and seat["council"]["subject_title"] == acceptance.subject_title
    assert seat["declaration"] == "undeclared" and seat["dossier"] is None and seat["sheet"] is None
    assert [i["code"] for i in seat["items"]] == [code for code, _l, _t in scales.sheet_items(acceptance)]
    assert seat["scale"] == "grades" and [g["code"] for g in seat["grades"]] == ["excellent", "pass", "fail"]
    early = client.post(seat_url(acceptance, expert, "sheet/"), {"scores": {}}, content_type=JSON)
    assert early.status_code == 400 and early.json()["code"] == "conflict"

    declared = client.post(seat_url(acceptance, expert, "declare/"), {"has_conflict": False}, content_type=JSON)
    assert declared.status_code == 200
    dossier = declared.json()["dossier"]
    assert dossier["kind"] == "task" and dossier["objectives"] == "Quy trình xử lý chất thải chăn nuôi quy mô hộ."
    assert dossier["final_products"] == "Quy trình; mô hình 5 hộ."
    assert client.get(seat_url(acceptance, expert)).json()["dossier"] == dossier

    codes = [code for code, _l, _t in scales.sheet_items(acceptance)]
    bad = client.post(
        seat_url(acceptance, expert, "sheet/"), {"scores": {codes[0]: "10"}, "submit": True}, content_type=JSON
    )
    assert bad.status_code == 400 and set(bad.json()["errors"]) == set(codes)
    assert not ScoreSheet.objects.exists()
    unknown = client.post(seat_url(acceptance, expert, "sheet/"), {"scores": {"charm": "pass"}}, content_type=JSON)
    assert unknown.status_code == 400 and "scores" in unknown.json()

    draft = client.post(seat_url(acceptance, expert, "sheet/"), {"scores": {codes[0]: "pass"}}, content_type=JSON)
    assert draft.status_code == 200 and draft.json()["sheet"]["submitted_at"] is None
    full = {"scores": dict.fromkeys(codes, "pass"), "comment": "Đạt yêu cầu.", "submit": True}
    sent = client.post(seat_url(acceptance, expert, "sheet/"), full, content_type=JSON).json()
    assert sent["sheet"]["submitted_at"] and sent["sheet"]["scores"] == full["scores"]


def test_a_member_sees_only_their_own_seat(client, acceptance, expert, council_member, dept_officer):
    client.force_login(expert)
    client.post(seat_url(acceptance, expert, "declare/"), {"has_conflict": False}, content_type=JSON)
    codes = [code for code, _l, _t in scales.sheet_items(acceptance)]
    client.post(
        seat_url(acceptance, expert, "sheet/"),
        {"scores": dict.fromkeys(codes, "excellent"), "submit": True},
        content_type=JSON,
    )

    client.force_login(council_member)
    own = client.get("/api/v1/reviews/").json()["results"]
    assert [s["id"] for s in own] == [acceptance.members.get(user=council_member).pk]
    assert own[0]["sheet"] is None  # the expert's submitted sheet is theirs alone
    assert "members" not in own[0] and "members" not in own[0]["council"]
    assert client.get(seat_url(acceptance, expert)).status_code == 404
    assert client.post(seat_url(acceptance, expert, "declare/"), {"has_conflict": False}).status_code == 404
    assert client.post(seat_url(acceptance, expert, "sheet/"), {"scores": {}}, content_type=JSON).status_code == 404

    # Department staff have no seat of their own here, and never see the members'.
    client.force_login(dept_officer)
    assert ids(client.get("/api/v1/reviews/")) == []
    assert client.get(seat_url(acceptance, expert)).status_code == 404


def test_a_conflicted_member_gets_no_dossier_and_cannot_score(client, acceptance, council_member):
    client.force_login(council_member)
    url = seat_url(acceptance, council_member, "declare/")
    silent = client.post(url, {"has_conflict": True}, content_type=JSON)
    assert silent.status_code == 400 and silent.json()["code"] == "note_required"
    declared = client.post(url, {"has_conflict": True, "note": "Tôi từng cộng tác với chủ nhiệm."}, content_type=JSON)
    assert declared.status_code == 200
    seat = declared.json()
    assert (seat["declaration"], seat["may_score"], seat["dossier"]) == ("conflict", False, None)
    blocked = client.post(
        seat_url(acceptance, council_member, "sheet/"), {"scores": {}, "submit": False}, content_type=JSON
    )
    assert blocked.status_code == 400 and blocked.json()["code"] == "conflict"
    undo = client.post(url, {"has_conflict": False}, content_type=JSON)
    assert undo.status_code == 400 and undo.json()["code"] == "declared"
    assert client.get(seat_url(acceptance, council_member)).json()["dossier"] is None


def test_points_scale_reports_errors_per_criterion(client, settings, acceptance, expert):
    settings.KHCN_ACCEPTANCE_SCALE = "points"
    client.force_login(expert)
    seat = client.post(seat_url(acceptance, expert, "declare/"), {"has_conflict": False}, content_type=JSON).json()
    assert seat["scale"] == "points" and seat["grades"] == []
    items = {i["code"]: i["top"] for i in seat["items"]}
    first, *rest = items
    scores = {first: str(items[first] + 1), rest[0]: "nhiều"}
    bad = client.post(seat_url(acceptance, expert, "sheet/"), {"scores": scores}, content_type=JSON)
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {first, rest[0]}
    ok = {"scores": {code: top for code, top in items.items()}, "submit": True}
    sent = client.post(seat_url(acceptance, expert, "sheet/"), ok, content_type=JSON)
    assert sent.status_code == 200 and sent.json()["sheet"]["scores"] == items


def test_a_proposal_dossier_and_a_flagged_member(client, call, ward_a, dept_officer, expert, officer_a):
    proposal = proposal_of(call, ward_a, status=ProposalStatus.SUBMITTED)
    proposal.objectives, proposal.products = "Giảm ô nhiễm nguồn nước.", "Quy trình xử lý."
    proposal.save()
    council = councils.council_create(
        user=dept_officer,
        proposal=proposal,
        name="Hội đồng xác định nhiệm vụ",
        members=[(expert, "chair"), (officer_a, "member")],  # an officer of the proposing commune
    )
    client.force_login(expert)
    dossier = client.post(seat_url(council, expert, "declare/"), {"has_conflict": False}, content_type=JSON).json()[
        "dossier"
    ]
    assert dossier["kind"] == "proposal"
    assert (dossier["problem"], dossier["objectives"], dossier["products"]) == (
        "Nước thải chăn nuôi.",
        "Giảm ô nhiễm nguồn nước.",
        "Quy trình xử lý.",
    )
    assert dossier["proposer"] == "Xã Mê Linh"

    client.force_login(officer_a)
    seat = client.post(seat_url(council, officer_a, "declare/"), {"has_conflict": False}, content_type=JSON).json()
    assert seat["flagged"] and seat["may_score"] is False and seat["dossier"] is None
