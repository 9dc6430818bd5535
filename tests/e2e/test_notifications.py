"""A returned report reaches the commune's inbox: the badge, the inbox, the report itself."""

import re

import pytest
from playwright.sync_api import expect

from khcn.accounts.models import User
from khcn.geo.models import AdminUnit
from khcn.reporting import services
from khcn.reporting.models import ReportStatus
from khcn.reporting.tests.factories import ReportFactory

pytestmark = pytest.mark.e2e

RETURN_MESSAGE = "Đề nghị rà soát lại chỉ tiêu A1 theo số liệu của Cổng dịch vụ công."


def test_commune_officer_follows_the_returned_report_from_the_bell(page, live_server, login, demo_reporting):
    unit = AdminUnit.objects.current().get(name="Mê Linh", level="commune")
    report = ReportFactory.create(period=demo_reporting, unit=unit, status=ReportStatus.SUBMITTED)
    services.report_return(report=report, user=User.objects.get(username="chuyenvien"), message=RETURN_MESSAGE)

    login("xamelinh")
    bell = page.get_by_role("link", name=re.compile(r"^Thông báo \(\d+ chưa đọc\)$"))
    expect(bell).to_be_visible()
    unread = int(re.search(r"\((\d+)", bell.get_attribute("aria-label") or "").group(1))  # type: ignore[union-attr]
    assert unread >= 1
    bell.click()
    expect(page.get_by_role("heading", name="Thông báo", level=1)).to_be_visible()
    notice = page.get_by_role("link", name=re.compile("^Báo cáo bị trả lại"))
    expect(notice.first).to_be_visible()
    expect(page.get_by_text(RETURN_MESSAGE)).to_be_visible()
    notice.first.click()
    page.wait_for_url(f"{live_server.url}{report.get_absolute_url()}")
    expect(page.get_by_role("link", name=f"Thông báo ({unread - 1} chưa đọc)")).to_be_visible()
