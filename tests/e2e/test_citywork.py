"""The Department reports to the city (issue 18): a session with the Party Secretary, the
Department's request to the city and the leader's directive, the directive answered and closed,
then the report to the city as .docx with the figures KHCN computes from its records.

`chuyenvien` (Department officer) does it all through the pages; a commune officer sees none of it.
"""

import re
from io import BytesIO

import pytest
from docx import Document
from playwright.sync_api import Page, expect

from khcn.meetings.models import FollowUp, FollowUpStatus, Meeting, MeetingLevel

from .conftest import sign_in

pytestmark = pytest.mark.e2e

TITLE = "Bí thư Thành ủy làm việc với Sở Khoa học và Công nghệ năm 2026"
REQUEST = "Đầu tư phòng thử nghiệm, hiệu chuẩn cho lĩnh vực tiêu chuẩn đo lường chất lượng"
DIRECTIVE = "Đi đầu xây dựng thành phố thông minh, nâng cao chất lượng tham mưu"


def _add_item(page: Page, kind: str, text: str) -> None:
    form = page.locator("form[action$='/items/']")
    form.get_by_label("Loại hình").select_option(label=kind)
    form.get_by_role("textbox", name=re.compile(r"^Nội dung")).fill(text)
    if kind == "Kiến nghị":
        form.get_by_label("Đơn vị, người thực hiện").select_option(label="Thành phố (UBND Thành phố, các sở, ngành)")
        form.get_by_label("Chuyên gia hoặc cơ quan").fill("Sở Kế hoạch và Đầu tư")
        form.get_by_label("Thời hạn").fill("31/03/2027")
    else:
        form.get_by_label("Đơn vị, người thực hiện").select_option(label="Một phòng thuộc Sở")
        form.get_by_label("Phòng thuộc Sở").select_option(label="Phòng Quản lý công nghệ và Thị trường công nghệ")
        form.get_by_label("Thời hạn").fill("31/12/2026")
    form.get_by_role("button", name="Thêm nội dung").click()
    expect(page.locator(".alert-success").first).to_contain_text("Đã thêm nội dung theo dõi")


def test_the_department_reports_to_the_city_and_closes_a_directive(page: Page, live_server, demo_accounts, new_page):
    base = live_server.url
    sign_in(page, base, "chuyenvien")
    page.goto(f"{base}/city/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Làm việc với Thành phố")
    page.get_by_role("link", name="Thêm buổi làm việc với Thành phố").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thêm buổi làm việc với Thành phố")
    expect(page.get_by_label("Các đơn vị trong cụm")).to_have_count(0)  # the Department is the party
    page.get_by_label("Tiêu đề").fill(TITLE)
    page.get_by_label("Ngày giờ").fill("24/11/2026 08:30")
    page.get_by_label("Địa điểm").fill("Trụ sở Thành ủy Hà Nội")
    page.get_by_label("Lãnh đạo Thành phố chủ trì").fill("Bí thư Thành ủy Hà Nội")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("main .badge", has_text="Với Thành phố")).to_be_visible()
    meeting = Meeting.objects.get(title=TITLE)
    assert meeting.level == MeetingLevel.CITY

    # A request without the city body that owes the answer is refused, what was typed kept.
    form = page.locator("form[action$='/items/']")
    form.get_by_label("Loại hình").select_option(label="Kiến nghị")
    form.get_by_role("textbox", name=re.compile(r"^Nội dung")).fill(REQUEST)
    form.get_by_label("Đơn vị, người thực hiện").select_option(label="Thành phố (UBND Thành phố, các sở, ngành)")
    form.get_by_role("button", name="Thêm nội dung").click()
    expect(page.locator("main")).to_contain_text("Ghi tên cơ quan Thành phố có trách nhiệm trả lời.")
    expect(page.locator("form[action$='/items/']").get_by_role("textbox", name=re.compile(r"^Nội dung"))).to_have_value(
        REQUEST
    )
    _add_item(page, "Kiến nghị", REQUEST)
    _add_item(page, "Chỉ đạo", DIRECTIVE)

    # The overview follows both; the directive is answered and closed.
    page.goto(f"{base}/city/")
    expect(page.get_by_role("region", name="Kiến nghị của Sở với Thành phố")).to_contain_text("Sở Kế hoạch và Đầu tư")
    directives = page.get_by_role("region", name="Chỉ đạo của lãnh đạo Thành phố đối với Sở")
    directives.get_by_role("link", name=DIRECTIVE).click()
    page.get_by_label("Nội dung trả lời").fill("Đã trình UBND Thành phố đề án thành phố thông minh.")
    page.get_by_label("Trạng thái mới").select_option(label="Đã hoàn thành")
    page.get_by_role("button", name="Gửi trả lời").click()
    page.get_by_role("button", name="Đồng ý, đóng nội dung").click()
    expect(page.locator("main .badge").first).to_have_text("Đã hoàn thành")
    assert FollowUp.objects.get(text=DIRECTIVE).status == FollowUpStatus.DONE

    # The board computes the share of directives done on time from those records.
    page.goto(f"{base}/city/board/?year=2026")
    row = page.get_by_role("row", name=re.compile("Chỉ đạo của lãnh đạo Thành phố hoàn thành đúng hạn"))
    expect(row).to_contain_text("100,0%")

    # The report to the city: drafted from the figures and the open request, then downloaded.
    page.goto(f"{base}/city/reports/new/?year=2026")
    expect(page.get_by_label("Kiến nghị, đề xuất")).to_have_value(re.compile(re.escape(REQUEST)))
    page.get_by_label("Số, ký hiệu").fill("125/BC-SKHCN")
    page.get_by_role("button", name="Lưu").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải về .docx").click()
    doc = Document(BytesIO(download.value.path().read_bytes()))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Số: 125/BC-SKHCN" in "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert REQUEST in text
    figures = [[c.text for c in r.cells] for r in doc.tables[-2].rows]
    assert any(r[1] == "Chỉ đạo của lãnh đạo Thành phố hoàn thành đúng hạn" and r[2] == "100,0%" for r in figures)

    # A commune officer sees none of it.
    commune = new_page()
    sign_in(commune, base, "xamelinh")
    assert commune.goto(f"{base}/city/").status == 403
    assert commune.goto(f"{base}{meeting.get_absolute_url()}").status == 404
