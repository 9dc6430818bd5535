"""Technologies and demands through /api/v1/: the same scopes and services as the pages."""

import pytest

from khcn.experts.models import Demand, OfferStatus
from khcn.experts.tests.factories import DemandFactory, ExpertFactory, TechnologyFactory

pytestmark = pytest.mark.django_db


def _ids(response):  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_ward_b_officer_sees_only_ward_b_demands(client, officer_b, ward_a, ward_b):  # type: ignore[no-untyped-def]
    mine = DemandFactory.create(unit=ward_b)
    theirs = DemandFactory.create(unit=ward_a)
    client.force_login(officer_b)
    assert _ids(client.get("/api/v1/demands/")) == {mine.pk}
    assert client.get(f"/api/v1/demands/{theirs.pk}/").status_code == 404


def test_officer_creates_demand_for_own_commune_only(client, officer_a, ward_a, ward_b):  # type: ignore[no-untyped-def]
    client.force_login(officer_a)
    body = {"title": "Nước sạch", "problem": "Nhiễm asen", "unit": ward_a.pk}
    response = client.post("/api/v1/demands/", body, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "open" and response.json()["unit_name"] == "Xã Mê Linh"
    refused = client.post("/api/v1/demands/", {**body, "unit": ward_b.pk}, content_type="application/json")
    assert refused.status_code == 400 and "unit" in refused.json()
    assert Demand.objects.count() == 1


def test_public_user_cannot_create_demand_through_api(client, public_user, ward_a):  # type: ignore[no-untyped-def]
    client.force_login(public_user)
    body = {"title": "Nước sạch", "problem": "Nhiễm asen", "unit": ward_a.pk}
    assert client.post("/api/v1/demands/", body, content_type="application/json").status_code == 403


def test_technologies_for_non_staff_are_the_catalogue(client, officer_a, public_user):  # type: ignore[no-untyped-def]
    listed = TechnologyFactory.create(status=OfferStatus.PUBLISHED)
    TechnologyFactory.create(status=OfferStatus.DRAFT)
    for user in (officer_a, public_user):
        client.force_login(user)
        assert _ids(client.get("/api/v1/technologies/")) == {listed.pk}


def test_expert_creates_offer_in_own_name(client, expert):  # type: ignore[no-untyped-def]
    profile = ExpertFactory.create(draft=True, user=expert)
    client.force_login(expert)
    body = {"title": "Bẫy côn trùng", "summary": "Đèn bẫy", "field": "agricultural", "maturity": 7}
    response = client.post("/api/v1/technologies/", body, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["owner_expert"] == profile.pk and response.json()["status"] == "draft"
    assert response.json()["subfields"] == []


def test_technology_filters(client, dept_officer):  # type: ignore[no-untyped-def]
    a = TechnologyFactory.create(subfields=" 401 405 ", maturity=8)
    TechnologyFactory.create(subfields=" 4011 ", maturity=3)
    client.force_login(dept_officer)
    assert _ids(client.get("/api/v1/technologies/", {"subfield": "401"})) == {a.pk}
    assert _ids(client.get("/api/v1/technologies/", {"maturity": 8})) == {a.pk}
