"""Issue 16: a unit's request for ISO 9001 guidance is answered by a course; attendance is
recorded; the ISO board shows the unit's gap closed after its self-report.

Xã Mê Linh's QMS record has procedures without an ISO process and no management review this
year, and the commune has asked the Department for ISO guidance (a follow-up item). The
Department officer creates the course held last week, links it to the request on the course's
page (the request is then answered, and its page names the course), invites the commune's
officer and records their attendance. The commune's officer sees the gaps on the ISO board,
sends this year's self-report with every procedure in a process and this year's review, and
the board shows no gap for the commune any more.
"""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Locator, Page, expect

from khcn.accounts.models import User
from khcn.meetings.models import FollowUp, FollowUpKind, FollowUpStatus, Topic
from khcn.meetings.services import item_add
from khcn.quality.models import Participant, QmsMode, SelfReport
from khcn.quality.services import qms_save

from .conftest import nav_open, sign_in

pytestmark = pytest.mark.e2e

UNIT = "Xã Mê Linh"
REQUEST = "Đề nghị Sở hướng dẫn xây dựng quy trình ISO 9001 cho các thủ tục hành chính xã mới tiếp nhận"
COURSE = "Tập huấn áp dụng TCVN ISO 9001:2015 cho công chức cấp xã"
ATTENDEE = "Nguyễn Văn Bình"  # the demo account xamelinh
NO_REVIEW = "Chưa xem xét của lãnh đạo năm nay"
PROCEDURES = "Còn thủ tục chưa có quy trình ISO"
NO_SELF_REPORT = "Chưa tự báo cáo năm nay"


@pytest.fixture
def iso_request(demo_accounts: str, _e2e_day: date) -> FollowUp:
    """Mê Linh's QMS with two gaps this year, and the commune's request for ISO guidance."""
    last_year = _e2e_day.year - 1
    officer = User.objects.get(username="chuyenvien")
    commune_officer = User.objects.get(username="xamelinh")
    unit = commune_officer.grants.get(is_active=True).unit
    assert unit is not None and unit.full_name == UNIT
    qms_save(
        user=officer,
        unit=unit,
        expected_version=None,
        mode=QmsMode.SELF_ANNOUNCEMENT,
        announced_on=date(2025, 7, 15),
        procedures_total=150,
        procedures_in_iso=128,
        last_internal_audit_on=date(last_year, 11, 20),
        last_review_on=date(last_year, 12, 10),
    )
    return item_add(user=commune_officer, unit=unit, kind=FollowUpKind.REQUEST, text=REQUEST, topic=Topic.QUALITY)


def _board_row(page: Page, base: str) -> Locator:
    """The commune's row on the ISO board, found with the board's search."""
    page.goto(f"{base}/")
    nav_open(page, "Bảng theo dõi ISO 9001").click()
    expect(page.get_by_role("heading", level=1, name="Bảng theo dõi ISO 9001")).to_be_visible()
    board = page.get_by_role("main")
    board.get_by_label("Tìm kiếm").fill("Mê Linh")
    board.get_by_role("button", name="Lọc").click()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=UNIT, exact=True))
    expect(row).to_have_count(1)
    return row


def test_an_iso_request_is_answered_by_a_course_and_the_gap_closes_after_the_self_report(
    page: Page, new_page, live_server, iso_request, _e2e_day
) -> None:
    base = live_server.url
    day = _e2e_day
    held_from, held_to = (f"{day - timedelta(days=n):%d/%m/%Y}" for n in (9, 8))  # held last week

    # The Department officer records the course held last week.
    sign_in(page, base, "chuyenvien")
    nav_open(page, "Tập huấn, hội thảo").click()
    page.get_by_role("link", name="Khóa học mới").click()
    page.get_by_label("Tiêu đề").fill(COURSE)
    page.get_by_label("Loại hình").select_option(label="Tập huấn")
    page.get_by_label("Ngày bắt đầu").fill(held_from)
    page.get_by_label("Ngày kết thúc").fill(held_to)
    page.get_by_label("Địa điểm").fill("Hội trường Sở KH&CN Hà Nội")
    page.get_by_label("Đơn vị được mời").select_option(label=[UNIT])
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert").filter(has_text=f"Đã lưu khóa học “{COURSE}”.")).to_be_visible()
    expect(page.get_by_role("heading", level=1, name=re.compile(re.escape(COURSE)))).to_be_visible()
    course_url = page.url

    # It links the course to the commune's request: the request is answered.
    page.get_by_label(re.compile("Kiến nghị tập huấn hoặc hướng dẫn ISO")).select_option(label=f"{UNIT}: {REQUEST}")
    page.get_by_role("button", name="Liên kết và trả lời").click()
    expect(page.get_by_role("alert").filter(has_text="Kiến nghị đã được đáp ứng bằng khóa học này.")).to_be_visible()
    answers = page.get_by_role("region", name="Kiến nghị khóa học này đáp ứng")
    expect(answers.get_by_role("link", name=f"{UNIT}: {REQUEST}")).to_be_visible()
    expect(answers).to_contain_text("Đã hoàn thành")  # the course is over: the request is done
    iso_request.refresh_from_db()
    assert iso_request.status == FollowUpStatus.DONE and iso_request.course_answers.count() == 1

    # It invites the commune's officer and records their attendance.
    people = page.get_by_role("region", name="Học viên")
    people.get_by_label("Tài khoản").select_option(label=ATTENDEE)
    people.get_by_label("Đơn vị", exact=True).select_option(label=UNIT)
    people.get_by_role("button", name="Mời").click()
    expect(page.get_by_role("alert").filter(has_text="Đã mời học viên.")).to_be_visible()
    present = page.get_by_label(f"Tham dự: {ATTENDEE}")
    expect(present).not_to_be_checked()
    present.check()
    page.get_by_role("button", name="Ghi nhận điểm danh").click()
    expect(page.get_by_role("alert").filter(has_text="Đã ghi nhận tham dự (1 thay đổi).")).to_be_visible()
    expect(page.get_by_label(f"Tham dự: {ATTENDEE}")).to_be_checked()
    attendee = Participant.objects.get(course__title=COURSE, user__username="xamelinh")
    assert attendee.attended is True and attendee.unit is not None and attendee.unit.full_name == UNIT

    # The request's page names the course that answered it, with its kind and dates.
    answers.get_by_role("link", name=f"{UNIT}: {REQUEST}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(UNIT)
    expect(page.get_by_role("main")).to_contain_text(REQUEST)
    expect(page.locator(".badge.fu-status-done").first).to_have_text("Đã hoàn thành")
    linked = page.get_by_role("region", name="Khóa tập huấn, hội thảo đáp ứng kiến nghị này")
    expect(linked).to_contain_text("Tập huấn")
    expect(linked).to_contain_text(f"{held_from} – {held_to}")
    linked.get_by_role("link", name=COURSE).click()
    expect(page).to_have_url(course_url)

    # The board shows the commune's gaps.
    row = _board_row(page, base)
    for gap in (NO_REVIEW, PROCEDURES, NO_SELF_REPORT):
        expect(row).to_contain_text(gap)

    # The commune's officer finds the course on the request's page too, then sends the
    # self-report that closes the gaps.
    commune = new_page()
    sign_in(commune, base, "xamelinh")
    commune.goto(f"{base}{iso_request.get_absolute_url()}")
    mine = commune.get_by_role("region", name="Khóa tập huấn, hội thảo đáp ứng kiến nghị này")
    expect(mine.get_by_role("link", name=COURSE)).to_be_visible()
    own_row = _board_row(commune, base)
    expect(own_row).to_contain_text(PROCEDURES)
    own_row.get_by_role("link", name=UNIT, exact=True).click()
    expect(commune.get_by_role("status").filter(has_text=NO_REVIEW)).to_be_visible()
    commune.get_by_role("link", name="Gửi báo cáo tự đánh giá năm nay").click()
    expect(commune.get_by_label("Số thủ tục hành chính")).to_have_value("150")  # from the record
    commune.get_by_label("Số thủ tục có quy trình ISO").fill("150")
    reviewed = max(date(day.year, 1, 1), day - timedelta(days=5))  # this year's review
    commune.get_by_label("Lần xem xét của lãnh đạo gần nhất").fill(f"{reviewed:%d/%m/%Y}")
    commune.get_by_label("Lần đánh giá nội bộ gần nhất").fill(f"{reviewed:%d/%m/%Y}")
    commune.get_by_label("Ghi chú").fill("Đã xây dựng quy trình cho toàn bộ thủ tục sau lớp tập huấn.")
    commune.get_by_role("button", name="Lưu").click()
    expect(commune.get_by_role("alert").filter(has_text="Đã gửi báo cáo tự đánh giá đến Sở.")).to_be_visible()
    expect(commune.get_by_role("status").filter(has_text="Năm nay không còn thiếu sót.")).to_be_visible()
    report = SelfReport.objects.get(unit=iso_request.unit, year=day.year)
    assert (report.procedures_in_iso, report.procedures_total) == (150, 150)

    # The board no longer shows the gaps, for the commune and for the Department.
    for viewer in (commune, page):
        row = _board_row(viewer, base)
        expect(row).to_contain_text("Không thiếu sót")
        for gap in (NO_REVIEW, PROCEDURES, NO_SELF_REPORT):
            expect(row).not_to_contain_text(gap)
