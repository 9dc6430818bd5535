"""/api/v1/initiatives/ (scoped) and /api/v1/recognised-initiatives/ (public)."""

import pytest

from khcn.initiatives.tests.factories import InitiativeFactory, recognised_initiative

pytestmark = pytest.mark.django_db


def test_api_lists_only_initiatives_in_scope(client, officer_a, ward_a, ward_b) -> None:
    mine = InitiativeFactory.create(unit=ward_a)
    other = InitiativeFactory.create(unit=ward_b)
    client.force_login(officer_a)
    ids = [row["id"] for row in client.get("/api/v1/initiatives/").json()["results"]]
    assert ids == [mine.pk]
    assert client.get(f"/api/v1/initiatives/{other.pk}/").status_code == 404
    assert client.get(f"/api/v1/initiatives/{mine.pk}/").json()["base_recognition"] is None


def test_api_refuses_anonymous_on_the_scoped_list(client) -> None:
    assert client.get("/api/v1/initiatives/").status_code in (401, 403)


def test_public_api_gives_recognised_only_without_sign_in(client, ward_a) -> None:
    shown = recognised_initiative(unit=ward_a, title="Ứng dụng mã QR tại bộ phận một cửa")
    InitiativeFactory.create(unit=ward_a, title="Bản nháp")
    rows = client.get("/api/v1/recognised-initiatives/").json()["results"]
    assert [r["id"] for r in rows] == [shown.pk]
    assert "costs" not in rows[0] and rows[0]["decision_number"]
    assert client.get("/api/v1/recognised-initiatives/?q=ma+qr").json()["count"] == 1
    assert client.get("/api/v1/recognised-initiatives/?q=rau").json()["count"] == 0
