"""The header search box on the demo: a Department officer types a unit's name without its
diacritics, sees suggestions as they type, opens every result and follows a report."""

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import sign_in

pytestmark = pytest.mark.e2e


def test_officer_finds_a_report_from_the_header_box(page: Page, live_server, demo_reporting, demo_accounts):
    sign_in(page, live_server.url, "chuyenvien", demo_accounts)
    box = page.get_by_role("searchbox", name="Tìm trong toàn hệ thống")
    box.press_sequentially("me linh", delay=30)
    suggestions = page.get_by_role("list", name="Gợi ý")
    expect(suggestions).to_contain_text("Mê Linh")
    box.press("ArrowDown")
    expect(suggestions.get_by_role("link").first).to_be_focused()
    suggestions.get_by_role("link", name=re.compile("Tất cả kết quả")).click()
    expect(page).to_have_url(re.compile(r"/search/\?q=me(%20|\+)linh"))
    expect(page.get_by_role("heading", level=1, name="Tìm kiếm")).to_be_visible()
    reports = page.get_by_role("region", name="Báo cáo định kỳ")
    first = reports.get_by_role("link").first
    expect(first).to_contain_text("Mê Linh")
    first.click()
    expect(page).to_have_url(re.compile(r"/reporting/reports/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mê Linh")
