"""The catalogue's pages: lists (filters, HTMX rows, constant queries), forms, confirmations,
personal data, and the menu."""

from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from khcn.core.navigation import nav_for
from khcn.products.models import Producer, Product
from khcn.products.tests.factories import OcopRatingFactory, ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db


def _products(ward, count, start=0):
    for n in range(start, start + count):
        producer = ProducerFactory.create(unit=ward, name=f"HTX số {n}")
        product = ProductFactory.create(unit=ward, name=f"Sản phẩm {n}")
        product.producers.set([producer])
        OcopRatingFactory.create(product=product)


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/products/", "/products/producers/"])
def test_list_queries_do_not_grow_with_rows(client, dept_officer, ward_a, url):
    client.force_login(dept_officer)
    _products(ward_a, 2)
    _queries(client, url)  # the session and the user's scope are read once
    small = _queries(client, url)
    _products(ward_a, 12, start=2)
    assert _queries(client, url) == small


def test_product_filters_search_folded_and_sort(client, dept_officer, ward_a, ward_b):
    rated = ProductFactory.create(unit=ward_a, name="Bưởi đỏ Đông Cao", is_published=True)
    OcopRatingFactory.create(product=rated)
    ProductFactory.create(unit=ward_b, name="Hoa đào Phù Trì", category="ornamental")
    client.force_login(dept_officer)

    def names(**params):
        response = client.get("/products/", params)
        return [r.name for r in response.context["table"].page.object_list.data]

    assert names(q="buoi do") == ["Bưởi đỏ Đông Cao"]
    assert names(unit=ward_b.pk) == ["Hoa đào Phù Trì"]
    assert names(category="ornamental") == ["Hoa đào Phù Trì"]
    assert names(published="yes") == ["Bưởi đỏ Đông Cao"]
    assert names(ocop="no") == ["Hoa đào Phù Trì"]
    assert names(sort="-name") == ["Hoa đào Phù Trì", "Bưởi đỏ Đông Cao"]
    assert client.get("/products/", {"unit": "abc"}).status_code == 400


def test_htmx_asks_only_for_the_rows(client, dept_officer, ward_a):
    ProducerFactory.create(unit=ward_a, name="HTX Đông Cao")
    client.force_login(dept_officer)
    response = client.get(
        "/products/producers/", {"q": "dong"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="producer-table"
    )
    body = response.content.decode()
    assert "HTX Đông Cao" in body and "<html" not in body


def test_empty_list_invites_to_record(client, officer_a):
    client.force_login(officer_a)
    body = client.get("/products/").content.decode()
    assert "/products/new/" in body and "/products/import/" in body


def test_personal_data_only_for_those_entitled(client, officer_a, expert, ward_a):
    producer = ProducerFactory.create(unit=ward_a, representative="Nguyễn Văn An", representative_phone="0912345678")
    client.force_login(officer_a)
    assert "0912345678" in client.get(producer.get_absolute_url()).content.decode()
    assert "0912345678" in client.get("/products/producers/").content.decode()
    client.force_login(expert)  # no role on products: no list, no page, no API
    assert client.get("/products/producers/").status_code == 403
    assert client.get(producer.get_absolute_url()).status_code == 404
    assert client.get("/api/v1/producers/").status_code == 403


def test_personal_data_hidden_without_the_rule(client, officer_a, ward_a, monkeypatch):
    """The pages, the export and the API all ask products.view_producer_personal."""
    import rules

    producer = ProducerFactory.create(unit=ward_a, representative="Nguyễn Văn An", representative_phone="0912345678")
    monkeypatch.setitem(rules.permissions.permissions, "products.view_producer_personal", rules.always_deny)
    client.force_login(officer_a)
    assert "0912345678" not in client.get(producer.get_absolute_url()).content.decode()
    assert "Nguyễn Văn An" not in client.get("/products/producers/").content.decode()
    sheet = load_workbook(BytesIO(client.get("/products/producers/", {"export": "xlsx"}).content)).active
    assert "Người đại diện" not in [c.value for c in sheet[1]]
    assert "0912345678" not in str(list(sheet.values))
    data = client.get(f"/api/v1/producers/{producer.pk}/").json()
    assert "representative" not in data and "representative_phone" not in data
    # and an import of that export keeps the personal data it could not show
    from django.core.files.uploadedfile import SimpleUploadedFile

    from khcn.products import catalogue_excel

    content = client.get("/products/producers/", {"export": "xlsx"}).content
    assert catalogue_excel.producers_import(user=officer_a, file=SimpleUploadedFile("p.xlsx", content)).ok
    producer.refresh_from_db()
    assert producer.representative_phone == "0912345678"


def test_failed_submit_keeps_input(client, officer_a, ward_a):
    client.force_login(officer_a)
    response = client.post(
        "/products/new/", {"name": "Bưởi đỏ Đông Cao", "category": "food", "unit": ward_a.pk, "gtin": "8930000000001"}
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert 'value="Bưởi đỏ Đông Cao"' in body and 'value="8930000000001"' in body
    assert not Product.objects.exists()


def test_stale_edit_keeps_input_and_shows_the_other_save(client, officer_a, ward_a):
    producer = ProducerFactory.create(unit=ward_a, name="HTX Đông Cao", phone="0241")
    client.force_login(officer_a)
    form = {
        "name": "HTX Đông Cao",
        "kind": "cooperative",
        "unit": ward_a.pk,
        "loaded_version": 1,
        "address": "Thôn Đông Cao",
    }
    assert client.post(f"/products/producers/{producer.pk}/edit/", {**form, "phone": "0242"}).status_code == 302
    response = client.post(f"/products/producers/{producer.pk}/edit/", {**form, "address": "Thôn Bắc"})
    assert response.status_code == 422
    body = response.content.decode()
    assert "Thôn Bắc" in body and "0242" in body
    assert Producer.objects.get(pk=producer.pk).address == "Thôn Đông Cao"


def test_publish_and_delete_ask_first(client, officer_a, dept_officer, ward_a):
    product = ProductFactory.create(unit=ward_a)
    client.force_login(officer_a)
    url = f"/products/{product.pk}/publish/"
    assert client.get(url).status_code == 200 and not Product.objects.get(pk=product.pk).is_published
    assert client.post(url).status_code == 302 and Product.objects.get(pk=product.pk).is_published
    assert client.get(f"/products/{product.pk}/delete/").status_code == 403  # the Department deletes
    client.force_login(dept_officer)
    assert client.post(f"/products/{product.pk}/delete/").status_code == 302
    assert client.get(product.get_absolute_url()).status_code == 404


def test_detail_page_offers_the_contract_context(client, officer_a, ward_a):
    product = ProductFactory.create(unit=ward_a)
    client.force_login(officer_a)
    response = client.get(product.get_absolute_url())
    context = response.context
    assert context["batch_count"] == 0 and context["batches"] == []
    assert context["can_change_product"] and context["can_change_batch"]
    assert not context["can_change_ocop"] and not context["can_change_ip"]
    assert [t.name for t in response.templates].count("products/_product_batches.html") == 1


def test_producer_page_certifications_and_history(client, officer_a, ward_a):
    producer = ProducerFactory.create(unit=ward_a)
    client.force_login(officer_a)
    response = client.post(
        f"/products/producers/{producer.pk}/certifications/new/",
        {"cert-kind": "vietgap", "cert-number": "VG-2026-01", "cert-issued_on": "01/03/2026"},
    )
    assert response.status_code == 302
    cert = producer.certifications.get()
    body = client.get(producer.get_absolute_url()).content.decode()
    assert "VG-2026-01" in body and "01/03/2026" in body
    assert client.post(f"/products/producers/certifications/{cert.pk}/delete/").status_code == 302
    assert not producer.certifications.exists()


def test_menu_entries_for_staff_and_communes(officer_a, dept_officer, expert):
    for user in (officer_a, dept_officer):
        urls = [item["url"] for item in nav_for(user)]
        assert "/products/" in urls and "/products/producers/" in urls
    assert "/products/" not in [item["url"] for item in nav_for(expert)]
