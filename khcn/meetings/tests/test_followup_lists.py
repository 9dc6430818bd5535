"""Issue 13, defect 9: the follow-up list and board tell the Department the truth.

The Department gets its own tabs, rows have no empty link, the on-time rate counts overdue
items against it, the division table says which items it leaves out, and the directives of
districts abolished on 1 July 2025 can be moved to their successor communes.
"""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from khcn.geo.models import AdminUnit, UnitLevel
from khcn.meetings import selectors, services
from khcn.meetings.models import AssigneeKind, FollowUp, FollowUpKind, FollowUpStatus
from khcn.meetings.tests.factories import FollowUpFactory
from khcn.notifications.models import Notification

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
EMPTY_LINK = re.compile(r"<a\b(?![^>]*aria-label)[^>]*>\s*</a>")


@pytest.fixture
def former_district(db) -> AdminUnit:
    return AdminUnit.objects.get(name="Mê Linh", level=UnitLevel.DISTRICT, valid_to__isnull=False)


@pytest.fixture
def old_directive(former_district) -> FollowUp:
    return FollowUpFactory.create(
        unit=former_district,
        kind=FollowUpKind.DIRECTIVE,
        assignee_kind=AssigneeKind.UNIT,
        text="Nghiên cứu đề xuất đặt hàng nhiệm vụ khoa học cho kế hoạch năm 2025",
        due_on=date(2024, 8, 31),
    )


def test_the_item_list_has_no_empty_link_and_the_department_its_own_tabs(
    client, dept_officer, officer_a, ward_a, old_directive
):
    services.item_add(user=officer_a, unit=ward_a, kind=FollowUpKind.REQUEST, text="Hỗ trợ tập huấn cho cán bộ xã")
    client.force_login(dept_officer)
    page = client.get(reverse("meetings:item_list")).content.decode()
    assert not EMPTY_LINK.search(page), EMPTY_LINK.search(page)
    assert "Kiến nghị chờ Sở trả lời" in page and "Chưa phân công phòng" in page
    assert "Việc phải làm" not in page, "the commune's tabs are the commune's"
    unassigned = client.get(reverse("meetings:item_list") + "?office=none&state=open").content.decode()
    assert "Hỗ trợ tập huấn cho cán bộ xã" in unassigned and old_directive.text not in unassigned

    client.force_login(officer_a)
    page = client.get(reverse("meetings:item_list")).content.decode()
    assert "Việc phải làm" in page and "Kiến nghị chờ Sở trả lời" not in page


def test_the_on_time_rate_counts_overdue_items_and_the_division_table_says_what_it_leaves_out(
    client, dept_officer, ward_a, ward_b, time_machine
):
    time_machine.move_to(datetime(2026, 8, 10, 9, tzinfo=HANOI), tick=False)

    def item(unit, due, **kw):
        return services.item_add(
            user=dept_officer, unit=unit, kind="request", text=f"Kiến nghị {due}", due_on=due, **kw
        )

    item(ward_a, date(2026, 8, 1))  # overdue
    item(ward_a, date(2026, 8, 2))  # overdue
    on_time = item(ward_b, date(2026, 8, 20))
    services.item_respond(user=dept_officer, item=on_time, text="Xong", status=FollowUpStatus.DONE)
    item(ward_b, date(2026, 9, 1), assignee_kind=AssigneeKind.UNIT)  # the unit acts: no division
    board = selectors.followup_board(user=dept_officer)
    assert (board.totals.closed_on_time, board.totals.due, board.totals.overdue) == (1, 3, 2)
    assert board.totals.on_time_percent == 33, "not 100% beside 2 overdue items"
    assert board.outside_offices == 1
    client.force_login(dept_officer)
    page = client.get(reverse("meetings:board")).content.decode()
    assert "33%" in page and "1 trên 3 nội dung đã đến hạn" in page
    assert "1 trong 4 nội dung không giao cho phòng nào của Sở" in page


def test_the_department_moves_a_former_district_directive_to_its_successors(
    client, dept_officer, officer_a, ward_a, ward_b, former_district, old_directive, django_capture_on_commit_callbacks
):
    client.force_login(dept_officer)
    listing = client.get(reverse("meetings:item_list")).content.decode()
    url = reverse("meetings:items_move", args=[former_district.pk])
    assert url in listing, "the list offers the move"
    question = client.get(url)
    assert question.status_code == 200 and old_directive.text in question.content.decode()
    assert FollowUp.objects.count() == 1, "asking writes nothing"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"items": [old_directive.pk], "successors": [ward_a.pk, ward_b.pk], "due_on": "31/12/2026"}
        )
    assert response.status_code == 302
    old_directive.refresh_from_db()
    assert old_directive.status == FollowUpStatus.TRANSFERRED and old_directive.closed_at is not None
    assert "Xã Mê Linh" in old_directive.status_reason and "Xã Quang Minh" in old_directive.status_reason
    copies = FollowUp.objects.filter(moved_from=old_directive)
    assert {c.unit for c in copies} == {ward_a, ward_b}
    assert all(c.kind == FollowUpKind.DIRECTIVE and c.due_on == date(2026, 12, 31) for c in copies)
    assert all("Huyện Mê Linh" in c.responses.get().text for c in copies), "each copy says where it came from"
    assert old_directive.responses.get().status == FollowUpStatus.TRANSFERRED
    assert old_directive.history.first().history_user == dept_officer, "history records who moved it"
    assert "Huyện Mê Linh" in client.get(copies.first().get_absolute_url()).content.decode()
    moved = copies.get(unit=ward_a)
    assert Notification.objects.filter(recipient=officer_a, url=moved.get_absolute_url()).count() == 1, (
        "the successor's officers are told of the directive they now owe"
    )


def test_a_move_to_a_unit_that_did_not_succeed_or_by_a_commune_is_refused(
    client, dept_officer, officer_a, former_district, old_directive
):
    elsewhere = AdminUnit.objects.current().get(name="Bát Tràng", level=UnitLevel.COMMUNE)
    url = reverse("meetings:items_move", args=[former_district.pk])
    client.force_login(dept_officer)
    assert client.post(url, {"items": [old_directive.pk], "successors": [elsewhere.pk]}).status_code == 422
    assert client.post(url, {"items": [old_directive.pk]}).status_code == 422, "a successor must be chosen"
    client.force_login(officer_a)
    assert client.post(
        url, {"items": [old_directive.pk], "successors": [officer_a.grants.get().unit_id]}
    ).status_code in (
        403,
        404,
    )
    old_directive.refresh_from_db()
    assert (
        old_directive.status == FollowUpStatus.OPEN and not FollowUp.objects.filter(moved_from__isnull=False).exists()
    )
