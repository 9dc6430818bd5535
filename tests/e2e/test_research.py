"""A local problem through the real UI, from the commune's proposal to the published result.

`xamelinh` writes and submits a proposal for Xã Mê Linh; `chuyenvien` sees the near-duplicate
earlier task and forms a council with `chuyengia` (chair) and `hoidong` (reviewer);
`chuyengia` declares no conflict and scores, `hoidong` declares a conflict and cannot score;
the council concludes and the proposal is ordered. The Department puts it in next year's plan,
approves the plan, fills in the task sheet and starts the task; the principal investigator
files a progress report, which the Department approves; an acceptance council grades the
task; the Department registers and publishes the results, and anyone finds them on the public
results page.
"""

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from conftest import make_user
from khcn.accounts.roles import Role
from khcn.geo.models import AdminUnit, Organisation, OrganisationKind
from khcn.research.models import PlanCall, ProgressStatus, Proposal, ProposalStatus, ResearchTask, TaskStatus

from .conftest import nav_open, sign_in

pytestmark = pytest.mark.e2e

TITLE = "Nghiên cứu xử lý ô nhiễm môi trường trong chăn nuôi lợn quy mô hộ tại xã Mê Linh"
EARLIER = "Nghiên cứu xử lý ô nhiễm môi trường trong chăn nuôi lợn quy mô hộ gia đình tại Hà Nội"
SCORES = ["18", "12", "10", "8", "15", "17"]  # 80 of 100


def _fill(page: Page, label: str, value: str) -> None:
    page.get_by_label(re.compile(f"^{re.escape(label)}")).first.fill(value)


def test_local_problem_from_proposal_to_published_result(page: Page, live_server, demo_accounts, new_page):
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
    nav_open(page, "Đề xuất nhiệm vụ").click()
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
    page.get_by_role("button", name="Đồng ý, gửi Sở").click()
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
    reviewers = staff.get_by_role("group", name=re.compile("^Ủy viên phản biện"))
    reviewers.get_by_label("Hoàng Thị Mai (Ủy viên hội đồng tư vấn)").check()
    staff.get_by_role("button", name="Thành lập hội đồng").click()
    expect(staff.get_by_role("heading", level=1)).to_contain_text("Hội đồng xác định nhiệm vụ")
    council_url = staff.url

    # The chair declares no conflict, the dossier opens, the sheet is scored.
    expert = new_page()
    sign_in(expert, base, "chuyengia")
    nav_open(expert, "Hội đồng của tôi").click()
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
    nav_open(reviewer, "Hội đồng của tôi").click()
    reviewer.get_by_role("link", name=re.compile("Hội đồng xác định nhiệm vụ")).click()
    reviewer.get_by_label(re.compile("^Tôi có xung đột lợi ích")).check()
    reviewer.get_by_label("Nội dung xung đột lợi ích").fill("Viện đã tư vấn cho xã về đề xuất này.")
    reviewer.get_by_role("button", name="Ký cam kết").click()
    expect(reviewer.get_by_text("Bạn đã khai có xung đột lợi ích")).to_be_visible()
    expect(reviewer.locator("input[name^='c-']")).to_have_count(0)

    # The council concludes: the proposal enters the ordered list.
    staff.goto(council_url)
    expect(staff.get_by_text(re.compile(r"Điểm trung bình: 80(,00)?/100"))).to_be_visible()  # the number filter
    staff.get_by_label("Kết luận của hội đồng").fill("Đề nghị đưa vào danh mục đặt hàng.")
    staff.get_by_role("button", name="Kết luận: đặt hàng nhiệm vụ").click()
    staff.get_by_role("button", name="Đồng ý, ghi nhận kết luận").click()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED

    # The Department puts the task in next year's plan and approves the plan.
    staff.goto(f"{base}/research/plans/")
    staff.get_by_label("Năm", exact=True).fill(str(today.year + 1))
    staff.get_by_role("button", name="Lập kế hoạch").click()
    staff.get_by_label("Đề xuất", exact=True).select_option(value=str(proposal.pk))
    staff.get_by_label("Phương thức", exact=True).select_option(label="Giao trực tiếp")
    staff.get_by_role("button", name="Thêm", exact=True).click()
    staff.get_by_label("Số quyết định", exact=True).fill("3456/QĐ-UBND")
    staff.get_by_label("Ngày quyết định", exact=True).fill(today.strftime("%d/%m/%Y"))
    staff.get_by_role("button", name="Ghi nhận phê duyệt").click()
    staff.get_by_role("button", name="Đồng ý, phê duyệt").click()
    expect(staff.get_by_text("3456/QĐ-UBND")).to_be_visible()

    # The task sheet: host, PI, contract, dates and the schedule; then the contract starts it.
    host = Organisation.objects.create(
        name="Viện Môi trường Nông nghiệp",
        kind=OrganisationKind.INSTITUTE,
        unit=AdminUnit.objects.get(registry_key="P:01"),
    )
    pi = make_user("chunhiem", Role.EXPERT, organisation=host, full_name="Trần Văn Chủ")
    staff.get_by_role("link", name=f"KH{today.year + 1}-01").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text(TITLE)
    staff.get_by_role("link", name="Sửa thông tin nhiệm vụ").click()
    staff.get_by_label("Tổ chức chủ trì", exact=True).fill(host.name)
    staff.get_by_label("Chủ nhiệm nhiệm vụ", exact=True).fill("Trần Văn Chủ")
    staff.get_by_label("Tài khoản của chủ nhiệm nhiệm vụ").select_option(label="Trần Văn Chủ")
    staff.get_by_label("Số hợp đồng").fill("07/HĐ-SKHCN")
    staff.get_by_label("Ngày ký hợp đồng").fill(today.strftime("%d/%m/%Y"))
    staff.get_by_label("Ngày bắt đầu").fill(today.strftime("%d/%m/%Y"))
    staff.get_by_label("Ngày kết thúc").fill(date(today.year + 2, 12, 31).strftime("%d/%m/%Y"))
    staff.locator("[name='milestones-0-title']").fill("Khảo sát hiện trạng chất thải tại 40 hộ")
    staff.locator("[name='milestones-0-due_on']").fill(date(today.year + 1, 6, 30).strftime("%d/%m/%Y"))
    staff.get_by_role("button", name="Lưu", exact=True).click()
    expect(staff.get_by_text("Khảo sát hiện trạng chất thải tại 40 hộ")).to_be_visible()
    staff.get_by_role("button", name="Đã ký hợp đồng: bắt đầu thực hiện").click()
    expect(staff.locator("#task-status")).to_have_text("Đang thực hiện")
    task = ResearchTask.objects.get(proposal=proposal)
    assert (task.pi_user, task.contract_number) == (pi, "07/HĐ-SKHCN")

    # The principal investigator files a progress report; the Department approves it.
    investigator = new_page()
    sign_in(investigator, base, "chunhiem", "pw-chunhiem")
    nav_open(investigator, "Nhiệm vụ KH&CN").click()
    investigator.get_by_role("link", name=TITLE).click()
    investigator.get_by_role("link", name="Báo cáo tiến độ mới").click()
    investigator.get_by_label("Kỳ báo cáo").fill("6 tháng đầu")
    investigator.get_by_label("Nội dung đã thực hiện").fill("Đã khảo sát 40 hộ chăn nuôi, lấy 120 mẫu nước thải.")
    investigator.get_by_role("button", name="Lưu", exact=True).click()
    expect(investigator.get_by_text("Thiếu")).to_have_count(0)
    investigator.get_by_label("Tính đến ngày").fill(today.strftime("%d/%m/%Y"))
    investigator.get_by_role("button", name="Lưu", exact=True).click()
    investigator.get_by_role("button", name="Gửi Sở").click()
    expect(investigator.locator("#report-status")).to_have_text("Đã gửi")
    staff.goto(f"{base}{task.get_absolute_url()}")
    staff.get_by_role("link", name="6 tháng đầu").click()
    staff.get_by_role("button", name="Phê duyệt").click()
    expect(staff.locator("#report-status")).to_have_text("Đã duyệt")
    assert task.progress_reports.get().status == ProgressStatus.APPROVED

    # The acceptance council: the chair grades Xuất sắc, the reviewer Đạt; the task passes (Đạt).
    staff.get_by_role("link", name=task.code).click()
    staff.get_by_text("Thành lập hội đồng nghiệm thu").click()
    staff.get_by_label(re.compile("^Chủ tịch")).select_option(
        label="Vũ Đức Thành (Chuyên gia nông nghiệp công nghệ cao)"
    )
    reviewers = staff.get_by_role("group", name=re.compile("^Ủy viên phản biện"))
    reviewers.get_by_label("Hoàng Thị Mai (Ủy viên hội đồng tư vấn)").check()
    staff.get_by_role("button", name="Thành lập hội đồng").click()
    expect(staff.get_by_role("heading", level=1)).to_contain_text("Hội đồng nghiệm thu")
    acceptance_url = staff.url
    for member, grade in ((expert, "Xuất sắc"), (reviewer, "Đạt")):
        nav_open(member, "Hội đồng của tôi").click()
        member.get_by_role("link", name=re.compile("Hội đồng nghiệm thu")).click()
        member.get_by_label(re.compile("^Tôi không có xung đột lợi ích")).check()
        member.get_by_role("button", name="Ký cam kết").click()
        selects = member.locator("select[name^='c-']")
        for index in range(selects.count()):
            selects.nth(index).select_option(label=grade)
        member.get_by_role("button", name="Nộp phiếu").click()
        expect(member.get_by_text(re.compile("^Đã nộp lúc"))).to_be_visible()
    staff.goto(acceptance_url)
    expect(staff.locator("#council-grade")).to_contain_text("Đạt")
    staff.get_by_label("Kết luận của hội đồng").fill("Nhiệm vụ hoàn thành đủ sản phẩm theo hợp đồng.")
    staff.get_by_label("Sản phẩm cuối cùng").fill("Quy trình xử lý chất thải chăn nuôi lợn quy mô hộ; mô hình 5 hộ.")
    staff.get_by_role("button", name=re.compile("^Ghi nhận kết quả nghiệm thu")).click()
    staff.get_by_role("button", name="Đồng ý, ghi nhận kết luận").click()
    expect(staff.locator("#task-grade")).to_have_text("Đạt")
    task.refresh_from_db()
    assert (task.status, task.grade) == (TaskStatus.ACCEPTED, "pass")

    # Registration, then publication; a failed publish keeps what was typed.
    staff.get_by_label("Số giấy chứng nhận").fill("12/2026/ĐKKQ")
    staff.get_by_label("Ngày đăng ký").fill(today.strftime("%d/%m/%Y"))
    staff.get_by_role("button", name="Ghi nhận", exact=True).first.click()
    expect(staff.get_by_text(re.compile("Giấy chứng nhận đăng ký kết quả số 12/2026/ĐKKQ"))).to_be_visible()
    summary = "Xử lý được 90% nước thải chăn nuôi lợn bằng hầm biogas kết hợp đệm lót sinh học."
    staff.get_by_label("Tóm tắt kết quả (công bố)").fill(summary)
    staff.get_by_role("button", name="Công bố kết quả").click()
    expect(staff.get_by_label("Tóm tắt kết quả (công bố)")).to_have_value(summary)
    staff.get_by_label("Sản phẩm (công bố)").fill("Quy trình công nghệ; mô hình trình diễn 5 hộ.")
    staff.get_by_label("Liên hệ (công bố)").fill("Viện Môi trường Nông nghiệp — 024 3838 0000")
    staff.get_by_role("button", name="Công bố kết quả").click()
    staff.get_by_role("button", name="Đồng ý, công bố").click()
    expect(staff.get_by_role("link", name="Mở trang công bố")).to_be_visible()

    # Anyone finds the result on the public page, without signing in.
    public = new_page()
    public.goto(f"{base}/")
    public.get_by_role("link", name="Kết quả nhiệm vụ KH&CN").click()
    public.get_by_label("Tìm kiếm").fill("chan nuoi lon me linh")
    public.get_by_role("button", name="Lọc").click()
    public.get_by_role("link", name=TITLE).click()
    expect(public.get_by_text(summary)).to_be_visible()
    expect(public.get_by_text("Trần Văn Chủ")).to_be_visible()
