"""Ward A's officer never sees ward B's producers or products: lists, details, exports, API;
and writes to another commune are refused on pages and API alike."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from khcn.products.models import Producer, Product
from khcn.products.tests.factories import ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db


def _refused_on(response, field):
    """A 400 naming `field`: a reference read from the body, or a service's field error."""
    body = response.json()
    return response.status_code == 400 and (field in body or field in body.get("errors", {}))


@pytest.fixture
def records(ward_a, ward_b):
    mine_producer = ProducerFactory.create(unit=ward_a, name="HTX Đông Cao")
    their_producer = ProducerFactory.create(unit=ward_b, name="HTX Quang Minh")
    mine = ProductFactory.create(unit=ward_a, name="Bưởi đỏ Đông Cao")
    theirs = ProductFactory.create(unit=ward_b, name="Rau Quang Minh")
    mine.producers.set([mine_producer])
    theirs.producers.set([their_producer])
    return {"producer": (mine_producer, their_producer), "product": (mine, theirs)}


LISTS = [
    ("producer", "/products/producers/"),
    ("product", "/products/"),
]


@pytest.mark.parametrize(("kind", "url"), LISTS)
def test_list_page_shows_only_own_commune(client, officer_a, records, kind, url):
    mine, theirs = records[kind]
    client.force_login(officer_a)
    body = client.get(url).content.decode()
    assert mine.name in body and theirs.name not in body


@pytest.mark.parametrize(("kind", "url"), LISTS)
def test_export_holds_only_own_commune(client, officer_a, records, kind, url):
    mine, _theirs = records[kind]
    client.force_login(officer_a)
    response = client.get(url, {"export": "xlsx"})
    assert response.status_code == 200
    ws = load_workbook(BytesIO(response.content)).active
    names = [row[1] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert names == [mine.name]


@pytest.mark.parametrize("kind", ["producer", "product"])
@pytest.mark.parametrize("page", ["", "edit/", "delete/"])
def test_detail_pages_of_another_commune_are_404(client, officer_a, records, kind, page):
    mine, theirs = records[kind]
    client.force_login(officer_a)
    assert client.get(theirs.get_absolute_url() + page).status_code == 404
    if page == "":
        assert client.get(mine.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(("kind", "api"), [("producer", "/api/v1/producers/"), ("product", "/api/v1/products/")])
def test_api_lists_and_details_only_own_commune(client, officer_a, records, kind, api):
    mine, theirs = records[kind]
    client.force_login(officer_a)
    assert [r["id"] for r in client.get(api).json()["results"]] == [mine.pk]
    assert client.get(f"{api}{theirs.pk}/").status_code == 404
    assert client.patch(f"{api}{theirs.pk}/", {"name": "Đổi tên"}, content_type="application/json").status_code == 404


def test_department_sees_every_commune(client, dept_officer, records):
    client.force_login(dept_officer)
    body = client.get("/products/").content.decode()
    assert all(p.name in body for p in records["product"])


def test_page_write_to_another_commune_is_refused(client, officer_a, ward_b):
    client.force_login(officer_a)
    response = client.post("/products/producers/new/", {"name": "HTX mới", "kind": "cooperative", "unit": ward_b.pk})
    assert response.status_code == 422
    response = client.post("/products/new/", {"name": "Sản phẩm mới", "category": "food", "unit": ward_b.pk})
    assert response.status_code == 422
    assert not Producer.objects.exists() and not Product.objects.exists()


def test_api_write_to_another_commune_is_refused(client, officer_a, ward_a, ward_b, records, department):
    client.force_login(officer_a)
    response = client.post(
        "/api/v1/producers/",
        {"name": "HTX mới", "kind": "cooperative", "unit": ward_b.pk},
        content_type="application/json",
    )
    assert _refused_on(response, "unit")
    response = client.post(
        "/api/v1/producers/",
        {"name": "HTX mới", "kind": "cooperative", "unit": ward_a.pk, "organisation": department.pk},
        content_type="application/json",
    )
    assert _refused_on(response, "organisation")
    their_producer = records["producer"][1]
    response = client.post(
        "/api/v1/products/",
        {"name": "Sản phẩm mới", "category": "food", "unit": ward_a.pk, "producers": [their_producer.pk]},
        content_type="application/json",
    )
    assert _refused_on(response, "producers")
    mine = records["product"][0]
    response = client.patch(f"/api/v1/products/{mine.pk}/", {"unit": ward_b.pk}, content_type="application/json")
    assert _refused_on(response, "unit")
    assert Product.objects.get(pk=mine.pk).unit == ward_a
    assert Producer.objects.count() == 2 and Product.objects.count() == 2
