"""Issue 13's round trip, started and finished from the home pages and the inbox.

The commune officer sees the report due on "Việc của tôi" and sends it; the Department officer
finds it waiting on theirs and returns it; the commune gets the notification, reads the
reason at the top of the report, corrects and sends again; the officer approves and the
leader signs it off from the leader's home page.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from khcn.notifications.models import Notification
from khcn.reporting.models import Report, ReportStatus

from .conftest import sign_in
from .test_reporting import A1, A2, A3, A4, A5, A6_ALL, A6_SMART, B1, C1, C2, C3, D2, _period

pytestmark = pytest.mark.e2e

UNIT = "Xã Mê Linh"
# A report that passes every check (the same figures as test_reporting's).
FIGURES = {A1: "1.250", A2: "1.200", A3: "96", A4: "90", A5: "100", B1: "3", C1: "4", C2: "2", D2: "1"}
FIGURES |= {A6_SMART: "5", A6_ALL: "18"}
RETURN_MESSAGE = "Đề nghị ghi lại số hồ sơ tiếp nhận theo Cổng dịch vụ công."
RETURN_NOTICE = "Sở đã trả lại báo cáo này để chỉnh sửa"


def _card(page: Page, title: str):  # type: ignore[no-untyped-def]
    return page.get_by_role("region", name=title)


def _unread(page: Page) -> int:
    bell = page.get_by_role("link", name=re.compile(r"^Thông báo \(\d+ chưa đọc\)$"))
    label = bell.get_attribute("aria-label") or ""
    return int(re.search(r"\((\d+)", label).group(1))  # type: ignore[union-attr]


def _confirm(page: Page, button: str) -> None:
    page.get_by_role("button", name=button).click()


def test_a_report_goes_round_from_the_home_pages(page: Page, new_page, live_server, demo_reporting, demo_accounts):
    base = live_server.url

    # The commune officer lands on the report due and sends it.
    sign_in(page, base, "xamelinh", demo_accounts)
    due = _card(page, "Báo cáo phải gửi")
    expect(due).to_contain_text(demo_reporting.name)
    expect(due).to_contain_text(re.compile(r"Còn \d+ ngày|Hạn chót hôm nay|Quá hạn \d+ ngày"))
    due.get_by_role("link", name=demo_reporting.name).click()
    start = page.get_by_role("button", name="Lập báo cáo")
    if start.count():  # the period page offers to start the report
        start.first.click()
    expect(page.get_by_role("heading", level=1, name=UNIT)).to_be_visible()
    for label, value in FIGURES.items():
        page.get_by_label(label).fill(value)
    page.get_by_label(C3).select_option(label="Có")
    page.get_by_role("button", name="Gửi Sở").click()
    _confirm(page, "Đồng ý, gửi Sở")
    expect(page.get_by_role("alert").filter(has_text="Đã gửi báo cáo đến Sở.")).to_be_visible()
    report = Report.objects.get(unit__name="Mê Linh", unit__level="commune", period=demo_reporting)
    assert report.status == ReportStatus.SUBMITTED

    # The Department officer finds it waiting on the home page and returns it.
    officer = new_page()
    sign_in(officer, base, "chuyenvien", demo_accounts)
    waiting = _card(officer, "Báo cáo chờ Sở xem xét")
    waiting.get_by_role("link", name=f"{UNIT} — {demo_reporting.name}").click()
    expect(officer.get_by_role("heading", level=1, name=UNIT)).to_be_visible()
    review = officer.get_by_role("region", name="Xem xét báo cáo")
    review.get_by_label("Ý kiến gửi đơn vị").fill(RETURN_MESSAGE)
    review.get_by_role("button", name="Trả lại để chỉnh sửa").click()
    expect(officer.get_by_role("alert").filter(has_text="Đã trả lại báo cáo cho đơn vị.")).to_be_visible()
    expect(officer.get_by_role("button", name="Gửi Sở")).to_have_count(0)  # staff keep the review view

    # The commune is told: the bell, the inbox, the reason at the top of the report.
    assert Notification.objects.filter(recipient__username="xamelinh", url=report.get_absolute_url()).exists()
    page.goto(f"{base}/")
    unread = _unread(page)
    assert unread >= 1
    returned = _card(page, "Báo cáo bị trả lại để sửa")
    expect(returned).to_contain_text(RETURN_MESSAGE)
    page.get_by_role("link", name=re.compile(r"^Thông báo \(")).click()
    notice = page.get_by_role("link", name=re.compile("^Báo cáo bị trả lại"))
    notice.first.click()
    page.wait_for_url(f"{base}{report.get_absolute_url()}")
    expect(page.get_by_role("region", name=RETURN_NOTICE)).to_contain_text(RETURN_MESSAGE)
    expect(page.get_by_role("link", name=f"Thông báo ({unread - 1} chưa đọc)")).to_be_visible()
    page.get_by_label(A1).fill("1.300")
    page.get_by_role("button", name="Gửi Sở").click()
    _confirm(page, "Đồng ý, gửi Sở")
    expect(page.get_by_role("alert").filter(has_text="Đã gửi báo cáo đến Sở.")).to_be_visible()

    # The officer approves it, again from the home page.
    officer.goto(f"{base}/")
    _card(officer, "Báo cáo chờ Sở xem xét").get_by_role("link", name=f"{UNIT} — {demo_reporting.name}").click()
    officer.get_by_role("region", name="Xem xét báo cáo").get_by_role("button", name="Phê duyệt").click()
    _confirm(officer, "Đồng ý, phê duyệt")
    expect(officer.get_by_role("alert").filter(has_text="Đã phê duyệt báo cáo.")).to_be_visible()

    # The leader signs it off from the leader's home page.
    leader = new_page()
    sign_in(leader, base, "lanhdao", demo_accounts)
    to_sign = _card(leader, "Báo cáo chờ ký duyệt")
    expect(to_sign).to_be_visible()
    mine = to_sign.get_by_role("link", name=f"{UNIT} — {demo_reporting.name}")
    if mine.count():
        mine.click()
    else:  # the card lists the five waiting longest; the rest are behind "Xem tất cả"
        to_sign.get_by_role("link", name=re.compile("Xem tất cả")).click()
        expect(leader).to_have_url(f"{base}/reporting/")  # reports of several periods wait
        _period(leader, demo_reporting.name).get_by_role("link", name="Bảng theo dõi tiến độ").click()
        leader.get_by_role("main").get_by_role("link", name=UNIT, exact=True).first.click()
    leader.get_by_role("button", name="Lãnh đạo ký duyệt").click()
    _confirm(leader, "Đồng ý, ký duyệt")
    expect(leader.get_by_role("alert").filter(has_text="Đã ký duyệt báo cáo.")).to_be_visible()
    report.refresh_from_db()
    assert report.status == ReportStatus.SIGNED_OFF
    # ... and the commune hears of it.
    assert Notification.objects.filter(
        recipient__username="xamelinh", url=report.get_absolute_url(), read_at__isnull=True
    ).exists()
