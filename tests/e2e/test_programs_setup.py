"""A Department officer sets up next year's reporting cycle through the setup pages alone."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from khcn.programs.models import Aggregation, Program, ReportingPeriod, Target, ValueType

from .conftest import nav_open

pytestmark = pytest.mark.e2e

CODE = "15-KH/UBND"


def field(page, label: str):  # type: ignore[no-untyped-def]
    """A form field by its Vietnamese label, required ones included ("Tên (bắt buộc)")."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}(\s*\*)?(\s*\(bắt buộc\))?$"))


def save(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("main").get_by_role("button", name="Lưu").click()


def test_department_officer_sets_up_a_programme_with_indicators_a_target_and_a_period(page, login):
    login("chuyenvien")
    nav_open(page, "Thiết lập chương trình").click()
    expect(page.get_by_role("heading", level=1, name="Thiết lập chương trình")).to_be_visible()

    page.get_by_role("link", name="Thêm chương trình").click()
    field(page, "Mã").fill(CODE)
    field(page, "Tên").fill("Kế hoạch ứng dụng khoa học, công nghệ và đổi mới sáng tạo năm 2027")
    field(page, "Cơ quan ban hành").fill("UBND Thành phố Hà Nội")
    field(page, "Năm bắt đầu").fill("2027")
    field(page, "Năm kết thúc").fill("2030")
    save(page)
    expect(page.get_by_role("alert").filter(has_text="Đã tạo chương trình.")).to_be_visible()
    expect(page.get_by_role("heading", level=1, name=CODE)).to_be_visible()

    page.get_by_role("link", name="Thêm nhóm").click()
    field(page, "Mã").fill("A")
    field(page, "Tên").fill("Chuyển đổi số")
    save(page)

    page.get_by_role("link", name="Thêm chỉ tiêu", exact=True).click()
    field(page, "Mã").fill("A1")
    field(page, "Tên").fill("Số hồ sơ trực tuyến tiếp nhận")
    field(page, "Kiểu số liệu").select_option(label="Số lượng")
    field(page, "Đơn vị tính").fill("hồ sơ")
    save(page)
    expect(page.get_by_role("alert").filter(has_text="Đã thêm chỉ tiêu.")).to_be_visible()

    # A weighted mean without its weight is refused; what was typed stays.
    page.get_by_role("link", name="Thêm chỉ tiêu", exact=True).click()
    field(page, "Mã").fill("A2")
    field(page, "Tên").fill("Tỷ lệ hồ sơ giải quyết đúng hạn")
    field(page, "Kiểu số liệu").select_option(label="Tỷ lệ phần trăm (0–100)")
    field(page, "Cách tổng hợp").select_option(label="Bình quân gia quyền theo chỉ tiêu khác")
    save(page)
    expect(page.get_by_role("main")).to_contain_text("Chọn chỉ tiêu làm trọng số cho bình quân.")
    expect(field(page, "Tên")).to_have_value("Tỷ lệ hồ sơ giải quyết đúng hạn")
    field(page, "Chỉ tiêu làm trọng số").select_option(label="A1. Số hồ sơ trực tuyến tiếp nhận")
    save(page)
    table = page.get_by_role("table", name="Chỉ tiêu của nhóm Chuyển đổi số")
    expect(table.get_by_role("rowheader")).to_have_text([re.compile("^A1"), re.compile("^A2")])

    page.get_by_role("link", name=re.compile("^Mục tiêu")).click()
    expect(page.get_by_role("main")).to_contain_text("Chưa có mục tiêu")
    page.get_by_role("link", name="Thêm mục tiêu").click()
    field(page, "Chỉ tiêu").select_option(label="A2. Tỷ lệ hồ sơ giải quyết đúng hạn")
    field(page, "Năm").fill("2027")
    field(page, "Giá trị mục tiêu").fill("95,5")
    save(page)
    expect(page.get_by_role("table")).to_contain_text("95,5")

    page.get_by_role("navigation", name="Đường dẫn trang").get_by_role("link", name=CODE).click()
    page.get_by_role("link", name="Thêm biểu mẫu báo cáo").click()
    field(page, "Tên").fill("Báo cáo kết quả năm 2027 (cấp xã)")
    page.get_by_label("Khó khăn, vướng mắc").check()
    save(page)
    page.get_by_label("A1 Số hồ sơ trực tuyến tiếp nhận").check()
    page.get_by_label("A2 Tỷ lệ hồ sơ giải quyết đúng hạn").check()
    page.get_by_label("A2 là bắt buộc").uncheck()
    page.get_by_role("button", name="Lưu chỉ tiêu của biểu mẫu").click()
    expect(page.get_by_role("alert").filter(has_text="Biểu mẫu gồm 2 chỉ tiêu.")).to_be_visible()

    page.get_by_role("navigation", name="Đường dẫn trang").get_by_role("link", name=CODE).click()
    page.get_by_role("link", name="Thêm kỳ báo cáo").click()
    field(page, "Tên").fill("Năm 2027")
    field(page, "Loại hình").select_option(label="Cả năm")
    field(page, "Năm").fill("2027")
    field(page, "Biểu mẫu báo cáo").select_option(label="Báo cáo kết quả năm 2027 (cấp xã)")
    field(page, "Số liệu từ ngày").fill("15/12/2026")
    field(page, "Số liệu đến ngày").fill("14/12/2027")
    field(page, "Ngày bắt đầu nhận báo cáo").fill("15/11/2027")
    field(page, "Hạn gửi báo cáo").fill("20/12/2027")
    save(page)
    expect(page.get_by_role("heading", level=1, name="Năm 2027")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("20/12/2027")

    program = Program.objects.get(code=CODE)
    a1, a2 = program.indicators.order_by("code")
    assert (a1.value_type, a2.value_type, a2.aggregation, a2.weight) == (
        ValueType.COUNT,
        ValueType.PERCENT,
        Aggregation.WEIGHTED_MEAN,
        a1,
    )
    assert Target.objects.get(indicator=a2, unit=None, year=2027).value == Decimal("95.5")
    period = ReportingPeriod.objects.get(program=program)
    assert (period.name, period.form.name, period.closes_on) == ("Năm 2027", "Báo cáo kết quả năm 2027 (cấp xã)", None)
    assert list(period.form.items.order_by("position").values_list("indicator__code", "required")) == [
        ("A1", True),
        ("A2", False),
    ]
    assert period.form.sections == ["difficulties"]
