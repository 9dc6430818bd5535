"""Full-page screenshots of the main screens, at desktop and phone width, for visual review.

Run against a server started by `make run` (it loads the demo accounts):

    .venv/bin/python scripts/screenshots.py [base_url]      # default http://127.0.0.1:8000

The PNGs go to test-artifacts/screenshots/ (git-ignored), named <nn>-<screen>-<width>.png;
`--out=DIR` writes them elsewhere and `--only=WORD` takes only the screens whose name has WORD
(e.g. `--only=setup` for the programme setup pages).
The script edits one demo organisation (the invented “Hợp tác xã rau, củ quả Đông Cao”) so
that its change history has something to show; it never saves the invalid form it shows.
It also starts (or continues) Xã Mê Linh's draft report for the period the demo opened for
today's communes (its name follows the day the demo loaded) as `xamelinh` and types values
into it, which autosave keeps as a draft; it never submits that report.
"""

import re
import sys
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Locator, Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.chromium import CHROMIUM_ARGS, chromium_path  # noqa: E402

OUT = ROOT / "test-artifacts" / "screenshots"
PASSWORD = "KhcnDemo@2026"
WIDTHS = (1280, 375)
DEMO_ORG = "Hợp tác xã rau, củ quả Đông Cao"
# The period open for today's communes: its name follows the day the demo loaded.
COMMUNE_PERIOD = re.compile(r"^(Năm|6 tháng đầu năm) \d{4}")
DISTRICT_PERIOD = "6 tháng đầu năm 2024"  # for the former districts, pre-filled by the demo
# A commune's figures as an officer would type them (Vietnamese number format).
COMMUNE_VALUES = {
    "A1. Số hồ sơ dịch vụ công trực tuyến tiếp nhận": "1.250",
    "A2. Số hồ sơ trực tuyến được giải quyết đúng hạn và trước hạn": "1.200",
    "A3. Tỷ lệ hồ sơ trực tuyến được giải quyết đúng hạn và trước hạn": "96",
    "A4. Tỷ lệ chi trả lương hưu, trợ cấp bảo hiểm xã hội không dùng tiền mặt": "90",
    "A5. Tỷ lệ trường học triển khai học bạ số điện tử": "100",
    "A6: đài thông minh": "5",
    "A6: đài cấp xã": "18",
    "B1. Số mô hình ứng dụng tiến bộ KH&CN đang triển khai": "3",
    "C1. Số sản phẩm được hỗ trợ xây dựng, quản lý nhãn hiệu tập thể": "4",
}
COMMUNE_REQUESTS = (
    "- Tổ chức tập huấn chuyển đổi số cho công chức xã\n- Hỗ trợ kinh phí lắp đặt đài truyền thanh thông minh"
)


def sign_in(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/")


def open_unit(page: Page, base: str, query: str, name: str, *, era: str) -> None:
    """Find a unit with the search and open its page (ids differ from one database to the next)."""
    page.goto(f"{base}/geo/units/?era={era}&q={query}")
    page.locator("#unit-results").get_by_role("link", name=name, exact=True).first.click()
    expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()


def open_org(page: Page, base: str) -> None:
    page.goto(f"{base}/geo/organisations/?q=dong+cao")
    page.get_by_role("table").get_by_role("link", name=DEMO_ORG).click()
    expect(page.get_by_role("heading", level=1, name=DEMO_ORG)).to_be_visible()


def open_former_tree(page: Page, base: str) -> None:
    page.goto(f"{base}/geo/units/?era=former")
    district = page.locator("details").filter(has=page.locator("summary", has_text="Huyện Mê Linh"))
    district.locator("summary").click(position={"x": 4, "y": 4})
    expect(district.get_by_role("link", name=re.compile("^Xã Tráng Việt"))).to_be_visible()
    page.evaluate("document.activeElement && document.activeElement.blur()")


def edit_with_error(page: Page, base: str) -> None:
    open_org(page, base)
    page.goto(page.url.rstrip("/") + "/edit/")
    page.locator("input[name=name]").fill("ab")
    page.locator("main form button[type=submit]").click()
    page.locator(".form-errors-summary").wait_for()


def make_history(page: Page, base: str) -> None:
    """Change the demo cooperative once, so its history shows a change as well as its creation."""
    open_org(page, base)
    page.goto(page.url.rstrip("/") + "/edit/")
    address = page.locator("input[name=address]")
    new = (
        "Thôn Đông Cao, xã Mê Linh"
        if address.input_value() != "Thôn Đông Cao, xã Mê Linh"
        else "Thôn Đông Cao, xã Mê Linh, Hà Nội"
    )
    address.fill(new)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1, name=DEMO_ORG)).to_be_visible()


def period_card(page: Page, base: str, period: str) -> Locator:
    page.goto(f"{base}/reporting/")
    card = page.get_by_role("region", name=re.compile(f"^{re.escape(period)}"))
    expect(card).to_be_visible()
    return card


def open_board(page: Page, base: str, period: str) -> None:
    period_card(page, base, period).get_by_role("link", name="Bảng theo dõi tiến độ").click()
    expect(page.get_by_role("heading", level=1, name=re.compile("^Bảng theo dõi tiến độ"))).to_be_visible()


def open_aggregate(page: Page, base: str, period: str) -> None:
    period_card(page, base, period).get_by_role("link", name="Tổng hợp toàn thành phố").click()
    expect(page.get_by_role("heading", level=1, name=re.compile("^Tổng hợp toàn thành phố"))).to_be_visible()


def open_breakdown(page: Page, base: str, period: str, code: str) -> None:
    open_aggregate(page, base, period)
    page.get_by_role("table").get_by_role("link", name=re.compile(f"^{code}\\.")).click()
    expect(page.get_by_role("heading", level=1, name=re.compile(f"^{code}\\."))).to_be_visible()


def open_board_report(page: Page, base: str, period: str, unit: str) -> None:
    open_board(page, base, period)
    page.get_by_role("table").get_by_role("link", name=unit, exact=True).click()
    expect(page.get_by_role("heading", level=1, name=unit)).to_be_visible()


def open_commune_report(page: Page, base: str) -> None:
    """Xã Mê Linh's report for the open period, started on first use (as `xamelinh`)."""
    page.goto(f"{base}/reporting/")
    # A commune's officer sees only the periods its commune reports in, the latest first.
    card = page.get_by_role("region", name=COMMUNE_PERIOD).first
    mine = card.get_by_role("listitem").filter(has_text="Xã Mê Linh")
    start = mine.get_by_role("button", name="Lập báo cáo")
    if start.count():
        start.click()
    else:
        mine.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1, name="Xã Mê Linh")).to_be_visible()


def fill_commune_report(page: Page, base: str, *, autosaved: bool = True) -> None:
    """Half-way through typing: some values in and, when they changed, kept by the autosave."""
    open_commune_report(page, base)
    typed = {**COMMUNE_VALUES, "Kiến nghị, đề xuất": COMMUNE_REQUESTS}
    changed = False
    for label, value in typed.items():
        field = page.get_by_label(label)
        changed |= field.input_value() != value
        field.fill(value)
    page.get_by_label("Kiến nghị, đề xuất").blur()
    if autosaved and changed:
        expect(page.locator("#autosave")).to_contain_text("Đã tự động lưu nháp lúc", timeout=10_000)
    page.evaluate("window.scrollTo(0, 0)")


def submit_commune_report_with_error(page: Page, base: str) -> None:
    """Submitting with a percentage over 100 (and required values missing): refused, input kept."""
    fill_commune_report(page, base, autosaved=False)
    page.get_by_label("A3. Tỷ lệ hồ sơ trực tuyến được giải quyết đúng hạn và trước hạn").fill("120")
    page.get_by_role("button", name="Gửi Sở").click()
    page.locator("#form-errors").wait_for()


def open_report_from_list(page: Page, base: str, period: str, unit: str) -> None:
    mine = period_card(page, base, period).get_by_role("listitem").filter(has_text=unit)
    mine.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1, name=unit)).to_be_visible()


SETUP_PROGRAM = "07-CTr/TU"


def open_setup_program(page: Page, base: str, code: str = SETUP_PROGRAM) -> None:
    page.goto(f"{base}/programs/")
    page.get_by_role("table").get_by_role("link", name=code, exact=True).click()
    expect(page.get_by_role("heading", level=1, name=code)).to_be_visible()


def open_setup_link(
    page: Page, base: str, name: str | re.Pattern[str], heading: str | re.Pattern[str], *, code: str = SETUP_PROGRAM
) -> None:
    """From the programme's page, follow the link named `name` to the page headed `heading`."""
    open_setup_program(page, base, code)
    page.get_by_role("main").get_by_role("link", name=name).first.click()
    expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()


def setup_period(page: Page, base: str, period: str, action: str | None = None) -> None:
    page.goto(f"{base}/programs/periods/")
    page.get_by_role("table").get_by_role("link", name=period, exact=True).click()
    expect(page.get_by_role("heading", level=1, name=period)).to_be_visible()
    if action and action.endswith("/"):  # a page its link hides once units have reported
        page.goto(page.url + action)
    elif action:
        page.get_by_role("main").get_by_role("link", name=action, exact=True).click()
    page.locator("main h1").wait_for()


def setup_program_error(page: Page, base: str) -> None:
    """A new programme whose last year is before its first: refused, input kept."""
    page.goto(f"{base}/programs/new/")
    page.get_by_label("Mã").fill("12-KH/UBND")
    page.get_by_label("Tên").fill("Kế hoạch ứng dụng khoa học, công nghệ giai đoạn 2026-2030")
    page.get_by_label("Cơ quan ban hành").fill("UBND Thành phố")
    page.get_by_label("Năm bắt đầu").fill("2030")
    page.get_by_label("Năm kết thúc").fill("2026")
    page.locator("main form button[type=submit]").click()
    page.locator("#form-errors").wait_for()


def setup_target_import_error(page: Page, base: str) -> None:
    """Upload a workbook with two bad rows: every problem listed, nothing saved."""
    from io import BytesIO

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Mục tiêu"
    ws.append(["Mã chỉ tiêu", "Chỉ tiêu", "Mã đơn vị", "Đơn vị", "Năm", "Giá trị"])
    ws.append(["A4", "", "", "", 2024, 95])
    ws.append(["A4", "", "", "", 2031, 120])
    ws.append(["Z9", "", "99999", "", 2025, "nhiều"])
    buffer = BytesIO()
    wb.save(buffer)
    open_setup_link(page, base, re.compile("^Mục tiêu"), re.compile("^Mục tiêu của"))
    page.get_by_role("link", name="Nhập từ Excel").click()
    page.get_by_label("Bảng tính (.xlsx)").set_input_files(
        {"name": "muc-tieu.xlsx", "mimeType": "application/octet-stream", "buffer": buffer.getvalue()}
    )
    page.get_by_role("button", name="Kiểm tra và nhập").click()
    page.locator("#import-errors").wait_for()


def setup_screens(base: str) -> list[tuple[str, str | None, Callable[[Page], None]]]:
    """The programme setup pages (programs app), as a Department officer sees them."""
    who = "chuyenvien"
    targets = re.compile("^Mục tiêu")
    return [
        ("setup-program-list", who, lambda p: p.goto(f"{base}/programs/")),
        ("setup-program-detail", who, lambda p: open_setup_program(p, base)),
        ("setup-program-edit", who, lambda p: open_setup_link(p, base, "Chỉnh sửa", "Sửa chương trình")),
        ("setup-program-new-error", who, lambda p: setup_program_error(p, base)),
        (
            "setup-program-copy",
            who,
            lambda p: open_setup_link(p, base, re.compile("^Sao chép chỉ tiêu"), re.compile("^Sao chép chỉ tiêu")),
        ),
        ("setup-group-new", who, lambda p: open_setup_link(p, base, "Thêm nhóm", "Thêm nhóm chỉ tiêu")),
        ("setup-indicator-new", who, lambda p: open_setup_link(p, base, "Thêm chỉ tiêu", "Thêm chỉ tiêu")),
        ("setup-indicator-edit-a6", who, lambda p: open_setup_link(p, base, "Sửa chỉ tiêu A6", "Sửa chỉ tiêu A6")),
        ("setup-target-list", who, lambda p: open_setup_link(p, base, targets, re.compile("^Mục tiêu của"))),
        (
            "setup-target-new",
            who,
            lambda p: (open_setup_link(p, base, targets, re.compile("^Mục tiêu của")), _click(p, "Thêm mục tiêu")),
        ),
        ("setup-target-import-error", who, lambda p: setup_target_import_error(p, base)),
        ("setup-form-new", who, lambda p: open_setup_link(p, base, "Thêm biểu mẫu báo cáo", "Thêm biểu mẫu báo cáo")),
        (
            "setup-form-detail",
            who,
            lambda p: open_setup_link(p, base, re.compile("^Báo cáo kết quả"), re.compile("^Báo cáo kết quả")),
        ),
        ("setup-period-list", who, lambda p: p.goto(f"{base}/programs/periods/")),
        ("setup-period-new", who, lambda p: open_setup_link(p, base, "Thêm kỳ báo cáo", "Thêm kỳ báo cáo")),
        ("setup-period-detail", who, lambda p: setup_period(p, base, COMMUNE_PERIOD)),
        ("setup-period-edit", who, lambda p: setup_period(p, base, COMMUNE_PERIOD, "Chỉnh sửa")),
        ("setup-period-close", who, lambda p: setup_period(p, base, COMMUNE_PERIOD, "Đóng kỳ báo cáo")),
        ("setup-period-delete", who, lambda p: setup_period(p, base, COMMUNE_PERIOD, "delete/")),
    ]


def _click(page: Page, name: str) -> None:
    page.get_by_role("main").get_by_role("link", name=name).first.click()
    page.locator("main h1").wait_for()


DEMO_CALL = "Đề xuất đặt hàng nhiệm vụ KH&CN năm 2025 (demo)"
DEMO_ROUND = re.compile("^Làm việc với các huyện, thị xã về kế hoạch KH&CN năm 2025")


def open_listed(page: Page, url: str, name: str | re.Pattern[str], then: str = "") -> None:
    """Open a record from its list by its name (ids differ between databases), then a sub-page."""
    page.goto(url)
    page.get_by_role("table").get_by_role("link", name=name).first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    if then:
        page.goto(page.url.rstrip("/") + f"/{then}/")


def submit_invalid(page: Page, base: str, path: str, values: dict[str, str]) -> None:
    """Fill a new-record form with an error and submit it: refused (422), nothing saved."""
    page.goto(f"{base}{path}")
    for name, value in values.items():
        field = page.locator(f"[name={name}]")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)
    page.locator("main form button[type=submit]").click()
    page.locator(".form-errors-summary").wait_for()


def setup_other_screens(base: str) -> list[tuple[str, str | None, Callable[[Page], None]]]:
    """The Department's setup pages: calls for proposals, session rounds, users and roles."""
    calls, rounds, users = f"{base}/research/calls/", f"{base}/meetings/rounds/", f"{base}/accounts/users/"
    officer = "chuyenvien"
    return [
        ("call-list", officer, lambda p: p.goto(calls)),
        ("call-detail", officer, lambda p: open_listed(p, calls, DEMO_CALL)),
        (
            "call-new-error",
            officer,
            lambda p: submit_invalid(
                p,
                base,
                "/research/calls/new/",
                {"name": "Đợt đề xuất năm 2027", "opens_on": "2026-09-01", "closes_on": "2026-08-01"},
            ),
        ),
        ("call-edit", officer, lambda p: open_listed(p, calls, DEMO_CALL, "edit")),
        ("call-close-confirm", officer, lambda p: open_listed(p, calls, DEMO_CALL, "close")),
        ("call-delete-refused", officer, lambda p: open_listed(p, calls, DEMO_CALL, "delete")),
        ("round-list", officer, lambda p: p.goto(rounds)),
        ("round-list-no-match", officer, lambda p: p.goto(rounds + "?year=1999")),
        ("round-detail", officer, lambda p: open_listed(p, rounds, DEMO_ROUND)),
        (
            "round-new-error",
            officer,
            lambda p: submit_invalid(
                p, base, "/meetings/rounds/new/", {"name": "Đợt làm việc 2026", "year": "2026", "plan_year": "2025"}
            ),
        ),
        ("round-edit", officer, lambda p: open_listed(p, rounds, DEMO_ROUND, "edit")),
        ("round-delete-refused", officer, lambda p: open_listed(p, rounds, DEMO_ROUND, "delete")),
        ("user-list-officer", officer, lambda p: p.goto(users)),
        ("user-detail", officer, lambda p: open_listed(p, users, "xamelinh")),
        ("user-detail-leader-read-only", officer, lambda p: open_listed(p, users, "lanhdao")),
        (
            "user-new-error",
            officer,
            lambda p: submit_invalid(
                p,
                base,
                "/accounts/users/new/",
                {
                    "username": "xa.tienthang",
                    "full_name": "Lê Văn Tiến",
                    "password1": "Hoa-Sen-Mua-He-2026",
                    "password2": "Hoa-Sen-Mua-He",
                    "role": "Cán bộ địa phương",
                    "unit": "Xã Tiến Thắng",
                },
            ),
        ),
        ("user-edit", officer, lambda p: open_listed(p, users, "xamelinh", "edit")),
        ("user-password", officer, lambda p: open_listed(p, users, "xamelinh", "password")),
        ("user-deactivate-confirm", officer, lambda p: open_listed(p, users, "xamelinh", "deactivate")),
        ("grant-end-confirm", officer, lambda p: open_grant_end(p, users)),
    ]


def open_grant_end(page: Page, users: str) -> None:
    open_listed(page, users, "xamelinh")
    page.get_by_role("region", name="Vai trò và phạm vi").get_by_role("link", name=re.compile("^Chấm dứt")).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def screens(base: str) -> list[tuple[str, str | None, Callable[[Page], None]]]:
    """(name, user to sign in as or None for signed out, how to reach the screen)."""
    return [
        ("login", None, lambda p: p.goto(f"{base}/accounts/login/")),
        ("overview", "chuyenvien", lambda p: p.goto(f"{base}/")),
        ("unit-tree-current", "chuyenvien", lambda p: p.goto(f"{base}/geo/units/")),
        ("unit-tree-former-me-linh-open", "chuyenvien", lambda p: open_former_tree(p, base)),
        ("unit-search-me-linh", "chuyenvien", lambda p: p.goto(f"{base}/geo/units/?era=former&q=me+linh")),
        ("unit-search-me-linh-current-tab", "chuyenvien", lambda p: p.goto(f"{base}/geo/units/?q=me+linh")),
        (
            "unit-former-commune-trang-viet",
            "chuyenvien",
            lambda p: open_unit(p, base, "trang+viet", "Xã Tráng Việt", era="former"),
        ),
        (
            "unit-former-district-me-linh",
            "chuyenvien",
            lambda p: open_unit(p, base, "me+linh", "Huyện Mê Linh", era="former"),
        ),
        (
            "unit-current-commune-me-linh",
            "chuyenvien",
            lambda p: open_unit(p, base, "me+linh", "Xã Mê Linh", era="current"),
        ),
        ("organisation-list", "chuyenvien", lambda p: p.goto(f"{base}/geo/organisations/")),
        ("organisation-detail", "chuyenvien", lambda p: open_org(p, base)),
        ("organisation-edit-error", "chuyenvien", lambda p: edit_with_error(p, base)),
        ("user-list", "lanhdao", lambda p: p.goto(f"{base}/accounts/users/")),
        ("period-list-department", "chuyenvien", lambda p: p.goto(f"{base}/reporting/")),
        (
            "report-review-dong-anh-2024",
            "chuyenvien",
            lambda p: open_board_report(p, base, DISTRICT_PERIOD, "Huyện Đông Anh"),
        ),
        ("period-board-2024", "chuyenvien", lambda p: open_board(p, base, DISTRICT_PERIOD)),
        ("period-aggregate-2024", "chuyenvien", lambda p: open_aggregate(p, base, DISTRICT_PERIOD)),
        ("indicator-breakdown-2024-a3", "chuyenvien", lambda p: open_breakdown(p, base, DISTRICT_PERIOD, "A3")),
        ("period-list-commune", "xamelinh", lambda p: p.goto(f"{base}/reporting/")),
        ("report-form-filling-me-linh-2026", "xamelinh", lambda p: fill_commune_report(p, base)),
        ("report-form-error-me-linh-2026", "xamelinh", lambda p: submit_commune_report_with_error(p, base)),
        (
            "report-approved-me-linh-2024-district-officer",
            "huyenmelinh",
            lambda p: open_report_from_list(p, base, DISTRICT_PERIOD, "Huyện Mê Linh"),
        ),
        *setup_screens(base),
        *setup_other_screens(base),
    ]


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    options = dict(a[2:].split("=", 1) for a in sys.argv[1:] if a.startswith("--") and "=" in a)
    base = (args[0] if args else "http://127.0.0.1:8000").rstrip("/")
    out = Path(options.get("out", OUT))
    only = options.get("only", "")
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for width in WIDTHS:
            context = browser.new_context(
                viewport={"width": width, "height": 800}, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
            )
            page = context.new_page()
            if width == WIDTHS[0] and not only:
                sign_in(page, base, "chuyenvien")
                make_history(page, base)
            signed_in_as: str | None = "?"
            for number, (name, user, reach) in enumerate(screens(base), start=1):
                if only not in name:
                    continue
                if user != signed_in_as:
                    if user is None:
                        context.clear_cookies()
                    else:
                        sign_in(page, base, user)
                    signed_in_as = user
                reach(page)
                page.wait_for_load_state("networkidle")
                path = out / f"{number:02d}-{name}-{width}.png"
                page.screenshot(path=str(path), full_page=True)
                print(path)
            context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
