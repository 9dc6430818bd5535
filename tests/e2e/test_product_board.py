"""The products board in a browser: the map draws its points without a tile server and opens
a commune's products, the page has no serious accessibility problem on a desktop or a phone,
and the strict Content Security Policy blocks nothing."""

from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from khcn.accounts.models import User
from khcn.geo.models import AdminUnit, UnitLevel
from khcn.products.models import IpKind, IpStage, ProductCategory
from khcn.products.tests.factories import IpAssetFactory, OcopRatingFactory, ProductFactory

from .conftest import sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def products(demo_accounts):  # type: ignore[no-untyped-def]
    """Two communes' products: the demo commune officer's and another."""
    own = User.objects.get(username="xamelinh").grants.get().unit
    other = AdminUnit.objects.current().filter(level=UnitLevel.COMMUNE, path__startswith="p01/").exclude(pk=own.pk)[0]
    buoi = ProductFactory.create(unit=own, name="Bưởi đỏ Đông Cao", category=ProductCategory.FOOD)
    ProductFactory.create(unit=own, name="Hoa lan Mê Linh", category=ProductCategory.ORNAMENTAL)
    ProductFactory.create(unit=other, name="Mật ong rừng", category=ProductCategory.FOOD)
    OcopRatingFactory.create(product=buoi, stars=4)
    IpAssetFactory.create(
        unit=own,
        name="Bưởi đỏ Đông Cao",
        kind=IpKind.COLLECTIVE_MARK,
        stage=IpStage.FILED,
        stage_since=date(2026, 1, 5),
    )
    return own


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 375, "height": 812}])
def test_the_board_draws_the_map_and_passes_axe(page, live_server, products, viewport):  # type: ignore[no-untyped-def]
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if m.type == "error" else None)
    page.set_viewport_size(viewport)
    sign_in(page, live_server.url, "chuyenvien")
    page.goto(live_server.url + "/products/board/")
    page.get_by_role("heading", name="Bảng theo dõi sản phẩm").wait_for()
    circles = page.locator("#product-map path.leaflet-interactive")
    circles.first.wait_for()
    assert circles.count() >= 1
    assert page.locator("#product-map .leaflet-tile").count() == 0, "no tile server is configured"
    map_region = page.get_by_role("region", name="Bản đồ sản phẩm theo xã; số liệu như trong bảng bên cạnh")
    map_region.scroll_into_view_if_needed()
    page.locator("#product-map path.leaflet-interactive").last.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    expect(page.locator(".leaflet-popup")).to_have_css("opacity", "1")
    assert "sản phẩm" in popup.inner_text()
    violations = [v for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    assert not blocked, blocked
