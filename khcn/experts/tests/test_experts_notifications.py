"""Who is told when a profile, an offer, a demand or a connection moves (experts/notices.py):
exactly the people concerned, never the one who acted nor another commune's officers."""

from datetime import date
from typing import Any

import pytest
import time_machine
from django.core import mail

from conftest import make_user
from khcn.accounts.roles import Role
from khcn.experts.models import (
    Demand,
    DemandSource,
    Expert,
    OfferStatus,
    Outcome,
    ProfileStatus,
    RequesterKind,
    Technology,
)
from khcn.experts.services.connections import connection_create
from khcn.experts.services.demands import demand_ask, demand_create
from khcn.experts.services.experts import expert_submit, expert_update, expert_validate
from khcn.experts.services.technologies import technology_review, technology_submit
from khcn.meetings.tests.factories import FollowUpFactory
from khcn.notifications.models import Notification, NotificationKind

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_today")]


@pytest.fixture
def _today():  # type: ignore[no-untyped-def]
    with time_machine.travel(date(2026, 6, 1), tick=False):
        yield


@pytest.fixture
def second_officer(province, department):  # type: ignore[no-untyped-def]
    return make_user("officer2", Role.DEPARTMENT_OFFICER, unit=province, organisation=department)


@pytest.fixture
def profile(expert) -> Expert:  # type: ignore[no-untyped-def]
    """The expert account's own profile, a draft with its field group chosen."""
    return Expert.objects.create(
        user=expert, full_name="Trần Thị Hoa", degree="phd", field="agricultural", status=ProfileStatus.DRAFT
    )


def _offer(owner: Expert, **fields: Any) -> Technology:
    values: dict[str, Any] = {
        "title": "Đệm lót sinh học cho chuồng lợn",
        "summary": "Xử lý chất thải chăn nuôi tại chỗ bằng đệm lót vi sinh.",
        "field": "agricultural",
        "maturity": 7,
        "owner_expert": owner,
        "status": OfferStatus.DRAFT,
    }
    return Technology.objects.create(**(values | fields))


def _demand(unit: Any, **fields: Any) -> Demand:
    values: dict[str, Any] = {"title": "Xử lý nước thải làng nghề", "problem": "Nước thải chưa được xử lý."}
    return Demand.objects.create(unit=unit, **(values | fields))


def _told(kind: str) -> dict[str, Notification]:
    return {n.recipient.username: n for n in Notification.objects.filter(kind=kind).select_related("recipient")}


# ---- Expert profiles ----


def test_profile_sent_for_validation_tells_department_officers_only(
    expert, profile, dept_officer, second_officer, dept_leader, officer_a
):
    expert_submit(user=expert, expert=profile)
    told = _told(NotificationKind.EXPERT_SUBMITTED)
    assert set(told) == {"officer", "officer2"}
    note = told["officer"]
    assert note.title == "Hồ sơ chuyên gia chờ xác nhận: TS. Trần Thị Hoa"
    assert note.url == f"/experts/people/{profile.pk}/"
    assert note.target == profile


def test_officer_sending_a_profile_is_not_told_of_it(profile, dept_officer, second_officer):
    expert_submit(user=dept_officer, expert=profile)
    assert set(_told(NotificationKind.EXPERT_SUBMITTED)) == {"officer2"}


def test_expert_editing_validated_profile_asks_department_again(expert, profile, dept_officer):
    Expert.objects.filter(pk=profile.pk).update(status=ProfileStatus.VALIDATED)
    profile.refresh_from_db()
    profile.position = "Giảng viên chính"
    expert_update(user=expert, expert=profile, expected_version=profile.version)
    told = _told(NotificationKind.EXPERT_SUBMITTED)
    assert set(told) == {"officer"}
    assert told["officer"].title.startswith("Hồ sơ chuyên gia đã được sửa, cần xác nhận lại")


def test_department_editing_a_profile_tells_nobody(expert, profile, dept_officer, second_officer):
    Expert.objects.filter(pk=profile.pk).update(status=ProfileStatus.VALIDATED)
    profile.refresh_from_db()
    profile.position = "Trưởng bộ môn"
    expert_update(user=dept_officer, expert=profile, expected_version=profile.version)
    assert not Notification.objects.exists()


def test_validated_profile_tells_its_expert_and_nobody_else(expert, profile, dept_officer, second_officer):
    Expert.objects.filter(pk=profile.pk).update(status=ProfileStatus.SUBMITTED, public_consent=True)
    expert_validate(user=dept_officer, expert=profile)
    told = _told(NotificationKind.EXPERT_VALIDATED)
    assert set(told) == {"expert"}
    assert told["expert"].title == "Hồ sơ chuyên gia của bạn đã được Sở xác nhận"
    assert "danh sách chuyên gia công khai" in told["expert"].body


def test_validating_a_profile_without_account_tells_nobody(dept_officer):
    record = Expert.objects.create(full_name="Lê Văn Nam", field="agricultural", status=ProfileStatus.SUBMITTED)
    expert_validate(user=dept_officer, expert=record)
    assert not Notification.objects.exists()


def test_notification_mail_goes_out_on_commit(expert, profile, dept_officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        expert_submit(user=expert, expert=profile)
    assert [m.to for m in mail.outbox] == [[dept_officer.email]]
    assert mail.outbox[0].subject == "Hồ sơ chuyên gia chờ xác nhận: TS. Trần Thị Hoa"


# ---- Technology offers ----


def test_offer_sent_for_review_tells_department_officers(expert, profile, dept_officer, second_officer, officer_a):
    offer = _offer(profile, created_by=expert)
    technology_submit(user=expert, technology=offer)
    told = _told(NotificationKind.TECH_SUBMITTED)
    assert set(told) == {"officer", "officer2"}
    assert told["officer"].title == "Công nghệ chờ thẩm định: Đệm lót sinh học cho chuồng lợn"
    assert told["officer"].url == f"/experts/technologies/{offer.pk}/"


def test_published_offer_tells_owner_expert_and_recorder_not_the_reviewer(
    expert, profile, dept_officer, second_officer
):
    offer = _offer(profile, created_by=second_officer, status=OfferStatus.SUBMITTED)
    technology_review(user=dept_officer, technology=offer, publish=True)
    told = _told(NotificationKind.TECH_REVIEWED)
    assert set(told) == {"expert", "officer2"}
    assert told["expert"].title == "Công nghệ đã được công bố: Đệm lót sinh học cho chuồng lợn"
    assert "01/06/2027" in told["expert"].body


def test_returned_offer_tells_owner_the_note(expert, profile, dept_officer):
    offer = _offer(profile, created_by=expert, status=OfferStatus.SUBMITTED)
    technology_review(user=dept_officer, technology=offer, publish=False, note="Bổ sung kết quả thử nghiệm.")
    told = _told(NotificationKind.TECH_REVIEWED)
    assert set(told) == {"expert"}
    assert told["expert"].title.startswith("Công nghệ bị trả lại để chỉnh sửa")
    assert told["expert"].body == "Ý kiến của Sở: Bổ sung kết quả thử nghiệm."


# ---- Demands ----


def test_commune_demand_tells_department_officers_not_the_communes(
    officer_a, officer_b, ward_a, dept_officer, second_officer
):
    demand = demand_create(user=officer_a, unit=ward_a, title="Giống lúa chịu hạn", problem="Ruộng thiếu nước.")
    told = _told(NotificationKind.DEMAND_NEW)
    assert set(told) == {"officer", "officer2"}
    assert told["officer"].title == "Nhu cầu công nghệ mới của Xã Mê Linh: Giống lúa chịu hạn"
    assert told["officer"].target == demand


def test_demand_the_department_records_tells_nobody(dept_officer, second_officer, ward_a):
    demand_create(user=dept_officer, unit=ward_a, title="Giống lúa chịu hạn", problem="Ruộng thiếu nước.")
    assert not Notification.objects.exists()


def test_question_from_the_catalogue_tells_department_officers(public_user, expert, profile, ward_b, dept_officer):
    offer = _offer(profile, status=OfferStatus.PUBLISHED, expires_on=date(2027, 1, 1))
    demand_ask(
        user=public_user,
        technology=offer,
        unit=ward_b,
        requester_kind=RequesterKind.HOUSEHOLD,
        requester_name="Hộ ông Tâm",
        problem="Muốn làm đệm lót cho 50 con lợn.",
    )
    told = _told(NotificationKind.DEMAND_NEW)
    assert set(told) == {"officer"}
    assert told["officer"].title.startswith("Câu hỏi từ danh mục công nghệ (Xã Quang Minh)")


# ---- Connections ----


def test_connection_tells_the_communes_officers_and_the_expert(
    dept_officer, second_officer, officer_a, officer_b, ward_a, expert, profile
):
    demand = _demand(ward_a)
    connection = connection_create(
        user=dept_officer, demand=demand, expert=profile, introduced_on=date(2026, 5, 20), outcome=Outcome.MEETING
    )
    told = _told(NotificationKind.CONNECTION_NEW)
    assert set(told) == {"officer_a", "expert"}  # not the officer who recorded it, not ward B
    note = told["officer_a"]
    assert note.title == "Kết nối mới cho “Xử lý nước thải làng nghề”"
    assert note.body == "Đã giới thiệu ngày 20/05/2026 với TS. Trần Thị Hoa. Kết quả: Đã gặp gỡ trao đổi."
    assert note.url == f"/experts/connections/{connection.pk}/"


def test_connection_for_a_catalogue_question_tells_who_asked_on_the_demand(
    dept_officer, officer_a, ward_a, public_user, expert, profile
):
    offer = _offer(profile, status=OfferStatus.PUBLISHED)
    demand = _demand(ward_a, source=DemandSource.PUBLIC, technology=offer, created_by=public_user)
    connection_create(user=dept_officer, demand=demand, technology=offer, introduced_on=date(2026, 5, 20))
    told = _told(NotificationKind.CONNECTION_NEW)
    assert set(told) == {"officer_a", "citizen"}  # the offer's owner is not named in the connection
    assert told["citizen"].url == f"/experts/demands/{demand.pk}/"
    assert told["citizen"].target == demand


def test_connection_for_a_followup_item_tells_its_communes_officers(dept_officer, officer_a, officer_b, ward_b):
    item = FollowUpFactory.create(unit=ward_b, text="Xã cần giống bưởi sạch bệnh.")
    technology = Technology.objects.create(
        title="Nhân giống bưởi sạch bệnh", summary="Vi ghép đỉnh sinh trưởng.", field="agricultural", maturity=8
    )
    connection_create(user=dept_officer, followup=item, technology=technology, introduced_on=date(2026, 5, 20))
    told = _told(NotificationKind.CONNECTION_NEW)
    assert set(told) == {"officer_b"}
    assert told["officer_b"].title == "Kết nối mới cho “Xã cần giống bưởi sạch bệnh.”"


def test_settings_page_lists_the_new_kinds_in_vietnamese(client, expert):
    client.force_login(expert)
    html = client.get("/notifications/settings/").content.decode()
    for label in (
        "Hồ sơ chuyên gia chờ xác nhận",
        "Hồ sơ chuyên gia đã được xác nhận",
        "Công nghệ chờ thẩm định",
        "Công nghệ được công bố hoặc bị trả lại",
        "Nhu cầu công nghệ mới được ghi nhận",
        "Kết nối mới cho một đề nghị",
    ):
        assert label in html


def test_everyone_told_of_a_connection_can_open_what_they_were_sent(
    client, dept_officer, officer_a, ward_a, public_user, expert, profile
):
    offer = _offer(profile, status=OfferStatus.PUBLISHED)
    demand = _demand(ward_a, source=DemandSource.PUBLIC, technology=offer, created_by=public_user)
    connection_create(user=dept_officer, demand=demand, expert=profile, introduced_on=date(2026, 5, 20))
    told = _told(NotificationKind.CONNECTION_NEW)
    assert set(told) == {"officer_a", "expert", "citizen"}
    for username, note in told.items():
        client.force_login(note.recipient)
        response = client.get(f"/notifications/{note.pk}/")
        assert response.status_code == 302 and response["Location"] == note.url, username
        assert client.get(note.url).status_code == 200, username
