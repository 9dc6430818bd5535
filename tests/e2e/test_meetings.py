"""A working session through the real UI: create, attendance, conclusion, items, answer, close.

`chuyenvien` (Department officer) holds a session with Xã Mê Linh and Xã Quang Minh;
`xamelinh` (Xã Mê Linh) answers a directive with a file in a second browser context.
"""

import re
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import Page, expect

from khcn.meetings.models import FollowUp, FollowUpStatus, Meeting

from .conftest import nav_open, sign_in

pytestmark = pytest.mark.e2e

TITLE = "Làm việc với cụm xã Mê Linh, Quang Minh về kế hoạch KH&CN năm 2027"
CONCLUSION = "Đề nghị các xã đẩy mạnh thông tin tuyên truyền về khoa học và công nghệ."
ITEMS = [
    ("Xã Mê Linh", "Chỉ đạo", "Thực hiện nghiêm việc báo cáo định kỳ", "Đơn vị", "31/12/2026"),
    ("Xã Mê Linh", "Kiến nghị", "Tổ chức tập huấn chuyển đổi số cho công chức xã", "Một phòng thuộc Sở", "15/01/2026"),
    ("Xã Quang Minh", "Kiến nghị", "Hỗ trợ xử lý ô nhiễm môi trường làng nghề", "Một phòng thuộc Sở", "31/12/2026"),
]
ANSWER = "Xã đã ban hành kế hoạch báo cáo định kỳ năm 2027."


def _add_item(page: Page, unit: str, kind: str, text: str, who: str, due: str) -> None:
    form = page.locator("form[action$='/items/']")
    form.get_by_role("combobox", name=re.compile(r"^Đơn vị")).first.select_option(label=unit)
    form.get_by_label("Loại hình").select_option(label=kind)
    form.get_by_role("textbox", name=re.compile(r"^Nội dung")).fill(text)
    form.get_by_label("Đơn vị, người thực hiện").select_option(label=who)
    if who == "Một phòng thuộc Sở":
        form.get_by_label("Phòng thuộc Sở").select_option(label="Phòng Quản lý khoa học")
    form.get_by_label("Thời hạn").fill(due)
    form.get_by_role("button", name="Thêm nội dung").click()
    expect(page.get_by_role("alert").or_(page.locator(".alert-success")).first).to_contain_text(
        "Đã thêm nội dung theo dõi"
    )


def test_session_from_invitation_to_closed_item(page: Page, live_server, demo_accounts, new_page, tmp_path: Path):
    base = live_server.url
    sign_in(page, base, "chuyenvien")
    nav_open(page, "Buổi làm việc").click()
    page.get_by_role("link", name="Tạo buổi làm việc").click()

    # A failed save keeps what was typed.
    page.get_by_label("Tiêu đề").fill(TITLE)
    page.get_by_label("Địa điểm").fill("Trụ sở UBND xã Mê Linh")
    page.get_by_label("Các đơn vị trong cụm").select_option(label=["Xã Mê Linh", "Xã Quang Minh"])
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#form-errors")).to_be_visible()
    expect(page.get_by_label("Tiêu đề")).to_have_value(TITLE)

    page.get_by_label("Ngày giờ").fill("20/11/2026 08:30")
    page.get_by_label("Chủ trì", exact=True).fill("Nguyễn Quốc Hà, Phó Giám đốc Sở")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    meeting = Meeting.objects.get(title=TITLE)

    # Attendees and attendance.
    attendees = page.locator("form[action$='/attendees/']")
    attendees.get_by_label("Loại hình").select_option(label="Lãnh đạo Sở")
    attendees.get_by_label(re.compile(r"^Tên\b")).fill("Nguyễn Quốc Hà")
    attendees.get_by_role("button", name="Thêm").click()
    page.get_by_label("Điểm danh Nguyễn Quốc Hà").select_option(label="có mặt")
    page.get_by_role("button", name="Ghi nhận điểm danh").click()
    expect(page.get_by_label("Điểm danh Nguyễn Quốc Hà")).to_have_value("yes")

    # Minutes and conclusion; the session is concluded.
    page.get_by_label("Biên bản phần của Xã Mê Linh").fill("Xã Mê Linh báo cáo kết quả 6 tháng.")
    page.get_by_label("Kết luận", exact=True).fill(CONCLUSION)
    page.get_by_role("button", name="Lưu và đánh dấu đã kết luận").click()
    expect(page.locator("main .badge").first).to_have_text("Đã kết luận")

    for unit, kind, text, who, due in ITEMS:
        _add_item(page, unit, kind, text, who, due)
    assert meeting.items.count() == 3

    # The unit officer sees only Xã Mê Linh's items and answers the directive with a file.
    unit_page = new_page()
    sign_in(unit_page, base, "xamelinh")
    nav_open(unit_page, "Theo dõi kiến nghị").click()
    table = unit_page.locator("#item-table")
    expect(table).to_contain_text(ITEMS[0][2])
    expect(table).to_contain_text(ITEMS[1][2])
    expect(table).not_to_contain_text(ITEMS[2][2])
    unit_page.get_by_role("link", name=ITEMS[0][2]).click()
    evidence = tmp_path / "ke-hoach-bao-cao.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% demo\n")
    unit_page.get_by_label("Nội dung trả lời").fill(ANSWER)
    unit_page.get_by_label("Trạng thái mới").select_option(label="Đã trả lời")
    unit_page.get_by_label("Tệp").set_input_files(str(evidence))
    unit_page.get_by_role("button", name="Gửi trả lời").click()
    expect(unit_page.locator("#responses")).to_contain_text(ANSWER)
    expect(unit_page.locator("#responses")).to_contain_text("ke-hoach-bao-cao.pdf")

    # The Department closes it.
    directive = FollowUp.objects.get(text=ITEMS[0][2])
    page.goto(f"{base}{directive.get_absolute_url()}")
    expect(page.locator("#responses")).to_contain_text(ANSWER)
    page.get_by_label("Nội dung trả lời").fill("Sở ghi nhận, kết thúc theo dõi.")
    page.get_by_label("Trạng thái mới").select_option(label="Đã hoàn thành")
    page.get_by_role("button", name="Gửi trả lời").click()
    # Closing is asked first (issue 13, defect 7).
    page.get_by_role("button", name="Đồng ý, đóng nội dung").click()
    expect(page.locator("main .badge").first).to_have_text("Đã hoàn thành")
    directive.refresh_from_db()
    assert directive.status == FollowUpStatus.DONE

    # The overdue request shows on the board.
    page.goto(f"{base}/meetings/items/board/")
    overdue = page.locator(".stat-danger .stat-value")
    expect(overdue).to_have_text(re.compile(r"^[1-9]\d*$"))
    expect(page.get_by_role("region", name=re.compile("Theo đơn vị"))).to_contain_text("Xã Mê Linh")

    # The conclusion notice opens and holds the items.
    page.goto(f"{base}{meeting.get_absolute_url()}")
    with page.expect_download() as info:
        page.get_by_role("link", name="Thông báo kết luận (.docx)").click()
    doc = Document(BytesIO(Path(info.value.path()).read_bytes()))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert CONCLUSION in text
    assert ITEMS[0][2] in text and ITEMS[1][2] in text and ITEMS[2][2] in text
