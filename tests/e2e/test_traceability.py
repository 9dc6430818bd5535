"""A shopper scans the QR code of a lot with a phone: the public page opens without signing
in, fits the 375 px screen, shows the product's collective mark and its OCOP stars, and axe
finds nothing serious on it, on a phone or a desktop."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from khcn.geo.models import AdminUnit, UnitLevel
from khcn.products.tests.factories_trace import GTIN13, traced_product

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
FITS = "() => document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def traced(transactional_db):  # type: ignore[no-untyped-def]
    from khcn.geo.testing import registry_ensure

    registry_ensure("01")
    unit = AdminUnit.objects.current().get(name="Mê Linh", level=UnitLevel.COMMUNE, path__startswith="p01/")
    return traced_product(unit=unit, gtin=GTIN13)


def _blocking(page: Page) -> list[str]:
    violations = Axe().run(page).response["violations"]
    return [f"{v['id']}: {v['help']}" for v in violations if v["impact"] in ("serious", "critical")]


def test_public_page_on_a_phone_shows_the_mark_and_the_stars(page: Page, live_server, traced):
    page.set_viewport_size(PHONE)
    # What the batch's QR code carries: the GS1 Digital Link URL of the lot.
    page.goto(f"{live_server.url}/01/0{GTIN13}/10/DC-2026%2F11")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bưởi đỏ Tráng Việt")
    expect(page.get_by_text("Lô DC-2026/11").first).to_be_visible()
    badges = page.locator(".trace-badges")
    expect(badges.locator(".trace-mark").get_by_text("Nhãn hiệu tập thể")).to_be_visible()
    expect(badges.get_by_text("OCOP 4 sao")).to_have_count(1)  # named for screen readers
    expect(badges.locator(".trace-ocop .bi-star-fill")).to_have_count(4)
    expect(page.get_by_text("văn bằng số 412345")).to_be_visible()
    expect(page.get_by_text("Đạt QCVN 8-2:2011")).to_be_visible()
    expect(page.get_by_role("link", name="Báo cáo sai sót trong thông tin này")).to_be_visible()
    assert page.evaluate(FITS), "the public page is wider than the phone"
    assert "Nguyễn Văn An" not in page.content()  # the representative is personal data
    assert _blocking(page) == []

    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/p/{traced.product.public_id}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bưởi đỏ Tráng Việt")
    expect(page.get_by_text("Lô DC-2026/11")).to_have_count(0)
    assert _blocking(page) == []
