"""At 375 px, the busiest lists fit the phone: no table widens the page (issue 13, defect 4).

Lists drawn by the shared table template stack into cards, each value labelled with its
column header; other tables scroll inside their container. Either way the page itself never
scrolls sideways, so the status and the value stay in view.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from khcn.programs.models import ReportingPeriod

from .conftest import sign_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 812}
FITS = "() => document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def demo(demo_accounts):  # type: ignore[no-untyped-def]
    call_command("load_demo", stdout=StringIO(), stderr=StringIO())
    return demo_accounts


def test_lists_fit_a_phone_and_label_each_value(page: Page, live_server, demo):
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, "chuyenvien")
    period = ReportingPeriod.objects.filter(reports__isnull=False).distinct().order_by("-due_on").first()
    pages = [
        "/meetings/items/",
        "/research/proposals/",
        f"/reporting/periods/{period.pk}/aggregate/",
        "/accounts/users/",
    ]
    for path in pages:
        page.goto(live_server.url + path)
        expect(page.locator("main table").first).to_be_visible()
        assert page.evaluate(FITS), f"{path} is wider than the phone"

    # A stacked row shows each value beside its column header, the status included.
    page.goto(live_server.url + "/meetings/items/")
    first_row = page.locator("main .table-container tbody tr").first
    status = first_row.locator('td[data-label="Trạng thái"]')
    expect(status).to_be_visible()
    box = status.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    label = status.evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"Trạng thái"'
