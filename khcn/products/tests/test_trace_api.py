"""Batches and checks through /api/v1/batches/: the same scopes and services as the pages."""

from datetime import date

import pytest

from khcn.products.models import Batch, BatchCheck, CheckKind
from khcn.products.tests.factories import BatchFactory, ProductFactory

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def product_a(ward_a):  # type: ignore[no-untyped-def]
    return ProductFactory.create(unit=ward_a, name="Bưởi đỏ Đông Cao")


@pytest.fixture
def product_b(ward_b):  # type: ignore[no-untyped-def]
    return ProductFactory.create(unit=ward_b, name="Rau Quang Minh")


def test_officer_keeps_batches_and_checks_of_own_commune(client, officer_a, product_a):
    client.force_login(officer_a)
    response = client.post(
        "/api/v1/batches/",
        {"product": product_a.pk, "lot": "DC-01", "produced_on": "2026-11-20", "quantity": "500.5"},
        content_type=JSON,
    )
    assert response.status_code == 201, response.json()
    batch = response.json()
    assert batch["lot"] == "DC-01" and batch["quantity"] == "500.50" and batch["checks"] == []
    assert batch["public_url"] == f"/b/{batch['public_id']}/"
    duplicate = client.post(
        "/api/v1/batches/", {"product": product_a.pk, "lot": "DC-01", "produced_on": "2026-11-21"}, content_type=JSON
    )
    assert duplicate.status_code == 400 and "lot" in duplicate.json()["errors"]

    url = f"/api/v1/batches/{batch['id']}/"
    patched = client.patch(url, {"distributor": "Chợ đầu mối", "version": 1}, content_type=JSON)
    assert patched.status_code == 200 and patched.json()["version"] == 2
    assert client.patch(url, {"distributor": "Khác", "version": 1}, content_type=JSON).status_code == 409

    added = client.post(
        url + "checks/",
        {"kind": "test", "on": "2026-11-25", "by": "Trung tâm Kiểm nghiệm", "result": "Đạt"},
        content_type=JSON,
    )
    assert added.status_code == 201
    check = added.json()["checks"][0]
    assert check["passed"] is True
    assert client.get(url).json()["checks"][0]["by"] == "Trung tâm Kiểm nghiệm"
    assert client.delete(f"{url}checks/{check['id']}/").status_code == 204
    assert not BatchCheck.objects.exists()
    assert client.delete(url).status_code == 204
    assert not Batch.objects.exists()


def test_ward_b_officer_neither_sees_nor_writes_ward_a_batches(client, officer_b, product_a, product_b):
    mine = BatchFactory.create(product=product_b, lot="QM-1")
    theirs = BatchFactory.create(product=product_a, lot="DC-1")
    check = BatchCheck.objects.create(batch=theirs, kind=CheckKind.TEST, on=date(2026, 11, 2), by="X", result="Đạt")
    client.force_login(officer_b)
    assert [b["lot"] for b in client.get("/api/v1/batches/").json()["results"]] == [mine.lot]
    url = f"/api/v1/batches/{theirs.pk}/"
    assert client.get(url).status_code == 404
    assert client.patch(url, {"lot": "X", "version": 1}, content_type=JSON).status_code == 404
    assert client.delete(url).status_code == 404
    body = {"kind": "test", "on": "2026-11-25", "by": "Lab", "result": "Đạt"}
    assert client.post(url + "checks/", body, content_type=JSON).status_code == 404
    assert client.delete(f"{url}checks/{check.pk}/").status_code == 404
    created = client.post(
        "/api/v1/batches/", {"product": product_a.pk, "lot": "X-1", "produced_on": "2026-11-21"}, content_type=JSON
    )
    assert created.status_code == 400 and "product" in created.json()
    assert Batch.objects.count() == 2 and BatchCheck.objects.count() == 1


def test_department_sees_every_commune_and_filters_by_product(client, dept_officer, product_a, product_b):
    BatchFactory.create(product=product_a, lot="DC-1")
    BatchFactory.create(product=product_b, lot="QM-1")
    client.force_login(dept_officer)
    assert client.get("/api/v1/batches/").json()["count"] == 2
    only_a = client.get(f"/api/v1/batches/?product={product_a.pk}").json()["results"]
    assert [b["lot"] for b in only_a] == ["DC-1"]


def test_unknown_fields_are_refused(client, officer_a, product_a):
    client.force_login(officer_a)
    response = client.post(
        "/api/v1/batches/",
        {"product": product_a.pk, "lot": "DC-01", "produced_on": "2026-11-20", "lots": 3},
        content_type=JSON,
    )
    assert response.status_code == 400
