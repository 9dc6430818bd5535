"""The Content Security Policy guard of the browser tests, and pages that used to break it."""

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from khcn.geo.models import AdminUnit, UnitLevel
from khcn.research.models import PlanCall, Proposal

from .conftest import sign_in

pytestmark = pytest.mark.e2e


def test_the_guard_sees_an_inline_handler_the_policy_blocks(page: Page, live_server, csp_violations):
    """The autouse guard is not blind: a page with an inline script under our policy trips it."""
    page.route(
        f"{live_server.url}/csp-probe",
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            headers={"Content-Security-Policy": "script-src 'self'"},
            body="<!doctype html><title>x</title><script>document.title = 'ran'</script>",
        ),
    )
    page.goto(f"{live_server.url}/csp-probe")
    expect(page).to_have_title("x")
    assert any("Content Security Policy" in message for message in csp_violations.messages)
    csp_violations.messages.clear()  # seen: this test passes


def test_the_year_filter_of_the_task_board_works_under_the_policy(page: Page, live_server, demo_accounts):
    """Choosing a plan year sends the filter (it was an inline `onchange` the policy blocked)."""
    commune = AdminUnit.objects.current().get(level=UnitLevel.COMMUNE, name="Mê Linh")
    for year in (2025, 2026):
        call = PlanCall.objects.create(
            name=f"Đề xuất đặt hàng năm {year}",
            plan_year=year,
            opens_on=date(year - 1, 1, 1),
            closes_on=date(year - 1, 12, 31),
        )
        Proposal.objects.create(call=call, unit=commune, title=f"Đề xuất cho kế hoạch năm {year}")
    sign_in(page, live_server.url, "chuyenvien")
    page.goto(f"{live_server.url}/research/tasks/board/")
    year = page.get_by_label("Năm kế hoạch")
    expect(year).to_have_value("2026")
    expect(page.get_by_role("button", name="Lọc", exact=True)).to_have_count(0)  # only in <noscript>
    year.select_option("2025")
    page.wait_for_url(re.compile(r"year=2025"))
    expect(page.get_by_label("Năm kế hoạch")).to_have_value("2025")
    expect(page.get_by_role("link", name="Xuất Excel").last).to_have_attribute("href", re.compile("year=2025"))
