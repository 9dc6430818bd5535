"""Each role sees its own modules; the page works by keyboard and on a phone."""

import pytest
from playwright.sync_api import expect

from .conftest import nav_open

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
# Experts and technologies (issue 15): experts see the registry and the technologies.
EXPERTS = ["Chuyên gia", "Công nghệ", "Nhu cầu công nghệ", "Kết nối"]
# Initiatives, ISO 9001 and training (issue 16): Department staff and local officers.
INITIATIVES = "Sáng kiến"
# Turning an article or minutes into a session's records (issue 17): Department staff.
INGEST = "Nhập từ bài viết"
# The Department's own work (issue 18): its work with the city and its registries.
CITY = "Làm việc với Thành phố"
G_QUALITY, QUALITY = "ISO và tập huấn", ["Bảng theo dõi ISO 9001", "Tập huấn, hội thảo"]
# The S&T development fund and the S&T enterprises (issue 18): Department staff.
G_DEPT = "Công tác của Sở"
FUND = ["Tình hình Quỹ", "Hồ sơ đề nghị của Quỹ"]
ENTERPRISES = "Doanh nghiệp KH&CN"
IPSTATS = "Thống kê sở hữu trí tuệ"
# The Department's own registries (issue 18): Department staff.
APPRAISALS = "Thẩm định công nghệ"
SELF_FUNDED, PROGRAMMES = "Nhiệm vụ không dùng ngân sách", "Chương trình nhiệm vụ"
# Standards and metrology, radiation safety, inspections (issue 18): Department staff and local officers.
# One drop-down: "Quản lý chuyên ngành".
G_STATUTORY = "Quản lý chuyên ngành"
METROLOGY = [
    "Phương tiện đo",
    "Kiểm định phương tiện đo",
    "Công bố hợp chuẩn, hợp quy",
    "Phòng thử nghiệm, hiệu chuẩn",
]
RADIATION = ["Cơ sở bức xạ", "Giấy phép bức xạ", "Nguồn phóng xạ, thiết bị bức xạ", "Sự cố bức xạ"]
ENFORCEMENT = ["Thanh tra, kiểm tra", "Quyết định xử phạt"]
# The drop-down menus (core/navigation.py NAV_GROUPS and the apps' own).
G_PRODUCTS, G_EXPERTS, G_SETUP = "Sản phẩm địa phương", "Chuyên gia và công nghệ", "Danh mục và thiết lập"
# The sessions with the localities (khcn/meetings) and the research tasks (khcn/research).
G_LOCAL, G_TASKS = "Làm việc với địa phương", "Nhiệm vụ KH&CN"

DEPARTMENT_MENU = [
    OVERVIEW,
    REPORTS,
    (G_LOCAL, [SESSIONS, ITEMS, INGEST]),
    (G_DEPT, [CITY, APPRAISALS, *FUND, ENTERPRISES, IPSTATS]),
    (G_TASKS, [PROPOSALS, TASKS, SELF_FUNDED, PROGRAMMES]),
    (G_PRODUCTS, PRODUCTS),
    (G_EXPERTS, EXPERTS),
    (G_QUALITY, QUALITY),
    INITIATIVES,
    (G_STATUTORY, [*METROLOGY, *RADIATION, *ENFORCEMENT]),
    (G_SETUP, [UNITS, ORGANISATIONS, SETUP, CALLS, ROUNDS, USERS]),
]
LOCAL_MENU = [
    OVERVIEW,
    REPORTS,
    (G_LOCAL, [SESSIONS, ITEMS]),
    (G_TASKS, [PROPOSALS, TASKS]),
    (G_PRODUCTS, PRODUCTS),
    (G_EXPERTS, EXPERTS),
    (G_QUALITY, QUALITY),
    INITIATIVES,
    (G_STATUTORY, [*METROLOGY, *RADIATION, *ENFORCEMENT]),
    (G_SETUP, [UNITS, ORGANISATIONS]),
]
EXPERT_MENU = [OVERVIEW, (G_TASKS, [TASKS, COUNCILS]), (G_EXPERTS, EXPERTS[:2]), (G_SETUP, [UNITS, ORGANISATIONS])]

# Derived from each app's navigation.py and permissions.py: everyone signed in sees the
# overview and the units; Department and local officers see the periodic reports, the working
# sessions and the follow-up items; staff and experts see organisations; Department staff set
# up the programmes, the calls, the session rounds and the users. A group the user sees one
# entry of shows that entry alone.
EXPECTED_MENU = {
    "lanhdao": DEPARTMENT_MENU,
    "chuyenvien": DEPARTMENT_MENU,
    "xamelinh": LOCAL_MENU,
    "huyenmelinh": LOCAL_MENU,
    "chuyengia": EXPERT_MENU,
    "hoidong": EXPERT_MENU,
    "congdan": [OVERVIEW, UNITS],
}


def _flat(menu: list) -> list[str]:  # type: ignore[type-arg]
    return [name for entry in menu for name in (entry[1] if isinstance(entry, tuple) else [entry])]


def test_each_demo_role_sees_exactly_its_navigation(page, login):
    for username, menu in EXPECTED_MENU.items():
        page.context.clear_cookies()
        login(username)
        nav = page.get_by_role("navigation", name="Điều hướng chính")
        links = [entry for entry in menu if isinstance(entry, str)]
        groups = [entry for entry in menu if isinstance(entry, tuple)]
        expect(nav.get_by_role("link"), username).to_have_text(links)
        expect(nav.get_by_role("button"), username).to_have_text([label for label, _children in groups])
        expect(nav.get_by_role("link", name=OVERVIEW), username).to_have_attribute("aria-current", "page")
        for label, _children in groups:
            toggle = nav.get_by_role("button", name=label)
            toggle.click()
            expect(toggle, username).to_have_attribute("aria-expanded", "true")
            expect(nav.get_by_role("link"), username).to_have_text(_visible(menu, label))
            page.keyboard.press("Escape")
            expect(toggle, username).to_have_attribute("aria-expanded", "false")
        # The overview offers the same modules as cards, minus itself (beside the work cards).
        modules = page.get_by_role("region", name="Các phân hệ")
        expect(modules.get_by_role("link"), username).to_have_text(_flat(menu)[1:])


def _visible(menu: list, opened: str) -> list[str]:  # type: ignore[type-arg]
    """The links shown while the group `opened` is open: the plain ones and its entries."""
    names: list[str] = []
    for entry in menu:
        if isinstance(entry, str):
            names.append(entry)
        elif entry[0] == opened:
            names += entry[1]
    return names


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
    expect(nav.get_by_role("link", name=REPORTS)).to_be_visible()
    nav_open(page, UNITS).click()
    expect(page.get_by_role("heading", level=1, name=UNITS)).to_be_visible()
    # Nothing is wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
