"""The unit registry and organisations through /api/v1/."""

import pytest

from khcn.geo.models import AdminUnit, UnitLevel

pytestmark = pytest.mark.django_db


def test_unit_search_and_current_successors(client, officer_a):
    client.force_login(officer_a)
    found = client.get("/api/v1/units/?q=trang viet").json()["results"]
    assert {u["full_name"] for u in found} >= {"Xã Tráng Việt"}
    old = AdminUnit.objects.get(name="Tráng Việt", level=UnitLevel.COMMUNE)
    current = client.get(f"/api/v1/units/{old.pk}/current/").json()
    assert [(c["unit"]["full_name"], c["kind"]) for c in current] == [("Xã Mê Linh", "whole")]


def test_api_edit_needs_current_version(client, officer_a, org_a):
    client.force_login(officer_a)
    url = f"/api/v1/organisations/{org_a.pk}/"
    missing = client.patch(url, {"phone": "1"}, content_type="application/json")
    assert missing.status_code == 400
    ok = client.patch(url, {"phone": "1", "version": 1}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = client.patch(url, {"phone": "2", "version": 1}, content_type="application/json")
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale" and stale.json()["current_version"] == 2


def test_api_create_is_scoped(client, officer_a, ward_a, ward_b):
    client.force_login(officer_a)
    ok = client.post(
        "/api/v1/organisations/",
        {"name": "HTX mới", "kind": "cooperative", "unit": ward_a.pk},
        content_type="application/json",
    )
    assert ok.status_code == 201
    refused = client.post(
        "/api/v1/organisations/",
        {"name": "HTX khác", "kind": "cooperative", "unit": ward_b.pk},
        content_type="application/json",
    )
    # A reference outside the caller's scope is a 400 on its field (accounts.scoping).
    assert refused.status_code == 400 and "unit" in refused.json()
