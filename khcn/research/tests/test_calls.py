"""Calls for proposals: the Department opens, edits, closes and deletes them; guards and pages."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from khcn.core.concurrency import StaleObjectError
from khcn.research.models import CallState, PlanCall, Proposal, ProposalStatus
from khcn.research.services import calls as services_calls
from khcn.research.services import proposals as services

pytestmark = pytest.mark.django_db

NAME = "Đề xuất đặt hàng nhiệm vụ khoa học và công nghệ năm 2027"


@pytest.fixture
def call(dept_officer):
    return services_calls.call_create(
        user=dept_officer, name=NAME, plan_year=2027, opens_on=date(2026, 6, 1), closes_on=date(2026, 9, 30)
    )


@pytest.fixture
def proposal(call, officer_a, ward_a):
    draft = Proposal(call=call, unit=ward_a, title="Nghiên cứu xử lý chất thải chăn nuôi", problem="Ô nhiễm kênh.")
    return services.proposal_create(user=officer_a, proposal=draft)


# -- services -------------------------------------------------------------------------------


def test_create_records_who_and_normalises_the_name(call, dept_officer):
    assert call.created_by == dept_officer and call.version == 1
    assert call.history.get().history_user == dept_officer
    spaced = services_calls.call_create(
        user=dept_officer, name="  Đợt   bổ sung  2027 ", plan_year=2027, opens_on=date(2026, 10, 1),
        closes_on=date(2026, 10, 31),
    )  # fmt: skip
    assert spaced.name == "Đợt bổ sung 2027"


def test_deadline_before_opening_is_refused_in_vietnamese(dept_officer):
    with pytest.raises(ValidationError) as error:
        services_calls.call_create(
            user=dept_officer, name=NAME, plan_year=2027, opens_on=date(2026, 9, 1), closes_on=date(2026, 8, 1)
        )
    assert error.value.error_dict["closes_on"][0].code == "call_dates"
    assert "Hạn nộp đề xuất phải từ ngày mở đợt trở đi." in error.value.messages
    assert not PlanCall.objects.exists()


def test_only_department_staff_manage_calls(call, officer_a, expert):
    for user in (officer_a, expert):
        with pytest.raises(PermissionDenied):
            services_calls.call_create(
                user=user, name=NAME, plan_year=2027, opens_on=date(2026, 6, 1), closes_on=date(2026, 9, 30)
            )
        with pytest.raises(PermissionDenied):
            services_calls.call_close(user=user, call=call)
        with pytest.raises(PermissionDenied):
            services_calls.call_delete(user=user, call=call)


def test_a_call_with_proposals_cannot_be_deleted_only_closed(call, proposal, dept_officer):
    with pytest.raises(ValidationError) as error:
        services_calls.call_delete(user=dept_officer, call=call)
    assert error.value.code == services_calls.CALL_HAS_PROPOSALS
    assert error.value.messages == ["Đợt này đã có đề xuất nên không thể xóa. Hãy đóng đợt."]
    assert PlanCall.objects.filter(pk=call.pk).exists()
    services_calls.call_close(user=dept_officer, call=call, expected_version=call.version)
    call.refresh_from_db()
    assert call.closed_at is not None and call.state(date(2026, 7, 1)) == CallState.CLOSED


def test_an_unused_call_is_deleted_with_a_history_row(call, dept_officer):
    services_calls.call_delete(user=dept_officer, call=call)
    assert not PlanCall.objects.filter(pk=call.pk).exists()
    last = PlanCall.history.filter(id=call.pk).latest("history_date")
    assert last.history_type == "-" and last.history_user == dept_officer


def test_closing_stops_submissions_before_the_deadline(call, proposal, officer_a, dept_officer):
    for name, value in {
        "task_type": "topic", "field": "agricultural", "rationale": "r", "objectives": "o", "products": "p",
        "application_place": "Mê Linh", "applying_unit": "UBND xã", "budget_million": 500, "duration_months": 12,
    }.items():  # fmt: skip
        setattr(proposal, name, value)
    proposal.save()
    services_calls.call_close(user=dept_officer, call=call)
    with pytest.raises(ValidationError) as error:
        services.proposal_submit(user=officer_a, proposal=proposal, today=date(2026, 7, 1))
    assert error.value.code == "closed"
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT
    with pytest.raises(ValidationError) as again:
        services_calls.call_close(user=dept_officer, call=call)
    assert again.value.code == services_calls.CALL_CLOSED
    late = Proposal(call=call, unit=proposal.unit, title="Một đề xuất gửi sau khi đóng đợt", problem="Vấn đề.")
    with pytest.raises(ValidationError) as refused:
        services.proposal_create(user=officer_a, proposal=late)
    assert refused.value.code == "closed" and not late.pk


def test_editing_keeps_the_call_closed_and_refuses_a_stale_copy(call, dept_officer, dept_leader):
    services_calls.call_close(user=dept_officer, call=call)
    stale_version = call.version - 1
    call.name = "Đợt đề xuất năm 2027 (sửa)"
    call.closed_at = None  # a form never sends it; the service keeps the stored value
    services_calls.call_update(user=dept_leader, call=call, expected_version=call.version)
    call.refresh_from_db()
    assert call.closed_at is not None and call.name.endswith("(sửa)")
    call.name = "Bản cũ"
    with pytest.raises(StaleObjectError):
        services_calls.call_update(user=dept_officer, call=call, expected_version=stale_version)


def test_call_state_follows_the_dates(call):
    assert call.state(date(2026, 5, 31)) == CallState.UPCOMING
    assert call.state(date(2026, 6, 1)) == CallState.OPEN and call.is_open(date(2026, 9, 30))
    assert call.state(date(2026, 10, 1)) == CallState.PAST


# -- pages ----------------------------------------------------------------------------------


def test_pages_are_for_department_staff_only(client, call, officer_a, expert):
    urls = [
        reverse("research:call_list"),
        reverse("research:call_create"),
        reverse("research:call_detail", args=[call.pk]),
        reverse("research:call_edit", args=[call.pk]),
        reverse("research:call_close", args=[call.pk]),
        reverse("research:call_delete", args=[call.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    for user in (officer_a, expert):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403, url
        assert client.post(reverse("research:call_delete", args=[call.pk])).status_code == 403
    assert PlanCall.objects.filter(pk=call.pk).exists()


def test_department_pages_render(client, call, proposal, dept_officer):
    client.force_login(dept_officer)
    for name in ("call_detail", "call_edit", "call_close", "call_delete"):
        assert client.get(reverse(f"research:{name}", args=[call.pk])).status_code == 200, name
    detail = client.get(reverse("research:call_detail", args=[call.pk])).content.decode()
    assert NAME in detail and "2027" in detail and "2.027" not in detail
    assert reverse("research:call_delete", args=[call.pk]) not in detail  # it has a proposal
    refusal = client.get(reverse("research:call_delete", args=[call.pk])).content.decode()
    assert "không thể xóa" in refusal and "Xác nhận xóa" not in refusal


def test_create_page_keeps_input_on_error_then_creates(client, dept_officer):
    client.force_login(dept_officer)
    url = reverse("research:call_create")
    data = {"name": NAME, "plan_year": "2027", "opens_on": "2026-09-01", "closes_on": "2026-08-01", "description": ""}
    response = client.post(url, data)
    assert response.status_code == 422
    page = response.content.decode()
    assert f'value="{NAME}"' in page and 'value="2026-08-01"' in page
    assert "Hạn nộp đề xuất phải từ ngày mở đợt trở đi." in page
    response = client.post(url, {**data, "closes_on": "2026-10-31"})
    call = PlanCall.objects.get()
    assert response.status_code == 302 and response["Location"] == call.get_absolute_url()
    assert call.created_by == dept_officer


def test_edit_page_refuses_a_stale_save_and_keeps_input(client, call, dept_officer, dept_leader):
    client.force_login(dept_leader)
    url = reverse("research:call_edit", args=[call.pk])
    form = {"name": NAME, "plan_year": "2027", "opens_on": "2026-06-01", "closes_on": "2026-10-15"}
    assert client.post(url, {**form, "loaded_version": "1"}).status_code == 302
    client.force_login(dept_officer)
    response = client.post(url, {**form, "closes_on": "2026-11-30", "loaded_version": "1"})
    assert response.status_code == 422
    assert 'value="2026-11-30"' in response.content.decode()
    call.refresh_from_db()
    assert call.closes_on == date(2026, 10, 15) and call.version == 2


def test_close_asks_first_then_closes(client, call, dept_officer):
    client.force_login(dept_officer)
    url = reverse("research:call_close", args=[call.pk])
    page = client.get(url).content.decode()
    assert "Xác nhận đóng đợt" in page
    call.refresh_from_db()
    assert call.closed_at is None  # asking changed nothing
    response = client.post(url, {"loaded_version": str(call.version)})
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.closed_at is not None
    assert client.post(url, {"loaded_version": str(call.version)}).status_code == 422


def test_delete_is_refused_with_a_message_when_proposals_exist(client, call, proposal, dept_officer):
    client.force_login(dept_officer)
    response = client.post(reverse("research:call_delete", args=[call.pk]))
    assert response.status_code == 422
    assert "Đợt này đã có đề xuất nên không thể xóa. Hãy đóng đợt." in response.content.decode()
    assert PlanCall.objects.filter(pk=call.pk).exists()


def test_delete_after_confirmation(client, call, dept_officer):
    client.force_login(dept_officer)
    response = client.post(reverse("research:call_delete", args=[call.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("research:call_list")
    assert not PlanCall.objects.exists()


def test_list_filters_sorts_pages_and_exports(client, dept_officer, time_machine):
    time_machine.move_to(date(2026, 7, 1))
    for year in range(2000, 2030):
        services_calls.call_create(
            user=dept_officer, name=f"Đợt đề xuất năm {year}", plan_year=year, opens_on=date(year - 1, 6, 1),
            closes_on=date(year - 1, 9, 30),
        )  # fmt: skip
    client.force_login(dept_officer)
    url = reverse("research:call_list")
    table = client.get(url).context["table"]
    assert table.paginator.count == 30 and len(table.page.object_list) == 25
    assert table.page.object_list.data[0].plan_year == 2029
    assert client.get(url + "?sort=plan_year").context["table"].page.object_list.data[0].plan_year == 2000
    opened = client.get(url + "?state=open").context["table"]
    assert [c.plan_year for c in opened.page.object_list.data] == [2027]
    assert client.get(url + "?plan_year=2015").context["table"].paginator.count == 1
    fragment = client.get(url + "?q=2015", headers={"HX-Request": "true", "HX-Target": "call-table"})
    assert "<html" not in fragment.content.decode() and "Đợt đề xuất năm 2015" in fragment.content.decode()
    export = client.get(url + "?state=past&export=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_empty_list_invites_to_open_a_call(client, dept_officer):
    client.force_login(dept_officer)
    page = client.get(reverse("research:call_list")).content.decode()
    assert "Chưa có đợt đề xuất nào." in page and reverse("research:call_create") in page


def test_list_query_count_does_not_grow(client, dept_officer, django_assert_max_num_queries):
    client.force_login(dept_officer)
    for year in (2025, 2026):
        services_calls.call_create(
            user=dept_officer, name=f"Đợt {year}", plan_year=year, opens_on=date(2025, 1, 1), closes_on=date(2025, 2, 1)
        )
    with django_assert_max_num_queries(9) as few:  # 9: with the header's unread count
        client.get(reverse("research:call_list"))
    for year in range(2000, 2020):
        services_calls.call_create(
            user=dept_officer, name=f"Đợt {year}", plan_year=year, opens_on=date(2025, 1, 1), closes_on=date(2025, 2, 1)
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("research:call_list"))


def test_proposal_form_offers_the_open_call_and_not_a_closed_one(client, call, officer_a, dept_officer, time_machine):
    time_machine.move_to(date(2026, 7, 1))
    client.force_login(officer_a)
    form = client.get(reverse("research:proposal_create")).context["form"]
    assert form.initial["call"] == call
    services_calls.call_close(user=dept_officer, call=call)
    form = client.get(reverse("research:proposal_create")).context["form"]
    assert call not in form.fields["call"].queryset
