"""Task proposals through /api/v1/: scope, drafts, and the page's submission rules."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from khcn.research.models import PlanCall

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(db, time_machine):  # type: ignore[no-untyped-def]
    """A call open on the day the test runs (pinned to 3 December 2026)."""
    time_machine.move_to(datetime(2026, 12, 3, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=True)
    return PlanCall.objects.create(
        name="Đợt đề xuất", plan_year=2027, opens_on=date(2026, 1, 1), closes_on=date(2026, 12, 31)
    )


def test_a_unit_drafts_submits_and_sees_only_its_own(client, call, officer_a, officer_b, ward_a, ward_b):
    client.force_login(officer_a)
    draft = {
        "call": call.pk,
        "unit": ward_a.pk,
        "title": "Bảo tồn giống hoa đào Phù Trì",
        "problem": "Giống cổ mai một",
    }
    response = client.post("/api/v1/proposals/", draft, content_type="application/json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    refused = client.post(f"/api/v1/proposals/{pk}/submit/")
    assert refused.status_code == 400 and refused.json()["code"] == "incomplete"
    other = {**draft, "unit": ward_b.pk}
    assert client.post("/api/v1/proposals/", other, content_type="application/json").status_code == 400
    client.force_login(officer_b)
    assert client.get(f"/api/v1/proposals/{pk}/").status_code == 404
    assert client.get("/api/v1/proposals/").json()["results"] == []
