"""Producers and products through /api/v1/: the same services, scopes and version checks."""

import pytest

from khcn.products.models import Product
from khcn.products.tests.factories import ProducerFactory

pytestmark = pytest.mark.django_db


def test_officer_creates_a_producer_and_a_product(client, officer_a, ward_a):
    client.force_login(officer_a)
    response = client.post(
        "/api/v1/producers/",
        {"name": "HTX Đông Cao", "kind": "cooperative", "unit": ward_a.pk, "representative_phone": "0912345678"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    producer = response.json()
    assert producer["unit_name"] == "Xã Mê Linh" and producer["representative_phone"] == "0912345678"
    response = client.post(
        "/api/v1/products/",
        {
            "name": "Bưởi đỏ",
            "category": "food",
            "unit": ward_a.pk,
            "producers": [producer["id"]],
            "gtin": "8934567890120",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["producers"] == [producer["id"]]
    assert response.json()["gtin"] == "08934567890120" and not response.json()["is_published"]


def test_stale_version_is_a_409_and_a_bad_gtin_a_400(client, officer_a, ward_a):
    client.force_login(officer_a)
    created = client.post(
        "/api/v1/products/", {"name": "Bưởi đỏ", "category": "food", "unit": ward_a.pk}, content_type="application/json"
    ).json()
    url = f"/api/v1/products/{created['id']}/"
    ok = client.patch(url, {"season": "Tháng 11", "version": created["version"]}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["version"] == created["version"] + 1
    stale = client.patch(url, {"season": "Tháng 12", "version": created["version"]}, content_type="application/json")
    assert stale.status_code == 409
    bad = client.patch(url, {"gtin": "8930000000001"}, content_type="application/json")
    assert bad.status_code == 400
    assert Product.objects.get(pk=created["id"]).season == "Tháng 11"


def test_unknown_field_is_refused(client, officer_a, ward_a):
    client.force_login(officer_a)
    response = client.post(
        "/api/v1/producers/",
        {"name": "HTX", "kind": "cooperative", "unit": ward_a.pk, "is_demo": True},
        content_type="application/json",
    )
    assert response.status_code == 400


def test_department_reads_every_commune_with_personal_data(client, dept_officer, ward_a, ward_b):
    ProducerFactory.create(unit=ward_a, representative_phone="0911111111")
    ProducerFactory.create(unit=ward_b, representative_phone="0922222222")
    client.force_login(dept_officer)
    rows = client.get("/api/v1/producers/").json()["results"]
    assert sorted(r["representative_phone"] for r in rows) == ["0911111111", "0922222222"]
    assert len(client.get("/api/v1/producers/", {"unit": ward_b.pk}).json()["results"]) == 1
