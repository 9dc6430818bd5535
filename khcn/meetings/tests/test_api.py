"""Sessions and follow-up items through /api/v1/: the same scopes and rules as the pages."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from khcn.meetings import services
from khcn.meetings.models import FollowUp

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def session(dept_officer, ward_a, ward_b):
    return services.meeting_create(
        user=dept_officer,
        title="Làm việc với cụm Mê Linh",
        starts_at=datetime(2026, 7, 19, 8, 30, tzinfo=HANOI),
        place="Trụ sở UBND xã Mê Linh",
        units=[ward_a, ward_b],
    )


def test_department_creates_a_session_and_items(client, dept_officer, ward_a, ward_b):
    client.force_login(dept_officer)
    response = client.post(
        "/api/v1/meetings/",
        {"title": "Làm việc với xã", "starts_at": "2026-12-01T08:00:00+07:00", "place": "Trụ sở", "units": [ward_a.pk]},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    meeting = response.json()
    assert [u["unit_name"] for u in meeting["cluster"]] == ["Xã Mê Linh"]
    response = client.post(
        "/api/v1/followups/",
        {"kind": "directive", "unit": ward_a.pk, "text": "Báo cáo định kỳ đúng hạn", "meeting": meeting["id"]},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["topic"] == "reporting"
    bad = client.post(
        "/api/v1/followups/",
        {"kind": "request", "unit": ward_b.pk, "text": "x", "meeting": meeting["id"]},
        content_type="application/json",
    )
    assert bad.status_code == 400


def test_unit_officer_sees_only_its_own(client, session, dept_officer, officer_a, ward_a, ward_b):
    mine = services.item_add(user=dept_officer, meeting=session, unit=ward_a, kind="directive", text="Việc của Mê Linh")
    theirs = services.item_add(user=dept_officer, meeting=session, unit=ward_b, kind="request", text="Kiến nghị QM")
    client.force_login(officer_a)
    assert [i["id"] for i in client.get("/api/v1/followups/").json()["results"]] == [mine.pk]
    assert client.get(f"/api/v1/followups/{theirs.pk}/").status_code == 404
    assert (
        client.post(
            f"/api/v1/followups/{theirs.pk}/respond/", {"text": "x"}, content_type="application/json"
        ).status_code
        == 404
    )
    assert (
        client.post(
            "/api/v1/meetings/",
            {"title": "Buổi làm việc", "starts_at": "2026-12-01T08:00:00+07:00", "place": "x", "units": [ward_a.pk]},
            content_type="application/json",
        ).status_code
        == 403
    )
    # a unit cannot issue a directive, and cannot raise a request for another unit
    assert (
        client.post(
            "/api/v1/followups/",
            {"kind": "directive", "unit": ward_a.pk, "text": "Chỉ đạo"},
            content_type="application/json",
        ).status_code
        == 400
    )
    assert (
        client.post(
            "/api/v1/followups/",
            {"kind": "request", "unit": ward_b.pk, "text": "Kiến nghị"},
            content_type="application/json",
        ).status_code
        == 400
    )

    response = client.post(
        f"/api/v1/followups/{mine.pk}/respond/",
        {"text": "Đã thực hiện", "status": "done", "version": mine.version},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == "done"
    stale = client.post(
        f"/api/v1/followups/{mine.pk}/respond/",
        {"text": "Bổ sung", "version": mine.version},
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert FollowUp.objects.get(pk=mine.pk).responses.count() == 1
    assert [m["id"] for m in client.get("/api/v1/meetings/").json()["results"]] == [session.pk]


def test_browsable_followups_do_not_name_other_units_sessions(client, session, dept_officer, officer_a, ward_a, ward_b):
    private = services.meeting_create(
        user=dept_officer,
        title="Làm việc riêng với xã Quang Minh",
        starts_at=datetime(2026, 8, 2, 8, 30, tzinfo=HANOI),
        place="Trụ sở UBND xã Quang Minh",
        units=[ward_b],
    )
    services.item_add(user=dept_officer, meeting=session, unit=ward_a, kind="directive", text="Việc của Mê Linh")
    client.force_login(officer_a)
    page = client.get("/api/v1/followups/", HTTP_ACCEPT="text/html").content.decode()
    assert "Việc của Mê Linh" in page and "Làm việc riêng với xã Quang Minh" not in page
    assert client.get(f"/api/v1/followups/?meeting={private.pk}").json()["count"] == 0
    assert client.get(f"/api/v1/followups/?meeting={session.pk}").json()["count"] == 1
