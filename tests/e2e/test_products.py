"""Issue 14's round trip: a Department officer records a producer and a product, takes the
collective mark's dossier from the survey to the certificate, adds the OCOP rating and a
batch, publishes the product and prints the label sheet; the QR code read back from the PDF's
image by a real reader (zxing-cpp) opens the public page, which shows the mark and the stars.
"""

import io
import re
from typing import Any
from urllib.parse import urlsplit

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from khcn.products.models import Batch, IpAsset, IpStage, OcopRating, Producer, Product

from .conftest import sign_in

pytestmark = pytest.mark.e2e

COMMUNE = "Xã Mê Linh"
PRODUCT = "Bưởi đỏ Mê Linh thử nghiệm"
GTIN = "8930000000019"  # a GTIN-13 with a Vietnamese prefix and a right check digit
LOT = "BD-2026-11"
MOVE = "Ghi nhận chuyển giai đoạn"
STAGES = [  # the dossier's moves, dated in order, none after the pinned day (3 December 2026)
    ("Đang xây dựng hồ sơ", "01/04/2025", {}),
    ("Đã nộp đơn", "02/06/2025", {"Số đơn": "4-2025-12345"}),
    ("Thẩm định hình thức", "01/07/2025", {}),
    ("Đã công bố đơn", "01/09/2025", {}),
    ("Thẩm định nội dung", "15/09/2025", {}),
    ("Đã cấp văn bằng", "20/06/2026", {"Số văn bằng": "412345"}),
]


def _label(page: Any, text: str):  # type: ignore[no-untyped-def]
    """The field labelled `text`, whatever its capitalisation, ignoring a required mark."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(text)}", re.IGNORECASE)).first


def _pick(field, name: str) -> None:  # type: ignore[no-untyped-def]
    """Choose `name` in a multiple choice, a group of check boxes or a select."""
    if field.evaluate("e => e.tagName") == "SELECT":
        field.select_option(label=re.compile(re.escape(name)))  # type: ignore[arg-type]
    else:
        field.get_by_role("checkbox", name=re.compile(re.escape(name))).check()


def _save(page: Page) -> None:
    page.locator("main form").get_by_role("button", name="Lưu").click()


def test_an_officer_takes_a_product_from_its_record_to_its_public_page(page: Page, live_server, demo_accounts):
    base = live_server.url
    sign_in(page, base, "chuyenvien", demo_accounts)

    # The producer and the product.
    page.goto(f"{base}/products/producers/new/")
    _label(page, "Tên").fill("HTX Nông nghiệp Mê Linh thử nghiệm")
    _label(page, "Loại").select_option(label="Hợp tác xã")
    _label(page, "Xã, phường").select_option(label=COMMUNE)
    _save(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("HTX Nông nghiệp Mê Linh thử nghiệm")
    producer = Producer.objects.get(name="HTX Nông nghiệp Mê Linh thử nghiệm")

    page.goto(f"{base}/products/new/")
    _label(page, "Tên").fill(PRODUCT)
    _label(page, "Nhóm sản phẩm").select_option(label="Thực phẩm")
    _label(page, "Xã, phường").select_option(label=COMMUNE)
    _pick(_label(page, "Chủ thể sản xuất"), producer.name)
    _label(page, "Mã GTIN").fill(GTIN)
    _save(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(PRODUCT)
    product = Product.objects.get(name=PRODUCT)
    assert list(product.producers.all()) == [producer]

    # The collective mark's dossier, from the survey to the certificate.
    page.goto(f"{base}/products/ip/new/")
    _label(page, "Tên nhãn hiệu").fill("Bưởi đỏ Mê Linh thử nghiệm")
    _label(page, "Loại").select_option(label="Nhãn hiệu tập thể")
    _label(page, "Xã, phường nơi xuất xứ").select_option(label=COMMUNE)
    _label(page, "Chủ sở hữu").fill("UBND xã Mê Linh")
    _pick(_label(page, "Sản phẩm được bảo hộ"), PRODUCT)
    _label(page, "Giai đoạn đầu").select_option(label="Khảo sát")
    _label(page, "Bắt đầu").fill("01/02/2025")
    _save(page)
    asset = IpAsset.objects.get(name="Bưởi đỏ Mê Linh thử nghiệm")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bưởi đỏ Mê Linh thử nghiệm")
    for stage, day, numbers in STAGES:
        move = page.locator(f"form[action$='/products/ip/{asset.pk}/stage/']")
        _label(move, "Giai đoạn mới").select_option(label=stage)
        _label(move, "Ngày").fill(day)
        for label, value in numbers.items():
            _label(move, label).fill(value)
        move.get_by_role("button", name=MOVE).click()
        expect(page.get_by_role("alert").filter(has_text=stage)).to_be_visible()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Bưởi đỏ Mê Linh thử nghiệm")
    asset.refresh_from_db()
    assert asset.stage == IpStage.GRANTED and asset.certificate_number == "412345"
    assert asset.events.count() == len(STAGES) + 1
    assert asset.expires_on is not None and asset.expires_on.year == 2035  # 10 years from filing

    # The OCOP rating: four stars, valid 36 months from the decision.
    page.goto(f"{base}/products/{product.pk}/ocop/new/")
    _label(page, "Số sao").select_option("4")
    _label(page, "Điểm").first.fill("78")
    _label(page, "Năm đánh giá").fill("2026")
    _label(page, "Số quyết định").fill("5123/QĐ-UBND")
    _label(page, "Ngày quyết định").fill("15/10/2026")
    _save(page)
    rating = OcopRating.objects.get(product=product)
    assert rating.stars == 4 and f"{rating.valid_until:%d/%m/%Y}" == "15/10/2029"

    # A batch, then the product goes public.
    page.goto(f"{base}/products/{product.pk}/batches/new/")
    _label(page, "Số lô").fill(LOT)
    _label(page, "Ngày thu hoạch hoặc sản xuất").fill("20/11/2026")
    _save(page)
    batch = Batch.objects.get(product=product, lot=LOT)
    page.goto(f"{base}{product.get_absolute_url()}")
    page.get_by_role("link", name="Công bố").first.click()
    page.get_by_role("button", name="Đồng ý, công bố").click()
    product.refresh_from_db()
    assert product.is_published

    # The label sheet of the batch, printed from the product page: the QR code read back
    # from the PDF's image carries the lot's GS1 Digital Link, which opens the public page.
    labels = page.locator(f"a[href$='labels.pdf?batch={batch.pk}']").first
    expect(labels).to_be_visible()
    pdf = page.context.request.get(f"{base}{labels.get_attribute('href')}")
    assert pdf.ok and pdf.headers["content-type"].startswith("application/pdf")
    images = [image for pdf_page in PdfReader(io.BytesIO(pdf.body())).pages[:1] for image in pdf_page.images]
    assert images, "the label sheet has no QR image"
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(images[0].data)).convert("L"))
    assert decoded and decoded[0].format == zxingcpp.BarcodeFormat.QRCode
    url = decoded[0].text
    assert urlsplit(url).path == f"/01/0{GTIN}/10/{LOT}"

    visitor = page.context.browser.new_context(locale="vi-VN", viewport={"width": 375, "height": 812})  # type: ignore[union-attr]
    phone = visitor.new_page()
    phone.goto(url)
    expect(phone.get_by_role("heading", level=1)).to_have_text(PRODUCT)
    badges = phone.locator(".trace-badges")
    expect(badges.locator(".trace-mark").get_by_text("Nhãn hiệu tập thể")).to_be_visible()
    expect(badges.locator(".trace-ocop .bi-star-fill")).to_have_count(4)
    expect(phone.get_by_text("văn bằng số 412345")).to_be_visible()
    visitor.close()
