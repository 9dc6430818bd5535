"""Session rounds: the Department sets them up; a round with sessions cannot be deleted."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from khcn.core.concurrency import StaleObjectError
from khcn.meetings import services
from khcn.meetings.models import MeetingRound

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
NAME = "Làm việc với các xã về kế hoạch KH&CN năm 2027"


@pytest.fixture
def meeting_round(dept_officer):
    return services.round_create(
        user=dept_officer, name=NAME, year=2026, plan_year=2027, purpose="Định hướng đề xuất nhiệm vụ năm 2027."
    )


@pytest.fixture
def session(meeting_round, dept_officer, ward_a):
    return services.meeting_create(
        user=dept_officer,
        round=meeting_round,
        title="Làm việc với xã Mê Linh",
        starts_at=datetime(2026, 7, 19, 8, 30, tzinfo=HANOI),
        place="Trụ sở UBND xã Mê Linh",
        units=[ward_a],
    )


# -- services -------------------------------------------------------------------------------


def test_create_records_who_and_checks_the_years(meeting_round, dept_officer):
    assert meeting_round.created_by == dept_officer
    assert meeting_round.history.get().history_user == dept_officer
    with pytest.raises(ValidationError) as error:
        services.round_create(user=dept_officer, name=NAME, year=2026, plan_year=2025)
    assert error.value.error_dict["plan_year"][0].code == "plan_year"
    assert "Năm kế hoạch không được trước năm của đợt làm việc." in error.value.messages
    with pytest.raises(ValidationError) as error:
        services.round_create(user=dept_officer, name=NAME, year=26)
    assert "Nhập năm từ 2000 đến 2100." in error.value.messages


def test_only_department_staff_manage_rounds(meeting_round, officer_a, expert):
    for user in (officer_a, expert):
        with pytest.raises(PermissionDenied):
            services.round_create(user=user, name=NAME, year=2026)
        with pytest.raises(PermissionDenied):
            services.round_update(user=user, meeting_round=meeting_round, expected_version=meeting_round.version)
        with pytest.raises(PermissionDenied):
            services.round_delete(user=user, meeting_round=meeting_round)


def test_a_round_with_sessions_cannot_be_deleted(meeting_round, session, dept_officer):
    with pytest.raises(ValidationError) as error:
        services.round_delete(user=dept_officer, meeting_round=meeting_round)
    assert error.value.code == services.ROUND_HAS_SESSIONS
    assert "không thể xóa" in error.value.messages[0]
    assert MeetingRound.objects.filter(pk=meeting_round.pk).exists()


def test_an_empty_round_is_deleted_with_a_history_row(meeting_round, dept_officer):
    services.round_delete(user=dept_officer, meeting_round=meeting_round)
    assert not MeetingRound.objects.exists()
    assert MeetingRound.history.filter(id=meeting_round.pk, history_type="-").get().history_user == dept_officer


def test_update_refuses_a_stale_copy(meeting_round, dept_officer, dept_leader):
    loaded = meeting_round.version
    meeting_round.purpose = "Mục đích mới"
    services.round_update(user=dept_leader, meeting_round=meeting_round, expected_version=loaded)
    meeting_round.refresh_from_db()
    assert meeting_round.version == loaded + 1 and meeting_round.updated_by == dept_leader
    meeting_round.purpose = "Bản cũ"
    with pytest.raises(StaleObjectError):
        services.round_update(user=dept_officer, meeting_round=meeting_round, expected_version=loaded)


def test_choosing_a_period_links_the_sessions_units_to_their_reports(
    meeting_round, session, dept_officer, officer_a, ward_a, period
):
    from khcn.reporting.services import report_open

    report = report_open(period=period, unit=ward_a, user=officer_a)
    assert session.cluster.get().report is None
    meeting_round.period = period
    services.round_update(user=dept_officer, meeting_round=meeting_round, expected_version=meeting_round.version)
    assert session.cluster.get().report == report


# -- pages ----------------------------------------------------------------------------------


def test_pages_are_for_department_staff_only(client, meeting_round, officer_a, expert):
    urls = [
        reverse("meetings:round_list"),
        reverse("meetings:round_create"),
        reverse("meetings:round_detail", args=[meeting_round.pk]),
        reverse("meetings:round_edit", args=[meeting_round.pk]),
        reverse("meetings:round_delete", args=[meeting_round.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    for user in (officer_a, expert):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403, url
        assert client.post(reverse("meetings:round_delete", args=[meeting_round.pk])).status_code == 403
    assert MeetingRound.objects.exists()


def test_department_pages_render(client, meeting_round, session, dept_officer):
    client.force_login(dept_officer)
    for name in ("round_detail", "round_edit", "round_delete"):
        assert client.get(reverse(f"meetings:{name}", args=[meeting_round.pk])).status_code == 200, name
    detail = client.get(reverse("meetings:round_detail", args=[meeting_round.pk])).content.decode()
    assert "Làm việc với xã Mê Linh" in detail and "2027" in detail and "2.027" not in detail
    assert reverse("meetings:round_delete", args=[meeting_round.pk]) not in detail
    assert "Lịch sử thay đổi" in detail


def test_create_page_keeps_input_on_error_then_creates(client, dept_officer):
    client.force_login(dept_officer)
    url = reverse("meetings:round_create")
    data = {"name": "Đợt làm việc 2026", "year": "2026", "plan_year": "2025", "purpose": "Kiểm tra Chương trình 07"}
    response = client.post(url, data)
    assert response.status_code == 422
    page = response.content.decode()
    assert 'value="Đợt làm việc 2026"' in page and "Kiểm tra Chương trình 07" in page
    assert "Năm kế hoạch không được trước năm của đợt làm việc." in page
    response = client.post(url, {**data, "plan_year": "2027"})
    created = MeetingRound.objects.get()
    assert response.status_code == 302 and response["Location"] == created.get_absolute_url()


def test_edit_page_refuses_a_stale_save_and_keeps_input(client, meeting_round, dept_officer, dept_leader):
    url = reverse("meetings:round_edit", args=[meeting_round.pk])
    form = {"name": NAME, "year": "2026", "plan_year": "2027", "purpose": "A"}
    client.force_login(dept_leader)
    assert client.post(url, {**form, "loaded_version": "1"}).status_code == 302
    client.force_login(dept_officer)
    response = client.post(url, {**form, "purpose": "Mục đích của tôi", "loaded_version": "1"})
    assert response.status_code == 422 and "Mục đích của tôi" in response.content.decode()
    meeting_round.refresh_from_db()
    assert meeting_round.purpose == "A" and meeting_round.version == 2


def test_delete_asks_first_and_is_refused_when_sessions_exist(client, meeting_round, session, dept_officer):
    client.force_login(dept_officer)
    url = reverse("meetings:round_delete", args=[meeting_round.pk])
    page = client.get(url).content.decode()
    assert "không thể xóa" in page and "Xác nhận xóa" not in page
    response = client.post(url)
    assert response.status_code == 422 and "không thể xóa" in response.content.decode()
    assert MeetingRound.objects.filter(pk=meeting_round.pk).exists()


def test_delete_after_confirmation(client, meeting_round, dept_officer):
    client.force_login(dept_officer)
    url = reverse("meetings:round_delete", args=[meeting_round.pk])
    assert "Xác nhận xóa" in client.get(url).content.decode()
    assert MeetingRound.objects.exists()  # asking deleted nothing
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("meetings:round_list")
    assert not MeetingRound.objects.exists()


def test_list_filters_sorts_pages_and_exports(client, dept_officer):
    for year in range(2000, 2030):
        services.round_create(user=dept_officer, name=f"Đợt làm việc năm {year}", year=year)
    client.force_login(dept_officer)
    url = reverse("meetings:round_list")
    table = client.get(url).context["table"]
    assert table.paginator.count == 30 and len(table.page.object_list) == 25
    assert table.page.object_list.data[0].year == 2029
    assert client.get(url + "?sort=year").context["table"].page.object_list.data[0].year == 2000
    assert client.get(url + "?year=2015").context["table"].paginator.count == 1
    fragment = client.get(url + "?q=2016", headers={"HX-Request": "true", "HX-Target": "round-table"})
    assert "<html" not in fragment.content.decode() and "Đợt làm việc năm 2016" in fragment.content.decode()
    assert client.get(url + "?export=xlsx")["Content-Type"].startswith("application/vnd.openxmlformats")


def test_empty_list_invites_to_open_a_round(client, dept_officer):
    client.force_login(dept_officer)
    page = client.get(reverse("meetings:round_list")).content.decode()
    assert "Chưa có đợt làm việc nào." in page and reverse("meetings:round_create") in page


def test_list_query_count_does_not_grow(client, dept_officer, django_assert_max_num_queries):
    client.force_login(dept_officer)
    services.round_create(user=dept_officer, name="Đợt làm việc năm 2025", year=2025)
    with django_assert_max_num_queries(9) as few:  # 9: with the header's unread count
        client.get(reverse("meetings:round_list"))
    for year in range(2000, 2020):
        services.round_create(user=dept_officer, name=f"Đợt làm việc năm {year}", year=year)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("meetings:round_list"))
