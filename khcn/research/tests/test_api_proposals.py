"""Task proposals through /api/v1/: scope, drafts, and the page's submission rules."""

from datetime import date

import pytest

from khcn.research.models import PlanCall

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(db):
    today = date.today()
    return PlanCall.objects.create(
        name="Đợt đề xuất",
        plan_year=today.year + 1,
        opens_on=date(today.year, 1, 1),
        closes_on=date(today.year, 12, 31),
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
