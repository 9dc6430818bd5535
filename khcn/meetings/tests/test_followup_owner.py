"""Issue 13, defect 8: only the party that owes the answer closes an item, and it is named.

A commune's request is answered and closed by the Department (page, API and Excel alike);
the commune may add to it but not mark it done. A directive to the commune is the commune's
to act on. While no division is assigned, the item says the Department owes it, not the
placeholder "Một phòng thuộc Sở".
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from khcn.geo.models import Organisation, OrganisationKind
from khcn.meetings import services
from khcn.meetings.models import AssigneeKind, FollowUpKind, FollowUpStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_item(dept_officer, officer_a, ward_a):
    return services.item_add(
        user=officer_a, unit=ward_a, kind=FollowUpKind.REQUEST, text="Hỗ trợ tập huấn sở hữu trí tuệ"
    )


@pytest.fixture
def directive(dept_officer, ward_a):
    return services.item_add(
        user=dept_officer,
        unit=ward_a,
        kind=FollowUpKind.DIRECTIVE,
        text="Gửi báo cáo 6 tháng đúng hạn",
        assignee_kind=AssigneeKind.UNIT,
    )


def test_the_requesting_commune_cannot_close_its_own_request(officer_a, request_item):
    with pytest.raises(ValidationError) as refused:
        services.item_respond(user=officer_a, item=request_item, text="Đã xong", status=FollowUpStatus.DONE)
    assert refused.value.code == services.NOT_OWED
    assert "Sở Khoa học và Công nghệ" in refused.value.messages[0]
    request_item.refresh_from_db()
    assert request_item.status == FollowUpStatus.OPEN and not request_item.responses.exists()
    services.item_respond(user=officer_a, item=request_item, text="Xã bổ sung danh sách học viên")  # adds, no status
    assert request_item.responses.count() == 1


def test_the_department_closes_the_request_and_the_commune_closes_its_directive(
    dept_officer, officer_a, request_item, directive
):
    services.item_respond(user=dept_officer, item=request_item, text="Sở đã tổ chức lớp", status=FollowUpStatus.DONE)
    services.item_respond(user=officer_a, item=directive, text="Đã gửi báo cáo", status=FollowUpStatus.DONE)
    request_item.refresh_from_db()
    directive.refresh_from_db()
    assert request_item.status == directive.status == FollowUpStatus.DONE


def test_the_commune_page_has_no_status_on_its_request_and_the_post_is_refused(client, officer_a, request_item):
    client.force_login(officer_a)
    page = client.get(request_item.get_absolute_url()).content.decode()
    assert 'name="status"' not in page
    assert "Một phòng thuộc Sở" not in page and "Sở Khoa học và Công nghệ (chưa phân công phòng)" in page
    url = reverse("meetings:item_respond", args=[request_item.pk])
    client.post(url, {"text": "Đã xong", "status": "done", "loaded_version": request_item.version})
    request_item.refresh_from_db()
    assert request_item.status == FollowUpStatus.OPEN, "a status sent anyway is not applied"
    directive_page = client.get(reverse("meetings:item_list")).content.decode()
    assert "Một phòng thuộc Sở" not in directive_page


def test_the_api_refuses_the_commune_closing_its_request(client, officer_a, request_item):
    client.force_login(officer_a)
    response = client.post(
        f"/api/v1/followups/{request_item.pk}/respond/",
        {"text": "Đã xong", "status": "done"},
        content_type="application/json",
    )
    assert response.status_code == 400
    request_item.refresh_from_db()
    assert request_item.status == FollowUpStatus.OPEN


def test_the_division_is_named_when_assigned(dept_officer, department, ward_a):
    office = Organisation.objects.create(
        name="Phòng Sở hữu trí tuệ", kind=OrganisationKind.DEPARTMENT_OFFICE, unit=department.unit, parent=department
    )
    item = services.item_add(
        user=dept_officer,
        unit=ward_a,
        kind=FollowUpKind.REQUEST,
        text="Hỗ trợ đăng ký nhãn hiệu",
        assignee_office=office,
    )
    assert item.assignee_label() == "Phòng Sở hữu trí tuệ"


def test_closing_an_item_from_its_page_asks_first(client, dept_officer, request_item):
    """Issue 13, defect 7: closing an item is confirmed; the question carries the answer typed."""
    client.force_login(dept_officer)
    url = reverse("meetings:item_respond", args=[request_item.pk])
    data = {"text": "Sở đã tổ chức lớp tập huấn", "status": "done", "loaded_version": request_item.version}
    asked = client.post(url, data)
    body = asked.content.decode()
    assert asked.status_code == 200 and "Đóng nội dung này?" in body and "Sở đã tổ chức lớp tập huấn" in body
    request_item.refresh_from_db()
    assert request_item.status == FollowUpStatus.OPEN and not request_item.responses.exists()
    assert client.post(url, {**data, "confirmed": "1"}).status_code == 302
    request_item.refresh_from_db()
    assert request_item.status == FollowUpStatus.DONE
