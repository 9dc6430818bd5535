"""The unit registry in the browser: search without diacritics, the former districts, history."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import nav_open

pytestmark = pytest.mark.e2e

TODAY = "Nay thuộc đơn vị nào?"


def test_search_former_tree_and_which_unit_is_this_today(page, live_server, login):
    login("chuyenvien")
    nav_open(page, "Đơn vị hành chính").click()
    expect(page.get_by_role("heading", level=1, name="Đơn vị hành chính")).to_be_visible()

    # Today's tree, then the tab before the 2025 reform, where districts still exist.
    tree = page.get_by_role("list", name="Cây đơn vị hành chính")
    expect(tree).to_contain_text("Xã Mê Linh")
    expect(tree).not_to_contain_text("Huyện Mê Linh")
    page.get_by_role("link", name=re.compile(r"^Trước .* \(còn cấp huyện\)$")).click()
    expect(page).to_have_url(re.compile(r"era=former"))
    district = tree.locator("details").filter(has=page.locator("summary", has_text="Huyện Mê Linh"))
    expect(district).to_have_count(1)
    expect(district).not_to_contain_text("Xã Tráng Việt")
    district.locator("summary").click(position={"x": 4, "y": 4})  # not on its info link
    expect(district).to_have_attribute("open", "")
    expect(district.get_by_role("link", name=re.compile(r"^Xã Tráng Việt"))).to_be_visible()

    # Searching without diacritics swaps the results in by HTMX: no full page load.
    page.evaluate("window.__sameDocument = true")
    page.get_by_label("Tìm đơn vị").fill("me linh")
    results = page.locator("#unit-results")
    expect(results.get_by_role("heading", name=re.compile(r"^Tìm thấy \d+ đơn vị$"))).to_be_visible()
    district_link = results.get_by_role("link", name="Huyện Mê Linh", exact=True)
    expect(district_link).to_be_visible()
    assert page.evaluate("window.__sameDocument") is True
    expect(page).to_have_url(re.compile(r"q=me(\+|%20)linh"))
    # A former commune of the same name says which unit it is today.
    former_commune = (
        results.get_by_role("listitem").filter(has=page.get_by_role("link", name="Xã Mê Linh", exact=True)).first
    )
    expect(former_commune).to_contain_text("Hiện nay:")

    # The former district lists the communes its territory belongs to today.
    district_link.click()
    expect(page.get_by_role("heading", level=1, name="Huyện Mê Linh")).to_be_visible()
    today = page.get_by_role("region", name=TODAY)
    for commune in ("Xã Tiến Thắng", "Xã Quang Minh", "Xã Mê Linh"):
        expect(today.get_by_role("link", name=commune, exact=True)).to_be_visible()

    # One of its former communes: which unit is it today?
    page.get_by_role("region", name=re.compile(r"đơn vị trực thuộc$")).get_by_role(
        "link", name="Xã Tráng Việt", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1, name="Xã Tráng Việt")).to_be_visible()
    today = page.get_by_role("region", name=TODAY)
    expect(today.get_by_role("link")).to_have_text(["Xã Mê Linh"])

    # Today's Xã Mê Linh was formed from communes that include Tráng Việt.
    today.get_by_role("link", name="Xã Mê Linh").click()
    expect(page.get_by_role("heading", level=1, name="Xã Mê Linh")).to_be_visible()
    history = page.get_by_role("region", name="Lịch sử đơn vị")
    expect(history.get_by_role("link", name="Xã Tráng Việt", exact=True)).to_be_visible()
    expect(page.get_by_role("region", name=TODAY)).to_have_count(0)
