"""A task proposal through the real UI: written by a commune, screened with a council.

`xamelinh` writes and submits a proposal for Xã Mê Linh; `chuyenvien` sees the near-duplicate
earlier task and forms a council with `chuyengia` (chair) and `hoidong` (reviewer);
`chuyengia` declares no conflict and scores, `hoidong` declares a conflict and cannot score;
the council concludes and the proposal is ordered.
"""

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from khcn.research.models import PlanCall, Proposal, ProposalStatus, ResearchTask

from .conftest import sign_in

pytestmark = pytest.mark.e2e

TITLE = "Nghiên cứu xử lý ô nhiễm môi trường trong chăn nuôi lợn quy mô hộ tại xã Mê Linh"
EARLIER = "Nghiên cứu xử lý ô nhiễm môi trường trong chăn nuôi lợn quy mô hộ gia đình tại Hà Nội"
SCORES = ["18", "12", "10", "8", "15", "17"]  # 80 of 100


def _fill(page: Page, label: str, value: str) -> None:
    page.get_by_label(re.compile(f"^{re.escape(label)}")).first.fill(value)


def test_proposal_from_a_commune_to_the_ordered_list(page: Page, live_server, demo, new_page):
    today = date.today()
    PlanCall.objects.create(
        name="Đề xuất đặt hàng nhiệm vụ KH&CN năm sau",
        plan_year=today.year + 1,
        opens_on=today.replace(day=1),
        closes_on=date(today.year, 12, 31),
    )
    ResearchTask.objects.create(code="01C-08/01-2019-2", title=EARLIER, task_type="topic", field="agricultural")
    base = live_server.url

    # The commune writes a draft with gaps, cannot submit it yet, completes it and submits.
    sign_in(page, base, "xamelinh")
    page.get_by_role("link", name="Đề xuất nhiệm vụ").first.click()
    page.get_by_role("link", name="Đề xuất mới").click()
    _fill(page, "Tên nhiệm vụ", TITLE)
    _fill(page, "Vấn đề của cơ sở", "Nước thải chăn nuôi lợn chảy ra kênh mương.")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    page.get_by_role("button", name=re.compile("^Gửi đề xuất")).click()
    expect(page.locator("#form-errors")).to_contain_text("Cần điền các mục sau trước khi gửi")

    page.get_by_role("link", name="Chỉnh sửa").click()
    page.get_by_label(re.compile("^Hình thức thực hiện")).select_option(label="Đề tài khoa học và công nghệ")
    page.get_by_label(re.compile("^Lĩnh vực")).select_option(label="Khoa học nông nghiệp")
    _fill(page, "Tính cấp thiết", "Chất thải chưa được xử lý, gây ô nhiễm nguồn nước.")
    _fill(page, "Mục tiêu", "Quy trình xử lý phù hợp quy mô hộ.")
    _fill(page, "Sản phẩm dự kiến", "Quy trình công nghệ; mô hình 5 hộ.")
    _fill(page, "Địa chỉ ứng dụng kết quả", "Xã Mê Linh")
    _fill(page, "Đơn vị cam kết ứng dụng kết quả", "UBND xã Mê Linh")
    _fill(page, "Kinh phí dự kiến", "1500")
    _fill(page, "Thời gian thực hiện", "24")
    page.get_by_role("button", name="Lưu nháp").click()
    page.get_by_role("button", name=re.compile("^Gửi đề xuất")).click()
    expect(page.locator("main .badge").first).to_have_text("Đã gửi")
    proposal = Proposal.objects.get(title=TITLE)

    # The Department sees the earlier task as a near-duplicate and forms a council.
    staff = new_page()
    sign_in(staff, base, "chuyenvien")
    staff.goto(f"{base}{proposal.get_absolute_url()}")
    screening = staff.locator("#screening")
    expect(screening).to_contain_text(EARLIER)
    screening.get_by_text("Thành lập hội đồng tư vấn").click()
    staff.get_by_label(re.compile("^Chủ tịch")).select_option(
        label="Vũ Đức Thành (Chuyên gia nông nghiệp công nghệ cao)"
    )
    staff.get_by_label(re.compile("^Ủy viên phản biện")).select_option(label="Hoàng Thị Mai (Ủy viên hội đồng tư vấn)")
    staff.get_by_role("button", name="Thành lập hội đồng").click()
    expect(staff.get_by_role("heading", level=1)).to_contain_text("Hội đồng xác định nhiệm vụ")
    council_url = staff.url

    # The chair declares no conflict, the dossier opens, the sheet is scored.
    expert = new_page()
    sign_in(expert, base, "chuyengia")
    expert.get_by_role("link", name="Hội đồng của tôi").first.click()
    expert.get_by_role("link", name=re.compile("Hội đồng xác định nhiệm vụ")).click()
    expect(expert.get_by_text("Nước thải chăn nuôi lợn chảy ra kênh mương.")).to_have_count(0)
    expert.get_by_label(re.compile("^Tôi không có xung đột lợi ích")).check()
    expert.get_by_role("button", name="Ký cam kết").click()
    expect(expert.get_by_text("Nước thải chăn nuôi lợn chảy ra kênh mương.")).to_be_visible()
    inputs = expert.locator("input[name^='c-']")
    for index, value in enumerate(SCORES):
        inputs.nth(index).fill(value)
    expert.get_by_role("button", name="Nộp phiếu").click()
    expect(expert.get_by_text(re.compile("80/100 điểm"))).to_be_visible()

    # The reviewer declares a conflict of interest: no dossier, no sheet.
    reviewer = new_page()
    sign_in(reviewer, base, "hoidong")
    reviewer.get_by_role("link", name="Hội đồng của tôi").first.click()
    reviewer.get_by_role("link", name=re.compile("Hội đồng xác định nhiệm vụ")).click()
    reviewer.get_by_label(re.compile("^Tôi có xung đột lợi ích")).check()
    reviewer.get_by_label("Nội dung xung đột lợi ích").fill("Viện đã tư vấn cho xã về đề xuất này.")
    reviewer.get_by_role("button", name="Ký cam kết").click()
    expect(reviewer.get_by_text("Bạn đã khai có xung đột lợi ích")).to_be_visible()
    expect(reviewer.locator("input[name^='c-']")).to_have_count(0)

    # The council concludes: the proposal enters the ordered list.
    staff.goto(council_url)
    expect(staff.get_by_text(re.compile("Điểm trung bình: 80,00/100|Điểm trung bình: 80.00/100"))).to_be_visible()
    staff.get_by_label("Kết luận của hội đồng").fill("Đề nghị đưa vào danh mục đặt hàng.")
    staff.get_by_role("button", name="Kết luận: đặt hàng nhiệm vụ").click()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
