"""The signed-in home page ("Việc của tôi") on the demo: each role lands on its own work.

`xamelinh` sees the report Xã Mê Linh has to send for the open period and follows the card to
it; `chuyenvien` sees the seed districts' reports waiting for the Department's review, the
longest waiting first, and opens one from the card.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import sign_in

pytestmark = pytest.mark.e2e


def _card(page: Page, title: str):  # type: ignore[no-untyped-def]
    return page.get_by_role("region", name=title)


def test_commune_officer_lands_on_the_report_to_send(page: Page, live_server, demo_reporting, demo_accounts):
    sign_in(page, live_server.url, "xamelinh", demo_accounts)
    expect(page.get_by_role("heading", name="Việc của tôi")).to_be_visible()
    card = _card(page, "Báo cáo phải gửi")
    expect(card).to_contain_text(demo_reporting.name)
    expect(card).to_contain_text("Xã Mê Linh")
    expect(card).to_contain_text(re.compile(r"Còn \d+ ngày|Hạn chót hôm nay|Quá hạn \d+ ngày"))
    card.get_by_role("link", name=demo_reporting.name).click()
    expect(page).to_have_url(re.compile(r"/reporting/"))
    expect(page.get_by_text("Xã Mê Linh").first).to_be_visible()


def test_department_officer_lands_on_the_reports_waiting_for_review(
    page: Page, live_server, demo_reporting, demo_accounts
):
    sign_in(page, live_server.url, "chuyenvien", demo_accounts)
    card = _card(page, "Báo cáo chờ Sở xem xét")
    expect(card).to_contain_text("Chờ từ ngày")
    first = card.get_by_role("link").first
    unit = first.inner_text().split(" — ")[0]
    first.click()
    expect(page).to_have_url(re.compile(r"/reporting/reports/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(unit)
    page.go_back()
    _card(page, "Báo cáo chờ Sở xem xét").get_by_role("link", name=re.compile("Xem tất cả")).click()
    expect(page).to_have_url(re.compile(r"/reporting/periods/\d+/board/\?status=submitted$"))
    # A commune officer's cards are not the Department's work.
    expect(page.get_by_role("region", name="Báo cáo phải gửi")).to_have_count(0)
