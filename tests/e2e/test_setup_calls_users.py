"""A Department officer opens next year's cycle alone, through the setup pages.

`chuyenvien` opens the call for proposals (a wrong deadline is refused and the typed input
kept), then creates the account of a commune officer for Xã Tiến Thắng with an initial
password; that officer signs in and finds the new call, and their commune, already chosen in
the proposal form, and saves a draft for it.
"""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from khcn.accounts.models import User
from khcn.accounts.roles import Role
from khcn.research.models import PlanCall, Proposal

from .conftest import nav_open, sign_in

pytestmark = pytest.mark.e2e

CALL = "Đề xuất đặt hàng nhiệm vụ khoa học và công nghệ năm sau"
USERNAME, FULL_NAME, PASSWORD = "xa.tienthang", "Lê Văn Tiến", "Hoa-Sen-Mua-He-2026"


def _field(page: Page, label: str):  # type: ignore[no-untyped-def]
    """A form control by the start of its label (required ones end with “(bắt buộc)”)."""
    return page.get_by_label(re.compile(f"^{re.escape(label)}")).first


def test_department_officer_opens_a_call_and_a_commune_account_that_can_propose(
    page: Page, live_server, login, new_page
):
    today = date.today()
    login("chuyenvien")

    # The call for next year's plan: first with a deadline before the opening day.
    nav_open(page, "Đợt đề xuất nhiệm vụ").click()
    expect(page.get_by_role("main")).to_contain_text("Chưa có đợt đề xuất nào.")
    page.get_by_role("link", name="Mở đợt mới").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mở đợt đề xuất mới")
    _field(page, "Tên").fill(CALL)
    _field(page, "Năm kế hoạch").fill(str(today.year + 1))
    _field(page, "Ngày mở đợt").fill(today.strftime("%d/%m/%Y"))
    _field(page, "Hạn nộp đề xuất").fill((today - timedelta(days=1)).strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#form-errors")).to_contain_text("Hạn nộp đề xuất phải từ ngày mở đợt trở đi.")
    expect(_field(page, "Tên")).to_have_value(CALL)
    _field(page, "Hạn nộp đề xuất").fill((today + timedelta(days=60)).strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert").filter(has_text=f"Đã tạo đợt đề xuất “{CALL}”.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(CALL)
    expect(page.get_by_role("main")).to_contain_text("Đang mở")
    call = PlanCall.objects.get(name=CALL)
    assert call.plan_year == today.year + 1 and call.created_by.username == "chuyenvien"

    # The account of the commune's officer, with a local-officer grant on Xã Tiến Thắng.
    nav_open(page, "Người dùng và vai trò").click()
    page.get_by_role("link", name="Thêm người dùng").click()
    _field(page, "Tên đăng nhập").fill(USERNAME)
    _field(page, "Họ và tên").fill(FULL_NAME)
    _field(page, "Chức vụ").fill("Công chức Văn hóa - Xã hội xã Tiến Thắng")
    _field(page, "Mật khẩu ban đầu").fill(PASSWORD)
    _field(page, "Nhập lại mật khẩu").fill(PASSWORD)
    _field(page, "Vai trò").select_option(label="Cán bộ địa phương")
    _field(page, "Đơn vị hành chính").select_option(label="Xã Tiến Thắng")
    page.get_by_role("button", name="Tạo tài khoản").click()
    expect(page.get_by_role("alert").filter(has_text=f"Đã tạo tài khoản “{USERNAME}”.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(FULL_NAME)
    roles = page.get_by_role("region", name="Vai trò và phạm vi")
    expect(roles.get_by_role("table")).to_contain_text("Cán bộ địa phương")
    expect(roles.get_by_role("table")).to_contain_text("Xã Tiến Thắng")
    grant = User.objects.get(username=USERNAME).grants.get()
    assert grant.role == Role.LOCAL_OFFICER and grant.unit.name == "Tiến Thắng"

    # The new officer signs in and opens the proposal form: the new call and their commune
    # are already chosen.
    commune = new_page()
    sign_in(commune, live_server.url, USERNAME, PASSWORD)
    nav_open(commune, "Đề xuất nhiệm vụ").click()
    commune.get_by_role("link", name="Đề xuất mới").click()
    expect(_field(commune, "Đợt đề xuất")).to_have_value(str(call.pk))
    expect(_field(commune, "Đợt đề xuất").locator("option:checked")).to_have_text(CALL)
    expect(_field(commune, "Đơn vị đề xuất").locator("option:checked")).to_have_text("Xã Tiến Thắng")
    _field(commune, "Tên nhiệm vụ").fill("Ứng dụng công nghệ tưới tiết kiệm cho vùng rau xã Tiến Thắng")
    _field(commune, "Vấn đề của cơ sở").fill("Vùng rau thiếu nước tưới vào mùa khô.")
    commune.get_by_role("button", name="Lưu nháp").click()
    expect(commune.get_by_role("heading", level=1)).to_have_text(
        "Ứng dụng công nghệ tưới tiết kiệm cho vùng rau xã Tiến Thắng"
    )
    proposal = Proposal.objects.get(created_by__username=USERNAME)
    assert proposal.call == call and proposal.unit == grant.unit
