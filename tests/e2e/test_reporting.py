"""A commune's periodic report through the real UI: fill, fail, keep input, submit, return, approve.

The demo's period of programme 57-NQ/TW open for today's communes (its name follows the day
the demo loads: "Năm 2026" on 3 December 2026); `xamelinh` reports
for Xã Mê Linh, `chuyenvien` reviews it for the Department in a second browser context.
Only Xã Mê Linh reports in this period, so the city aggregate equals what was typed.
"""

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from khcn.meetings.models import FollowUp
from khcn.reporting.models import Report, ReportStatus

from .conftest import sign_in

pytestmark = pytest.mark.e2e

UNIT = "Xã Mê Linh"
REPORTS = "Báo cáo định kỳ"

# Labels of the fields, as the form shows them (code + indicator name).
A1 = "A1. Số hồ sơ dịch vụ công trực tuyến tiếp nhận"
A2 = "A2. Số hồ sơ trực tuyến được giải quyết đúng hạn và trước hạn"
A3 = "A3. Tỷ lệ hồ sơ trực tuyến được giải quyết đúng hạn và trước hạn"
A4 = "A4. Tỷ lệ chi trả lương hưu, trợ cấp bảo hiểm xã hội không dùng tiền mặt"
A5 = "A5. Tỷ lệ trường học triển khai học bạ số điện tử"
A6_SMART, A6_ALL = "A6: đài thông minh", "A6: đài cấp xã"
B1 = "B1. Số mô hình ứng dụng tiến bộ KH&CN đang triển khai"
C1 = "C1. Số sản phẩm được hỗ trợ xây dựng, quản lý nhãn hiệu tập thể"
C2 = "C2. Số sản phẩm có hệ thống truy xuất nguồn gốc theo mã QR"
C3 = "C3. Đã ban hành kế hoạch thực hiện 57-NQ/TW"
D2 = "D2. Số công chức theo dõi lĩnh vực KH&CN"

REQUESTS = "Kiến nghị, đề xuất"
REQUEST_LINES = [
    "Tổ chức tập huấn chuyển đổi số cho công chức xã",
    "Hỗ trợ kinh phí lắp đặt đài truyền thanh thông minh",
]
COMMENT = "Số hồ sơ tiếp nhận chưa khớp với Cổng dịch vụ công, đề nghị rà soát."
RETURN_MESSAGE = "Đề nghị rà soát lại chỉ tiêu A1 theo nhận xét."

FOLLOWUPS = "Kiến nghị đã được ghi nhận để theo dõi"
SUBMITTED, RETURNED, APPROVED = "Đã gửi", "Bị trả lại", "Đã duyệt"


def _period(page: Page, name: str) -> Locator:
    """The card of the period on the period list."""
    return page.get_by_role("region", name=re.compile(f"^{name}"))


def _badge(page: Page, text: str) -> Locator:
    return page.get_by_role("main").locator(".badge").filter(has_text=re.compile(f"^{text}$")).first


def _submit(page: Page) -> None:
    """Press "Gửi Sở"; a report that passes the checks is then confirmed (issue 13, defect 7)."""
    page.get_by_role("button", name="Gửi Sở").click()
    confirm = page.get_by_role("button", name="Đồng ý, gửi Sở")
    if confirm.count():
        confirm.click()


RETURN_NOTICE = "Sở đã trả lại báo cáo này để chỉnh sửa"


def test_commune_report_submitted_returned_corrected_and_approved(page, new_page, live_server, login, demo_reporting):
    # The commune officer opens the period list and starts the report.
    login("xamelinh")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name=REPORTS).click()
    expect(page.get_by_role("heading", level=1, name=REPORTS)).to_be_visible()
    mine = _period(page, demo_reporting.name).get_by_role("listitem").filter(has_text=UNIT)
    expect(mine).to_contain_text("Chưa bắt đầu")
    mine.get_by_role("button", name="Lập báo cáo").click()
    expect(page.get_by_role("heading", level=1, name=UNIT)).to_be_visible()
    expect(_badge(page, "Nháp")).to_be_visible()

    typed = {
        A1: "1.250",
        A2: "1.200",
        A3: "96",
        A4: "90",
        A5: "100",
        B1: "3",
        C1: "4",
        C2: "2",
        D2: "1",
        A6_SMART: "20",  # more smart radios than radios: refused
        A6_ALL: "18",
    }
    for label, value in typed.items():
        page.get_by_label(label).fill(value)
    page.get_by_label(C3).select_option(label="Có")
    page.get_by_label(REQUESTS).fill("- " + "\n- ".join(REQUEST_LINES))
    _submit(page)

    alert = page.get_by_role("alert").filter(has_text="Báo cáo chưa được gửi")
    expect(alert).to_be_focused()  # keyboard and screen-reader users land on the summary
    expect(alert).to_contain_text("20 > 18")
    expect(page.locator(".value-card").filter(has=page.get_by_label(A6_SMART))).to_contain_text(
        "Nhập số thứ nhất không lớn hơn tổng số (20 > 18)."
    )
    expect(page.get_by_label(A6_SMART)).to_have_attribute("aria-invalid", "true")
    for label, value in typed.items():  # everything typed is still there
        expect(page.get_by_label(label)).to_have_value(value)
    expect(page.get_by_label(C3)).to_have_value("1")
    expect(page.get_by_label(REQUESTS)).to_have_value("- " + "\n- ".join(REQUEST_LINES))
    expect(_badge(page, "Nháp")).to_be_visible()

    page.get_by_label(A6_SMART).fill("5")
    _submit(page)
    expect(page.get_by_role("alert").filter(has_text="Đã gửi báo cáo đến Sở.")).to_be_visible()
    expect(_badge(page, SUBMITTED)).to_be_visible()
    followups = page.get_by_role("region", name=FOLLOWUPS)
    expect(followups.get_by_role("listitem")).to_have_count(2)
    for line in REQUEST_LINES:
        expect(followups).to_contain_text(line)

    # The Department officer, in another browser, opens it from the progress board.
    officer = new_page()
    sign_in(officer, live_server.url, "chuyenvien")
    officer.goto(f"{live_server.url}/reporting/")
    _period(officer, demo_reporting.name).get_by_role("link", name="Bảng theo dõi tiến độ").click()
    board_row = officer.get_by_role("row").filter(has=officer.get_by_role("link", name=UNIT, exact=True))
    expect(board_row).to_contain_text(SUBMITTED)
    board_row.get_by_role("link", name=UNIT, exact=True).click()
    expect(officer.get_by_role("heading", level=1, name=UNIT)).to_be_visible()
    review = officer.get_by_role("region", name="Xem xét báo cáo")
    review.get_by_label("Chỉ tiêu cần nhận xét").select_option(label=A1)
    review.get_by_label("Nội dung nhận xét").fill(COMMENT)
    review.get_by_role("button", name="Thêm nhận xét").click()
    expect(officer.get_by_role("alert").filter(has_text="Đã thêm nhận xét.")).to_be_visible()
    review.get_by_label("Ý kiến gửi đơn vị").fill(RETURN_MESSAGE)
    review.get_by_role("button", name="Trả lại để chỉnh sửa").click()
    expect(officer.get_by_role("alert").filter(has_text="Đã trả lại báo cáo cho đơn vị.")).to_be_visible()
    expect(_badge(officer, RETURNED)).to_be_visible()
    # The Department keeps the review view: the reason on top, never the unit's form.
    expect(officer.get_by_role("region", name=RETURN_NOTICE)).to_contain_text(RETURN_MESSAGE)
    expect(officer.get_by_role("button", name="Gửi Sở")).to_have_count(0)
    expect(officer.get_by_role("button", name="Lưu nháp")).to_have_count(0)

    # The commune sees the comment beside the value and the message, corrects and resubmits.
    page.goto(f"{live_server.url}/reporting/")
    mine = _period(page, demo_reporting.name).get_by_role("listitem").filter(has_text=UNIT)
    expect(mine).to_contain_text(RETURNED)
    mine.get_by_role("link", name="Tiếp tục lập báo cáo").click()
    expect(_badge(page, RETURNED)).to_be_visible()
    notice = page.get_by_role("region", name=RETURN_NOTICE)  # the reason at the top, with who and when
    expect(notice).to_contain_text(RETURN_MESSAGE)
    expect(notice).to_contain_text("Phạm Thu Hà")
    expect(page.locator(".value-card").filter(has=page.get_by_label(A1))).to_contain_text(COMMENT)
    expect(page.get_by_role("region", name="Quá trình xử lý")).to_contain_text(RETURN_MESSAGE)
    expect(page.get_by_label(A1)).to_have_value("1.250")
    expect(page.get_by_label(A6_SMART)).to_have_value("5")
    page.get_by_label(A1).fill("1.300")
    page.get_by_label(A1).blur()  # the draft is saved in the background; submitting after it is no conflict
    expect(page.locator("#autosave")).to_contain_text("Đã tự động lưu nháp lúc")
    _submit(page)
    expect(_badge(page, SUBMITTED)).to_be_visible()

    # The Department approves; the board and the city aggregate show it.
    officer.reload()
    expect(_badge(officer, SUBMITTED)).to_be_visible()
    officer.get_by_role("region", name="Xem xét báo cáo").get_by_role("button", name="Phê duyệt").click()
    officer.get_by_role("button", name="Đồng ý, phê duyệt").click()
    expect(officer.get_by_role("alert").filter(has_text="Đã phê duyệt báo cáo.")).to_be_visible()
    expect(_badge(officer, APPROVED)).to_be_visible()

    officer.goto(f"{live_server.url}/reporting/")
    _period(officer, demo_reporting.name).get_by_role("link", name="Bảng theo dõi tiến độ").click()
    board_row = officer.get_by_role("row").filter(has=officer.get_by_role("link", name=UNIT, exact=True))
    expect(board_row).to_contain_text(APPROVED)
    officer.get_by_role("main").get_by_role("link", name="Tổng hợp toàn thành phố").click()
    aggregate = officer.get_by_role("table")
    a1_row = aggregate.get_by_role("row").filter(has=officer.get_by_role("link", name=A1))
    expect(a1_row.get_by_role("cell")).to_have_text([re.compile(re.escape(A1)), "1.300 hồ sơ", "—", "—", "1"])
    a6_row = aggregate.get_by_role("row").filter(has=officer.get_by_role("link", name=re.compile("^A6")))
    expect(a6_row.get_by_role("cell").nth(1)).to_have_text("5/18 đài")
    c3_row = aggregate.get_by_role("row").filter(has=officer.get_by_role("link", name=C3))
    expect(c3_row.get_by_role("cell").nth(1)).to_have_text("1 đơn vị")

    # The two requests became follow-up items, once each despite the second submission.
    report = Report.objects.get(unit__name="Mê Linh", period=demo_reporting)
    assert report.status == ReportStatus.APPROVED
    assert sorted(FollowUp.objects.filter(source_report=report).values_list("text", flat=True)) == sorted(REQUEST_LINES)
    page.reload()
    expect(_badge(page, APPROVED)).to_be_visible()
    expect(page.get_by_role("region", name=FOLLOWUPS).get_by_role("listitem")).to_have_count(2)


def test_typing_survives_an_expired_session(page, live_server, login, demo_reporting):
    """The session expires while the officer types: autosave says so, the browser keeps the
    input, and after signing in again the page offers it back and saves it."""
    login("xamelinh")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name=REPORTS).click()
    mine = _period(page, demo_reporting.name).get_by_role("listitem").filter(has_text=UNIT)
    mine.get_by_role("button", name="Lập báo cáo").click()
    expect(page.get_by_role("heading", level=1, name=UNIT)).to_be_visible()
    report_url = page.url
    page.get_by_label(A1).fill("2.000")
    page.get_by_label(A1).press("Tab")  # leaving the field is a change: autosave follows
    expect(page.locator("#autosave")).to_contain_text("Đã tự động lưu", timeout=10_000)

    page.context.clear_cookies(name="sessionid")  # the session is gone, as after the idle time-out
    page.get_by_label(A4).fill("77")
    page.get_by_label(B1).fill("5")
    page.get_by_label(B1).press("Tab")
    expect(page.locator("#autosave")).to_contain_text("Phiên đăng nhập đã hết hạn", timeout=10_000)
    report = Report.objects.get(unit__name="Mê Linh", period=demo_reporting)
    assert report.values.get(indicator__code="A4").number is None  # not on the server yet

    sign_in(page, live_server.url, "xamelinh")
    page.goto(report_url)
    restore = page.get_by_role("alert").filter(has_text="chưa được lưu")
    expect(restore).to_be_visible()
    restore.get_by_role("button", name="Khôi phục dữ liệu đã nhập").click()
    expect(page.get_by_label(A4)).to_have_value("77")
    expect(page.get_by_label(B1)).to_have_value("5")
    expect(page.locator("#autosave")).to_contain_text("Đã tự động lưu", timeout=10_000)
    assert report.values.get(indicator__code="A4").number == 77
    assert report.values.get(indicator__code="A1").number == 2000


def test_series_chart_never_joins_a_year_to_a_half_year(page, live_server, login, demo_reporting):
    """The demo's districts reported a whole year (2023) and then a half-year (2024): two lines
    per unit, each holding the points of one kind of period only."""
    from khcn.programs.models import Indicator

    a1 = Indicator.objects.get(program__code="07-CTr/TU", code="A1")
    login("chuyenvien")
    page.goto(f"{live_server.url}/reporting/indicators/{a1.pk}/series/")
    expect(page.get_by_role("img", name=re.compile("Biểu đồ"))).to_be_visible()
    lines = page.evaluate(
        """() => window.Chart.getChart(document.querySelector("canvas[data-series-table]")).data.datasets
              .map(d => ({label: d.label, points: d.data.map(v => v !== null)}))"""
    )
    city = [line for line in lines if line["label"].startswith("Toàn thành phố")]
    assert [line["label"] for line in city] == [
        "Toàn thành phố · Cả năm · 07-CTr/TU",
        "Toàn thành phố · 6 tháng đầu năm · 07-CTr/TU",
    ]
    periods = page.locator("thead th[data-period]").evaluate_all("ths => ths.map(th => th.dataset.segment)")
    for line in lines:
        kinds = {periods[i] for i, has_point in enumerate(line["points"]) if has_point}
        assert len(kinds) == 1, f"{line['label']} joins {kinds}"
