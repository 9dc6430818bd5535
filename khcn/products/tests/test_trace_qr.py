"""QR codes and the label sheet: what the codes carry (decoded by a real reader, zxing-cpp),
and that the URL read from the printed PDF opens the public page."""

import io
from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
import zxingcpp
from django.test import override_settings
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from khcn.products.tests.factories import BatchFactory, ProductFactory
from khcn.products.tests.factories_trace import GTIN13, traced_product

pytestmark = pytest.mark.django_db
DAY = datetime(2026, 12, 3, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def _decode(image: Image.Image) -> str:
    results = zxingcpp.read_barcodes(image)
    assert len(results) == 1
    assert results[0].format == zxingcpp.BarcodeFormat.QRCode
    return results[0].text


def _png_text(client, name, args):  # type: ignore[no-untyped-def]
    response = client.get(reverse(name, args=[*args, "png"]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    return _decode(Image.open(io.BytesIO(response.content)))


@override_settings(KHCN_PUBLIC_BASE_URL="https://truyxuat.example.vn/")
def test_codes_carry_gs1_digital_link_when_the_product_has_a_gtin(client, officer_a, ward_a):
    product = ProductFactory.create(unit=ward_a, gtin=GTIN13)
    batch = BatchFactory.create(product=product, lot="DC-2026/11")
    client.force_login(officer_a)
    assert _png_text(client, "products:product_qr", [product.pk]) == f"https://truyxuat.example.vn/01/0{GTIN13}"
    assert (
        _png_text(client, "products:batch_qr", [batch.pk])
        == f"https://truyxuat.example.vn/01/0{GTIN13}/10/DC-2026%2F11"
    )


def test_codes_carry_the_short_url_without_a_gtin(client, officer_a, ward_a):
    product = ProductFactory.create(unit=ward_a)
    batch = BatchFactory.create(product=product)
    client.force_login(officer_a)
    # No public address configured: the request's own origin.
    assert _png_text(client, "products:product_qr", [product.pk]) == f"http://testserver/p/{product.public_id}"
    assert _png_text(client, "products:batch_qr", [batch.pk]) == f"http://testserver/b/{batch.public_id}"


def test_svg_code_and_unknown_format(client, officer_a, ward_a):
    product = ProductFactory.create(unit=ward_a)
    client.force_login(officer_a)
    svg = client.get(reverse("products:product_qr", args=[product.pk, "svg"]))
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg.content.lstrip().startswith(b"<svg") and f"/p/{product.public_id}".encode() in svg.content
    assert client.get(reverse("products:product_qr", args=[product.pk, "gif"])).status_code == 404


def _pdf_qr_url(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    images = reader.pages[0].images
    assert images
    embedded = images[0].image
    assert embedded is not None
    image = embedded.convert("L")
    # The code as embedded: add white margin, as a reader expects around a cut label.
    framed = Image.new("L", (image.width + 40, image.height + 40), 255)
    framed.paste(image, (20, 20))
    return _decode(framed)


@time_machine.travel(DAY, tick=False)
@pytest.mark.parametrize("gtin", ["", GTIN13])
def test_label_sheet_code_opens_the_public_page(client, officer_a, ward_a, gtin):
    traced = traced_product(unit=ward_a, gtin=gtin)
    client.force_login(officer_a)
    response = client.get(reverse("products:labels_pdf", args=[traced.product.pk]) + f"?batch={traced.batch.pk}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert text.count("DC-2026/11") == 24  # 3 × 8 labels, each with the lot
    assert f"testserver/b/{traced.batch.public_id}" in text
    url = _pdf_qr_url(response.content)
    client.logout()
    page = client.get(urlsplit(url).path)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Bưởi đỏ Tráng Việt" in body and "DC-2026/11" in body


@time_machine.travel(DAY, tick=False)
def test_product_label_sheet_without_batch(client, officer_a, ward_a):
    traced = traced_product(unit=ward_a)
    client.force_login(officer_a)
    pdf = client.get(reverse("products:labels_pdf", args=[traced.product.pk])).content
    url = _pdf_qr_url(pdf)
    assert url == f"http://testserver/p/{traced.product.public_id}"
    client.logout()
    assert "Bưởi đỏ Tráng Việt" in client.get(urlsplit(url).path).content.decode()
    other = traced_product(unit=ward_a, name="Hoa đào Phù Trì")
    client.force_login(officer_a)
    mismatched = reverse("products:labels_pdf", args=[traced.product.pk]) + f"?batch={other.batch.pk}"
    assert client.get(mismatched).status_code == 404
