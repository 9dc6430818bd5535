"""An initiative through the real UI, from the application to the city's decision (issue 16).

`xamelinh` applies for an initiative of Xã Mê Linh, submits it and records the unit's
recognition; the page shows an earlier initiative as a near-duplicate; it goes to the city
round. `chuyenvien` forms the city's evaluation council with `chuyengia` as chair; the chair
declares no conflict, reads the dossier and scores; the council recognises the initiative with
a city-wide scope, and the decision .docx opens with the initiative, its scope and number.
"""

import re
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import Page, expect

from khcn.accounts.models import RoleGrant
from khcn.initiatives.models import Initiative, InitiativeStatus
from khcn.initiatives.tests.factories import recognised_initiative

from .conftest import nav_open, sign_in

pytestmark = pytest.mark.e2e

TITLE = "Ứng dụng mã QR tra cứu tình trạng hồ sơ tại bộ phận một cửa xã Mê Linh"
EARLIER = "Ứng dụng mã QR tra cứu tình trạng hồ sơ tại bộ phận một cửa"
SCORES = ["16", "30", "20", "14"]  # 80 of 100
DECISION = "125/QĐ-SKHCN"


def _fill(page: Page, label: str, value: str) -> None:
    page.get_by_label(re.compile(f"^{re.escape(label)}")).first.fill(value)


def test_an_initiative_from_the_application_to_the_city_decision(
    page: Page, live_server, demo_accounts, new_page
) -> None:
    unit = RoleGrant.objects.get(user__username="xamelinh").unit
    recognised_initiative(unit=unit, title=EARLIER)
    base = live_server.url

    # The commune applies, with one author holding the whole share, and submits.
    sign_in(page, base, "xamelinh")
    page.goto(f"{base}/initiatives/new/")
    _fill(page, "Tên sáng kiến", TITLE)
    page.get_by_label(re.compile("^Lĩnh vực áp dụng")).select_option(label="Cải cách hành chính và dịch vụ công")
    _fill(page, "Vấn đề cần giải quyết", "Người dân phải gọi điện hỏi tình trạng hồ sơ.")
    _fill(page, "Giải pháp", "Mỗi phiếu hẹn in mã QR dẫn tới trang tra cứu hồ sơ.")
    _fill(page, "Điểm mới", "Lần đầu áp dụng tra cứu bằng mã QR tại xã.")
    _fill(page, "Ngày áp dụng lần đầu", "01/03/2026")
    _fill(page, "Nơi áp dụng", "Bộ phận một cửa UBND xã Mê Linh")
    _fill(page, "Hiệu quả đạt được", "Giảm 70% cuộc gọi hỏi tình trạng hồ sơ.")
    page.get_by_label(re.compile("^Phạm vi ảnh hưởng")).select_option(label="Toàn Thành phố")
    _fill(page, "Họ và tên", "Nguyễn Thị Sáng")
    _fill(page, "Tỷ lệ đóng góp (%)", "100")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    initiative = Initiative.objects.get(title=TITLE)

    # The earlier initiative shows as a near-duplicate.
    duplicates = page.get_by_role("region", name="Có thể trùng lặp")
    expect(duplicates).to_contain_text(EARLIER)

    page.get_by_role("link", name="Nộp đơn vị").click()
    page.get_by_role("button", name="Đồng ý nộp").click()
    expect(page.locator("main .badge").first).to_have_text("Đã nộp đơn vị")

    # The unit's head recognises it after its council; the officer records the decision.
    page.get_by_role("link", name="Ghi quyết định của đơn vị").click()
    page.get_by_label("Công nhận", exact=True).check()
    _fill(page, "Số quyết định", "12/QĐ-UBND")
    _fill(page, "Ngày quyết định", "15/10/2026")
    _fill(page, "Người ký", "Chủ tịch UBND xã Mê Linh")
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator("main .badge").first).to_have_text("Được công nhận cấp cơ sở")

    # It goes to this year's city round.
    page.get_by_role("link", name="Gửi xét cấp Thành phố").click()
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator("main .badge").first).to_have_text("Đã gửi xét cấp Thành phố")
    # The commune does not form the city's council.
    expect(page.get_by_text("Lập hội đồng đánh giá cấp thành phố")).to_have_count(0)

    # The Department forms the city's evaluation council.
    staff = new_page()
    sign_in(staff, base, "chuyenvien")
    staff.goto(f"{base}{initiative.get_absolute_url()}")
    city = staff.locator("#city")
    city.get_by_text("Lập hội đồng đánh giá cấp thành phố").click()
    staff.get_by_label(re.compile("^Chủ tịch")).select_option(
        label="Vũ Đức Thành (Chuyên gia nông nghiệp công nghệ cao)"
    )
    staff.get_by_role("button", name="Thành lập hội đồng").click()
    expect(staff.get_by_role("heading", level=1)).to_contain_text("Hội đồng Sáng kiến Thành phố")
    council_url = staff.url

    # The chair declares no conflict, reads the dossier and scores.
    expert = new_page()
    sign_in(expert, base, "chuyengia")
    nav_open(expert, "Hội đồng của tôi").click()
    expert.get_by_role("link", name=re.compile("Hội đồng Sáng kiến Thành phố")).click()
    expect(expert.get_by_text("Mỗi phiếu hẹn in mã QR dẫn tới trang tra cứu hồ sơ.")).to_have_count(0)
    expert.get_by_label(re.compile("^Tôi không có xung đột lợi ích")).check()
    expert.get_by_role("button", name="Ký cam kết").click()
    expect(expert.get_by_text("Mỗi phiếu hẹn in mã QR dẫn tới trang tra cứu hồ sơ.")).to_be_visible()
    inputs = expert.locator("input[name^='c-']")
    expect(inputs).to_have_count(len(SCORES))
    for index, value in enumerate(SCORES):
        inputs.nth(index).fill(value)
    expert.get_by_role("button", name="Nộp phiếu").click()
    expect(expert.get_by_text(re.compile("80/100 điểm"))).to_be_visible()

    # The council recognises it city-wide; the decision is recorded with the conclusion.
    staff.goto(council_url)
    expect(staff.get_by_text(re.compile(r"Điểm trung bình: 80(,00)?/100"))).to_be_visible()
    staff.get_by_label("Kết luận của hội đồng").fill("Sáng kiến có phạm vi ảnh hưởng toàn thành phố.")
    staff.get_by_label("Phạm vi ảnh hưởng được công nhận").select_option(value="city")
    staff.get_by_label("Số quyết định").fill(DECISION)
    staff.get_by_label("Người ký").fill("Nguyễn Quốc Hà")
    staff.get_by_label("Hiệu quả áp dụng theo đánh giá của hội đồng").fill("Giảm 70% cuộc gọi hỏi hồ sơ.")
    staff.get_by_role("button", name="Kết luận: công nhận sáng kiến").click()
    staff.get_by_role("button", name="Đồng ý, ghi nhận kết luận").click()
    expect(staff.locator("#city-decision")).to_contain_text("Toàn Thành phố")
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.CITY_RECOGNISED
    assert initiative.city_recognition.influence_scope == "city"

    # The decision opens in Word, read back.
    with staff.expect_download() as info:
        staff.get_by_role("link", name="Quyết định (.docx)").click()
    doc = Document(BytesIO(Path(info.value.path()).read_bytes()))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "QUYẾT ĐỊNH:" in text and TITLE in text
    assert "phạm vi ảnh hưởng cấp thành phố" in text and "Nguyễn Thị Sáng" in text
    assert DECISION in "\n".join(p.text for p in doc.tables[0].cell(1, 0).paragraphs)

    # The public list shows the scope the city recognised.
    visitor = new_page()
    visitor.goto(f"{base}/initiatives/recognised/")
    expect(visitor.locator("main")).to_contain_text(TITLE)
