"""Tasks without state budget (request, council, outcome, city figure) and programmes of tasks
(board, member tasks, progress), with the time pinned."""

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from khcn.core import city_figures
from khcn.geo.models import OrganisationKind
from khcn.geo.tests.factories import OrganisationFactory
from khcn.research import selectors_programmes
from khcn.research.models import (
    BudgetLine,
    Milestone,
    ResearchTask,
    SelfFundedStatus,
    SelfFundedTask,
    TaskProgramme,
    TaskStatus,
)
from khcn.research.services import programmes, selffunded
from khcn.research.tests.factories import ResearchTaskFactory

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def _pinned():  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime(2026, 9, 15, 9, tzinfo=HANOI), tick=False):
        yield


@pytest.fixture
def company(ward_a):  # type: ignore[no-untyped-def]
    return OrganisationFactory.create(name="Công ty CP Sinh học Xanh", kind=OrganisationKind.ENTERPRISE, unit=ward_a)


def _request(user, org, **extra):  # type: ignore[no-untyped-def]
    fields = {
        "organisation": org,
        "title": "Quy trình sản xuất chế phẩm vi sinh",
        "field": "agricultural",
        "received_on": date(2026, 6, 1),
        "summary": "Chế phẩm và quy trình.",
        "funding_million": Decimal("900"),
    }
    return selffunded.selffunded_create(user=user, **{**fields, **extra})


# -- tasks without state budget ---------------------------------------------------------------------


def test_a_request_goes_from_council_to_recognition(dept_officer, company):  # type: ignore[no-untyped-def]
    task = _request(dept_officer, company)
    assert task.status == SelfFundedStatus.RECEIVED
    with pytest.raises(ValidationError):  # no council yet
        selffunded.selffunded_decide(
            user=dept_officer, task=task, recognised=True, decision_number="1/QĐ", decision_date=date(2026, 9, 1)
        )
    task.council_meets_on = date(2026, 8, 20)
    task = selffunded.selffunded_update(user=dept_officer, task=task, expected_version=1)
    assert task.status == SelfFundedStatus.EVALUATING
    selffunded.selffunded_member_add(user=dept_officer, task=task, name="GS. Nguyễn Văn An", role="chair")
    with pytest.raises(ValidationError):  # before the council met
        selffunded.selffunded_decide(
            user=dept_officer, task=task, recognised=True, decision_number="1/QĐ", decision_date=date(2026, 8, 19)
        )
    decided = selffunded.selffunded_decide(
        user=dept_officer, task=task, recognised=True, decision_number="1/QĐ", decision_date=date(2026, 9, 1)
    )
    assert decided.status == SelfFundedStatus.RECOGNISED and decided.is_decided
    with pytest.raises(ValidationError):  # the council is closed once decided
        selffunded.selffunded_member_add(user=dept_officer, task=decided, name="TS. Lê Văn Bình", role="member")
    assert decided.history.count() == 3  # type: ignore[attr-defined]


def test_not_recognised_needs_a_reason(dept_officer, company):  # type: ignore[no-untyped-def]
    task = _request(dept_officer, company, council_meets_on=date(2026, 8, 1))
    with pytest.raises(ValidationError) as info:
        selffunded.selffunded_decide(
            user=dept_officer, task=task, recognised=False, decision_number="2/QĐ", decision_date=date(2026, 8, 5)
        )
    assert "outcome_note" in info.value.message_dict


def test_a_local_officer_cannot_record_requests(officer_a, company):  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        _request(officer_a, company)
    assert not SelfFundedTask.objects.exists()


def test_city_figure_counts_the_evaluations_decided_in_the_year(client, dept_officer, company):  # type: ignore[no-untyped-def]
    for index, recognised in enumerate([True, True, False]):
        task = _request(dept_officer, company, council_meets_on=date(2026, 3, 1), title=f"Nhiệm vụ tự đầu tư {index}")
        selffunded.selffunded_decide(
            user=dept_officer,
            task=task,
            recognised=recognised,
            decision_number=f"{index}/QĐ",
            decision_date=date(2026, 3, 10),
            outcome_note="Chưa đạt.",
        )
    _request(dept_officer, company, title="Chưa đánh giá")
    figure = city_figures.get("research.selffunded_evaluated")
    assert figure is not None and figure.value(2026) == 3 and figure.value(2025) == 0
    client.force_login(dept_officer)
    assert client.get(figure.url(2026)).context["table"].paginator.count == 3


def test_list_filters_exports_and_keeps_its_query_count(client, dept_officer, company):  # type: ignore[no-untyped-def]
    _request(dept_officer, company, title="=cmd|' /C calc'!A0")
    client.force_login(dept_officer)
    url = reverse("research:selffunded_list")
    client.get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    for index in range(4):
        _request(dept_officer, company, title=f"Nhiệm vụ số {index}")
    assert count() == few
    page = client.get(url, {"q": "nhiem vu so 2"}).content.decode()
    assert "Nhiệm vụ số 2" in page and "Nhiệm vụ số 1" not in page
    sheet = load_workbook(BytesIO(client.get(url, {"export": "xlsx"}).content)).active
    formula = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=cmd")]
    assert formula and all(c.data_type == "s" and c.quotePrefix for c in formula)


def test_pages_create_and_show_history(client, dept_officer, company):  # type: ignore[no-untyped-def]
    client.force_login(dept_officer)
    body = {
        "organisation": company.pk,
        "title": "Quy trình nuôi cấy mô lan",
        "field": "agricultural",
        "received_on": "01/09/2026",
        "summary": "",
    }
    answer = client.post(reverse("research:selffunded_create"), body)
    assert answer.status_code == 422 and "Quy trình nuôi cấy mô lan" in answer.content.decode()
    answer = client.post(reverse("research:selffunded_create"), {**body, "summary": "Quy trình và cây giống."})
    task = SelfFundedTask.objects.get()
    assert answer.status_code == 302
    detail = client.get(task.get_absolute_url()).content.decode()
    assert "Quy trình nuôi cấy mô lan" in detail and "Lịch sử" in detail


def test_an_organisation_officer_sees_only_its_requests(client, dept_officer, officer_b, company):  # type: ignore[no-untyped-def]
    task = _request(dept_officer, company)  # the company sits in ward A
    client.force_login(officer_b)
    assert client.get(task.get_absolute_url()).status_code == 404
    assert client.get(reverse("research:selffunded_list")).status_code == 403


def test_api_lists_requests_for_the_department(client, dept_officer, officer_a, company):  # type: ignore[no-untyped-def]
    task = _request(dept_officer, company)
    client.force_login(dept_officer)
    assert [row["id"] for row in client.get("/api/v1/self-funded-tasks/").json()["results"]] == [task.pk]
    client.force_login(officer_a)
    assert client.get("/api/v1/self-funded-tasks/").json()["results"] == []


# -- programmes of tasks ----------------------------------------------------------------------------


def _programme(user):  # type: ignore[no-untyped-def]
    return programmes.programme_create(
        user=user,
        code="20-CT/TU",
        name="Chương trình nghiên cứu khoa học trọng điểm thành phố Hà Nội",
        document="Chương trình số 20-CT/TU",
        issued_on=date(2018, 2, 13),
        start_year=2018,
        budget_million=Decimal("50000"),
    )


def test_programme_progress_across_its_tasks(client, dept_officer):  # type: ignore[no-untyped-def]
    programme = _programme(dept_officer)
    on_track = ResearchTaskFactory.create(
        status=TaskStatus.IN_PROGRESS, end_date=date(2027, 6, 30), budget_million=Decimal("1200")
    )
    past_end = ResearchTaskFactory.create(
        status=TaskStatus.IN_PROGRESS, end_date=date(2026, 8, 31), budget_million=Decimal("800")
    )
    milestone_late = ResearchTaskFactory.create(status=TaskStatus.IN_PROGRESS, end_date=date(2027, 12, 31))
    Milestone.objects.create(task=milestone_late, title="Báo cáo giữa kỳ", due_on=date(2026, 9, 1))
    done = ResearchTaskFactory.create(status=TaskStatus.ACCEPTED, end_date=date(2025, 12, 31))
    outside = ResearchTaskFactory.create(status=TaskStatus.IN_PROGRESS, end_date=date(2026, 1, 1))
    for task in (on_track, past_end, milestone_late, done):
        programmes.programme_task_add(user=dept_officer, programme=programme, task=task)
    BudgetLine.objects.create(
        task=on_track, year=2026, planned_million=Decimal("600"), disbursed_million=Decimal("300")
    )
    BudgetLine.objects.create(
        task=past_end, year=2026, planned_million=Decimal("400"), disbursed_million=Decimal("200")
    )
    progress = selectors_programmes.programme_progress(programme=programme, today=date(2026, 9, 15))
    assert {t.pk for t in progress.late} == {past_end.pk, milestone_late.pk}
    assert outside.pk not in {t.pk for t in progress.tasks}
    assert progress.budget_allocated == Decimal("2000")
    assert (progress.planned, progress.disbursed, progress.disbursed_share) == (Decimal("1000"), Decimal("500"), 50)
    assert dict((label, n) for label, n, _budget in progress.by_status) == {"Đang thực hiện": 3, "Đã nghiệm thu": 1}
    client.force_login(dept_officer)
    page = client.get(programme.get_absolute_url()).content.decode()
    assert "20-CT/TU" in page and page.count('class="table-danger"') == 2


def test_a_task_belongs_to_one_programme(dept_officer):  # type: ignore[no-untyped-def]
    first = _programme(dept_officer)
    second = programmes.programme_create(user=dept_officer, code="07-CTr/TU", name="Chương trình 07")
    task = ResearchTaskFactory.create()
    programmes.programme_task_add(user=dept_officer, programme=first, task=task)
    with pytest.raises(ValidationError):
        programmes.programme_task_add(user=dept_officer, programme=second, task=task)
    programmes.programme_task_remove(user=dept_officer, programme=first, task=task)
    assert ResearchTask.objects.get(pk=task.pk).programme is None


def test_board_and_confirmation_to_take_a_task_out(client, dept_officer):  # type: ignore[no-untyped-def]
    programme = _programme(dept_officer)
    programmes.board_member_add(
        user=dept_officer, programme=programme, name="Nguyễn Văn An", position="Giám đốc Sở", role="standing"
    )
    task = ResearchTaskFactory.create()
    programmes.programme_task_add(user=dept_officer, programme=programme, task=task)
    client.force_login(dept_officer)
    url = reverse("research:programme_task_remove", args=[programme.pk, task.pk])
    assert client.get(url).status_code == 200 and ResearchTask.objects.get(pk=task.pk).programme_id == programme.pk
    assert client.post(url).status_code == 302
    assert ResearchTask.objects.get(pk=task.pk).programme_id is None
    assert "Nguyễn Văn An" in client.get(programme.get_absolute_url()).content.decode()


def test_only_the_department_keeps_programmes(client, officer_a, dept_officer):  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        _programme(officer_a)
    programme = _programme(dept_officer)
    client.force_login(officer_a)
    assert client.get(reverse("research:programme_list")).status_code == 403
    assert client.get(programme.get_absolute_url()).status_code == 404
    assert TaskProgramme.objects.count() == 1


def test_programme_list_and_api(client, dept_officer):  # type: ignore[no-untyped-def]
    programme = _programme(dept_officer)
    client.force_login(dept_officer)
    page = client.get(reverse("research:programme_list"), {"active_year": 2026}).content.decode()
    assert "20-CT/TU" in page
    body = client.get("/api/v1/task-programmes/").json()
    assert body["results"][0]["code"] == programme.code
