"""Connection pages: scope in lists, pages, exports and files; the form; the board."""

from datetime import date
from io import BytesIO

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from khcn.experts.models import Connection, DemandStatus, Outcome
from khcn.experts.services.connections import connection_file_add
from khcn.experts.tests.factories import (
    ConnectionFactory,
    DemandFactory,
    ExpertFactory,
    TechnologyFactory,
)
from khcn.meetings.models import FollowUpStatus
from khcn.meetings.tests.factories import FollowUpFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_today")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def _today():  # type: ignore[no-untyped-def]
    with time_machine.travel(date(2026, 6, 1), tick=False):
        yield


@pytest.fixture
def two_wards(ward_a, ward_b):  # type: ignore[no-untyped-def]
    a = ConnectionFactory.create(demand=DemandFactory.create(unit=ward_a, title="Nước thải làng nghề Mê Linh"))
    b = ConnectionFactory.create(demand=DemandFactory.create(unit=ward_b, title="Giống lợn quý Quang Minh"))
    return a, b


def _xlsx_text(response) -> str:  # type: ignore[no-untyped-def]
    wb = load_workbook(BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))
    return " ".join(str(c.value) for row in wb.worksheets[0].iter_rows() for c in row if c.value is not None)


def test_ward_b_officer_sees_only_ward_b_connections(client, officer_b, two_wards):
    a, b = two_wards
    client.force_login(officer_b)
    page = client.get(reverse("experts:connection_list")).content.decode()
    assert "Giống lợn quý" in page and "Nước thải làng nghề" not in page
    assert client.get(reverse("experts:connection_detail", args=[a.pk])).status_code == 404
    assert client.get(reverse("experts:connection_detail", args=[b.pk])).status_code == 200
    exported = _xlsx_text(client.get(reverse("experts:connection_list") + "?export=xlsx"))
    assert "Giống lợn quý" in exported and "Nước thải làng nghề" not in exported
    board = client.get(reverse("experts:connection_board")).content.decode()
    assert "Quang Minh" in board and "Xã Mê Linh" not in board


def test_commune_officer_cannot_open_the_connection_form(client, officer_b, ward_b):
    client.force_login(officer_b)
    demand = DemandFactory.create(unit=ward_b)
    assert client.get(reverse("experts:connection_create") + f"?demand={demand.pk}").status_code == 403
    assert Connection.objects.count() == 0


def test_expert_sees_the_connections_naming_them(client, expert, two_wards):
    a, b = two_wards
    a.expert.user = expert
    a.expert.save()
    client.force_login(expert)
    assert client.get(reverse("experts:connection_detail", args=[a.pk])).status_code == 200
    assert client.get(reverse("experts:connection_detail", args=[b.pk])).status_code == 404


def test_officer_records_a_connection_that_closes_the_followup(client, dept_officer, ward_a):
    item = FollowUpFactory.create(unit=ward_a)
    who = ExpertFactory.create(full_name="Trần Thị Kết Nối")
    client.force_login(dept_officer)
    url = reverse("experts:connection_create") + f"?followup={item.pk}&expert={who.pk}"
    form_page = client.get(url).content.decode()
    assert "Trần Thị Kết Nối" in form_page
    response = client.post(
        url,
        {
            "followup": item.pk,
            "expert": who.pk,
            "introduced_on": "02/05/2026",
            "outcome": Outcome.MEETING,
            "outcome_on": "10/05/2026",
            "parties": "Chủ tịch UBND xã",
            "closes_request": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    item.refresh_from_db()
    assert item.status == FollowUpStatus.DONE


def test_failed_submit_keeps_the_input(client, dept_officer, ward_a):
    demand = DemandFactory.create(unit=ward_a)
    client.force_login(dept_officer)
    response = client.post(
        reverse("experts:connection_create"),
        {"demand": demand.pk, "introduced_on": "02/05/2026", "outcome": Outcome.PENDING, "parties": "Ông Ba"},
    )
    assert response.status_code == 422
    assert "Ông Ba" in response.content.decode()
    demand.refresh_from_db()
    assert demand.status == DemandStatus.OPEN


def test_the_form_never_lists_the_registry(client, dept_officer, ward_a):
    ExpertFactory.create_batch(30, full_name="Lê Văn Đông")
    client.force_login(dept_officer)
    page = client.get(reverse("experts:connection_create")).content.decode()
    assert "Lê Văn Đông" not in page
    options = client.get(reverse("experts:connection_lookup", args=["expert"]) + "?expert_q=le van dong")
    assert options.content.decode().count('<option value="') == 21  # the blank one and 20 rows


def test_lookup_is_for_department_staff(client, officer_a):
    client.force_login(officer_a)
    assert client.get(reverse("experts:connection_lookup", args=["expert"]) + "?expert_q=a").status_code == 403


def test_board_counts_outcomes_and_answered_rate(client, dept_officer, ward_a, ward_b):
    tech = TechnologyFactory.create()
    for outcome, closes in [(Outcome.CONTRACT, True), (Outcome.NO_FIT, False), (Outcome.MEETING, False)]:
        ConnectionFactory.create(
            demand=DemandFactory.create(unit=ward_a),
            expert=None,
            technology=tech,
            outcome=outcome,
            closes_request=closes,
        )
    ConnectionFactory.create(demand=DemandFactory.create(unit=ward_b), introduced_on=date(2025, 3, 1))
    from khcn.experts.selectors.connections import connection_board

    board = connection_board(user=dept_officer, year=2026)
    row = next(r for r in board.by_commune if r.key == ward_a.pk)
    assert row.total == 3 and row.answered == 1 and row.rate == 33.3
    assert row.counts[Outcome.CONTRACT] == 1 and row.counts[Outcome.NO_FIT] == 1
    assert all(r.key != ward_b.pk for r in board.by_commune)
    assert board.years == [2026, 2025]
    assert sum(r.total for r in board.by_field) == 3


def test_board_and_list_cost_constant_queries(client, dept_officer, ward_a, django_assert_max_num_queries):
    client.force_login(dept_officer)
    ConnectionFactory.create_batch(3, demand=DemandFactory.create(unit=ward_a))
    client.get(reverse("experts:connection_list"))  # warm the session and scope caches
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("experts:connection_list"))
        client.get(reverse("experts:connection_board"))
    ConnectionFactory.create_batch(12, demand=DemandFactory.create(unit=ward_a), expert=ExpertFactory.create())
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("experts:connection_list"))
        client.get(reverse("experts:connection_board"))


def test_board_export_is_formula_safe(client, dept_officer, ward_a):
    ConnectionFactory.create(
        demand=DemandFactory.create(unit=ward_a), expert=ExpertFactory.create(full_name="=HYPERLINK(1)")
    )
    client.force_login(dept_officer)
    response = client.get(reverse("experts:connection_board") + "?export=expert")
    wb = load_workbook(BytesIO(response.content))
    cells = [c for row in wb.worksheets[0].iter_rows() for c in row if c.value == "=HYPERLINK(1)"]
    assert cells and all(c.data_type == "s" for c in cells)


def test_files_are_served_within_scope(client, dept_officer, officer_b, two_wards):
    a, _b = two_wards
    stored = connection_file_add(user=dept_officer, connection=a, upload=SimpleUploadedFile("bien-ban.pdf", PDF))
    client.force_login(officer_b)
    assert client.get(reverse("experts:connection_file", args=[stored.pk])).status_code == 404
    client.force_login(dept_officer)
    response = client.get(reverse("experts:connection_file", args=[stored.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_a_file_is_deleted_after_confirmation_by_staff_only(client, dept_officer, officer_a, two_wards):
    a, _b = two_wards
    stored = connection_file_add(
        user=dept_officer, connection=a, upload=SimpleUploadedFile("hop-dong.pdf", PDF), caption="Hợp đồng"
    )
    url = reverse("experts:connection_file_delete", args=[stored.pk])
    client.force_login(officer_a)  # sees the connection of their ward, may not change it
    assert client.post(url).status_code == 403
    client.force_login(dept_officer)
    page = client.get(url)
    assert page.status_code == 200 and "Không thể hoàn tác" in page.content.decode()
    assert a.files.count() == 1  # asking deletes nothing
    response = client.post(url)
    assert response.status_code == 302 and response.url.endswith(f"/experts/connections/{a.pk}/#files")
    assert a.files.count() == 0
    assert client.post(url).status_code == 404
