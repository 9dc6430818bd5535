"""The Department opens next year's cycle alone, and a commune works in it (issue 11, done when).

`chuyenvien` creates, through the setup pages only, a programme with two indicators and a target,
a report form for communes, a reporting period open from today and a call for proposals; then
`xamelinh` fills and submits Xã Mê Linh's report for that period and submits a proposal to that
call. Every date is reckoned from the day the browser tests run on (pinned, or the day
`make test-dates` travels to), so the test means the same whatever the calendar says.
"""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from khcn.programs.models import Program
from khcn.reporting.models import Report, ReportStatus
from khcn.research.models import PlanCall, Proposal, ProposalStatus

from .conftest import nav_open, sign_in

pytestmark = pytest.mark.e2e

CODE, PERIOD, FORM = "21-KH/UBND", "Kỳ báo cáo thử nghiệm", "Báo cáo quý cấp xã (kế hoạch 21)"
A1 = "Số mô hình ứng dụng công nghệ số tại thôn, tổ dân phố"
A2 = "Tỷ lệ hộ dùng dịch vụ công trực tuyến"
CALL = "Đặt hàng nhiệm vụ KH&CN cho kế hoạch năm sau (thử nghiệm)"
TITLE = "Ứng dụng cảm biến tưới nhỏ giọt cho vùng hoa Mê Linh"


def _field(page: Page, label: str):  # type: ignore[no-untyped-def]
    """A form control by the start of its label (required ones end with "(bắt buộc)")."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}(\s*\*)?(\s*\(bắt buộc\))?$")).first


def _starts(page: Page, label: str):  # type: ignore[no-untyped-def]
    """A form control whose label starts with `label` (the proposal form's labels run on)."""
    return page.get_by_label(re.compile(f"^{re.escape(label)}")).first


def _save(page: Page) -> None:
    page.get_by_role("main").get_by_role("button", name="Lưu").click()


def _set_up_programme(page: Page, today: date) -> None:
    nav_open(page, "Thiết lập chương trình").click()
    page.get_by_role("link", name="Thêm chương trình").click()
    _field(page, "Mã").fill(CODE)
    _field(page, "Tên").fill("Kế hoạch chuyển đổi số và đổi mới sáng tạo cấp xã (thử nghiệm)")
    _field(page, "Cơ quan ban hành").fill("UBND Thành phố Hà Nội")
    _field(page, "Năm bắt đầu").fill(str(today.year))
    _field(page, "Năm kết thúc").fill(str(today.year))
    _save(page)
    expect(page.get_by_role("heading", level=1, name=CODE)).to_be_visible()

    page.get_by_role("link", name="Thêm nhóm").click()
    _field(page, "Mã").fill("A")
    _field(page, "Tên").fill("Chuyển đổi số cấp xã")
    _save(page)
    for code, name, kind in (("A1", A1, "Số lượng"), ("A2", A2, "Tỷ lệ phần trăm (0–100)")):
        page.get_by_role("link", name="Thêm chỉ tiêu", exact=True).click()
        _field(page, "Mã").fill(code)
        _field(page, "Tên").fill(name)
        _field(page, "Kiểu số liệu").select_option(label=kind)
        _save(page)
        expect(page.get_by_role("alert").filter(has_text="Đã thêm chỉ tiêu.")).to_be_visible()

    page.get_by_role("link", name=re.compile("^Mục tiêu")).click()
    page.get_by_role("link", name="Thêm mục tiêu").click()
    _field(page, "Chỉ tiêu").select_option(label=f"A2. {A2}")
    _field(page, "Năm").fill(str(today.year))
    _field(page, "Giá trị mục tiêu").fill("80")
    _save(page)
    expect(page.get_by_role("table")).to_contain_text("80")

    page.get_by_role("navigation", name="Đường dẫn trang").get_by_role("link", name=CODE).click()
    page.get_by_role("link", name="Thêm biểu mẫu báo cáo").click()
    _field(page, "Tên").fill(FORM)
    page.get_by_label("Xã, phường").check()
    _save(page)
    page.get_by_label(f"A1 {A1}").check()
    page.get_by_label(f"A2 {A2}").check()
    page.get_by_role("button", name="Lưu chỉ tiêu của biểu mẫu").click()
    expect(page.get_by_role("alert").filter(has_text="Biểu mẫu gồm 2 chỉ tiêu.")).to_be_visible()

    page.get_by_role("navigation", name="Đường dẫn trang").get_by_role("link", name=CODE).click()
    page.get_by_role("link", name="Thêm kỳ báo cáo").click()
    _field(page, "Tên").fill(PERIOD)
    _field(page, "Loại hình").select_option(label="Quý")
    _field(page, "Năm").fill(str(today.year))
    _field(page, "Biểu mẫu báo cáo").select_option(label=FORM)
    _field(page, "Số liệu từ ngày").fill(date(today.year, 1, 1).strftime("%d/%m/%Y"))
    _field(page, "Số liệu đến ngày").fill(today.strftime("%d/%m/%Y"))
    _field(page, "Ngày bắt đầu nhận báo cáo").fill(today.strftime("%d/%m/%Y"))
    _field(page, "Hạn gửi báo cáo").fill((today + timedelta(days=30)).strftime("%d/%m/%Y"))
    _save(page)
    expect(page.get_by_role("heading", level=1, name=PERIOD)).to_be_visible()


def _open_call(page: Page, today: date) -> None:
    nav_open(page, "Đợt đề xuất nhiệm vụ").click()
    page.get_by_role("link", name="Mở đợt mới").first.click()
    _field(page, "Tên đợt đề xuất").fill(CALL)
    _field(page, "Năm kế hoạch").fill(str(today.year + 1))
    _field(page, "Ngày mở đợt").fill(today.strftime("%d/%m/%Y"))
    _field(page, "Hạn nộp đề xuất").fill((today + timedelta(days=45)).strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(CALL)
    expect(page.get_by_role("main")).to_contain_text("Đang mở")


def _report(commune: Page) -> None:
    commune.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Báo cáo định kỳ").click()
    card = commune.get_by_role("region", name=re.compile(f"^{PERIOD}"))
    card.get_by_role("listitem").filter(has_text="Xã Mê Linh").get_by_role("button", name="Lập báo cáo").click()
    expect(commune.get_by_role("heading", level=1, name="Xã Mê Linh")).to_be_visible()
    commune.get_by_label(f"A1. {A1}").fill("6")
    commune.get_by_label(f"A2. {A2}").fill("72,5")
    commune.get_by_role("button", name="Gửi Sở").click()
    commune.get_by_role("button", name="Đồng ý, gửi Sở").click()
    expect(commune.get_by_role("main").locator(".badge").filter(has_text=re.compile("^Đã gửi$")).first).to_be_visible()


def _propose(commune: Page) -> None:
    nav_open(commune, "Đề xuất nhiệm vụ").click()
    commune.get_by_role("link", name="Đề xuất mới").click()
    _starts(commune, "Đợt đề xuất").select_option(label=CALL)
    _starts(commune, "Tên nhiệm vụ").fill(TITLE)
    _starts(commune, "Vấn đề của cơ sở").fill("Vùng hoa thiếu nước tưới vào mùa khô, tưới tràn tốn công.")
    _starts(commune, "Hình thức thực hiện").select_option(label="Đề tài khoa học và công nghệ")
    _starts(commune, "Lĩnh vực").select_option(label="Khoa học nông nghiệp")
    _starts(commune, "Tính cấp thiết").fill("Nông dân tưới bằng tay, hao nước và công lao động.")
    _starts(commune, "Mục tiêu").fill("Mô hình tưới nhỏ giọt điều khiển bằng cảm biến độ ẩm.")
    _starts(commune, "Sản phẩm dự kiến").fill("Quy trình kỹ thuật; mô hình 3 ha.")
    _starts(commune, "Địa chỉ ứng dụng kết quả").fill("Xã Mê Linh")
    _starts(commune, "Đơn vị cam kết ứng dụng kết quả").fill("UBND xã Mê Linh")
    _starts(commune, "Kinh phí dự kiến").fill("900")
    _starts(commune, "Thời gian thực hiện").fill("18")
    commune.get_by_role("button", name="Lưu nháp").click()
    expect(commune.get_by_role("heading", level=1)).to_have_text(TITLE)
    commune.get_by_role("button", name=re.compile("^Gửi đề xuất")).click()
    commune.get_by_role("button", name="Đồng ý, gửi Sở").click()
    expect(commune.get_by_role("main")).to_contain_text("Đã gửi")


def test_department_opens_the_cycle_and_a_commune_reports_and_proposes_in_it(
    _e2e_day, page: Page, live_server, login, new_page
):
    today = _e2e_day
    login("chuyenvien")
    _set_up_programme(page, today)
    _open_call(page, today)

    commune = new_page()
    sign_in(commune, live_server.url, "xamelinh")
    _report(commune)
    _propose(commune)

    program = Program.objects.get(code=CODE)
    assert program.indicators.count() == 2
    assert program.indicators.get(code="A2").targets.get(year=today.year).value == Decimal("80")
    report = Report.objects.get(period__program=program, unit__name="Mê Linh")
    assert report.status == ReportStatus.SUBMITTED
    assert sorted(report.values.values_list("indicator__code", "number")) == [
        ("A1", Decimal("6")),
        ("A2", Decimal("72.5")),
    ]
    proposal = Proposal.objects.get(title=TITLE)
    assert proposal.call == PlanCall.objects.get(name=CALL)
    assert proposal.status == ProposalStatus.SUBMITTED and proposal.unit.name == "Mê Linh"
