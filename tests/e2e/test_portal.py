"""The public portal on a phone: no sign-in, nothing wider than the screen, the open-data files
downloaded through their links and read back (issue 17)."""

import csv
import io
import json
from typing import Any

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 812}
PORTAL_PAGES = [
    "/",
    "/open-data/",
    "/portal/products/",
    "/research/results/",
    "/experts/catalogue/",
    "/initiatives/recognised/",
]


@pytest.fixture
def demo(demo_accounts):  # type: ignore[no-untyped-def]
    call_command("load_demo", stdout=io.StringIO())


def _no_wider_than_the_screen(page: Any) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_portal_on_a_phone(browser, browser_context_args, live_server, demo, tmp_path):  # type: ignore[no-untyped-def]
    context = browser.new_context(**{**browser_context_args, "viewport": PHONE, "accept_downloads": True})
    page = context.new_page()
    for path in PORTAL_PAGES:
        response = page.goto(live_server.url + path)
        assert response is not None and response.ok, path
        assert _no_wider_than_the_screen(page) <= PHONE["width"], f"{path} scrolls sideways on a phone"
        page.screenshot(path=str(tmp_path / f"{path.strip('/').replace('/', '-') or 'home'}-375.png"), full_page=True)

    # The landing page leads to the open data; a visitor searches the products for "gạo" typed
    # without its diacritics and finds the demo's glutinous rice.
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Dữ liệu mở").first.click()
    page.wait_for_url("**/open-data/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV — Sản phẩm địa phương").click()
    rows = list(csv.DictReader(io.StringIO(download_info.value.path().read_text("utf-8-sig"))))
    assert any(row["name"].startswith("Gạo nếp cái hoa vàng") for row in rows)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="JSON — Kết quả nhiệm vụ KH&CN đã công bố").click()
    results = json.loads(download_info.value.path().read_text("utf-8"))
    assert results["dataset"] == "results" and results["count"] == len(results["records"]) > 0

    page.goto(live_server.url + "/portal/products/")
    page.get_by_label("Tìm kiếm").fill("gao nep")
    page.get_by_role("button", name="Lọc").click()
    titles = page.locator("main h2 a").all_inner_texts()
    assert titles and all(t.startswith("Gạo nếp") for t in titles)
    context.close()
