"""Each role sees its own modules; the page works by keyboard and on a phone."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

OVERVIEW, REPORTS, SESSIONS, ITEMS, PROPOSALS, TASKS, COUNCILS, UNITS, ORGANISATIONS, SETUP, CALLS, ROUNDS, USERS = (
    "Tổng quan",
    "Báo cáo định kỳ",
    "Buổi làm việc",
    "Theo dõi kiến nghị",
    "Đề xuất nhiệm vụ",
    "Nhiệm vụ KH&CN",
    "Hội đồng của tôi",
    "Đơn vị hành chính",
    "Tổ chức",
    "Thiết lập chương trình",
    "Đợt đề xuất nhiệm vụ",
    "Đợt làm việc",
    "Người dùng và vai trò",
)

# Local products (issue 14): Department staff and commune officers; the board for both too
# (a commune officer sees their own commune's).
PRODUCTS = ["Sản phẩm", "Chủ thể sản xuất", "Nhãn hiệu, chỉ dẫn địa lý", "Sản phẩm OCOP", "Bảng theo dõi sản phẩm"]

DEPARTMENT_NAV = [
    OVERVIEW,
    REPORTS,
    SESSIONS,
    ITEMS,
    PROPOSALS,
    TASKS,
    *PRODUCTS,
    UNITS,
    ORGANISATIONS,
    SETUP,
    CALLS,
    ROUNDS,
    USERS,
]

# Derived from accounts/navigation.py and accounts/permissions.py: everyone signed in sees the
# overview and the units; Department and local officers see the periodic reports, the working
# sessions and the follow-up items; staff and
# experts see organisations; Department staff set up the programmes, the calls, the session
# rounds and the users.
EXPECTED_NAV = {
    "lanhdao": DEPARTMENT_NAV,
    "chuyenvien": DEPARTMENT_NAV,
    "xamelinh": [OVERVIEW, REPORTS, SESSIONS, ITEMS, PROPOSALS, TASKS, *PRODUCTS, UNITS, ORGANISATIONS],
    "huyenmelinh": [OVERVIEW, REPORTS, SESSIONS, ITEMS, PROPOSALS, TASKS, *PRODUCTS, UNITS, ORGANISATIONS],
    "chuyengia": [OVERVIEW, TASKS, COUNCILS, UNITS, ORGANISATIONS],
    "hoidong": [OVERVIEW, TASKS, COUNCILS, UNITS, ORGANISATIONS],
    "congdan": [OVERVIEW, UNITS],
}


def test_each_demo_role_sees_exactly_its_navigation(page, login):
    for username, expected in EXPECTED_NAV.items():
        page.context.clear_cookies()
        login(username)
        nav = page.get_by_role("navigation", name="Điều hướng chính")
        expect(nav.get_by_role("link"), username).to_have_text(expected)
        expect(nav.get_by_role("link", name=OVERVIEW), username).to_have_attribute("aria-current", "page")
        # The overview offers the same modules as cards, minus itself.
        main = page.get_by_role("main")
        expect(main.get_by_role("link"), username).to_have_text(expected[1:])


def test_skip_link_is_first_tab_stop_and_phone_menu_opens(page, login):
    login("chuyenvien")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Chuyển đến nội dung chính")
    expect(skip).to_be_focused()
    box = skip.bounding_box()  # parked off-screen until focused, then shown
    assert box is not None and box["x"] >= 0 and box["y"] >= 0
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    assert page.url.endswith("#main")

    page.set_viewport_size({"width": 375, "height": 800})
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    toggle = nav.get_by_role("button", name="Menu")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(nav.get_by_role("link", name=UNITS)).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(nav.get_by_role("link", name=UNITS)).to_be_visible()
    nav.get_by_role("link", name=UNITS).click()
    expect(page.get_by_role("heading", level=1, name=UNITS)).to_be_visible()
    # Nothing is wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
