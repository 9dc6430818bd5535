from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from khcn.accounts.models import User
from khcn.demo.accounts import DEMO_PASSWORD, demo_load
from khcn.demo.programs import program_demo_load
from khcn.demo.reporting import reporting_demo_load
from khcn.geo.testing import registry_ensure


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):  # type: ignore[no-untyped-def]
    """A Vietnamese browser: LocaleMiddleware follows Accept-Language, as for real users."""
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


# The day browser tests run on, unless the session travels (KHCN_TEST_TODAY, `make test-dates`).
E2E_DAY = date(2026, 12, 3)


@pytest.fixture(autouse=True)
def _e2e_day(_test_today):  # type: ignore[no-untyped-def]
    """Pin the server's clock (the live server runs in this process) to E2E_DAY, ticking.

    The browser keeps the real clock; cookies carry a Max-Age, so sessions still hold.
    """
    if _test_today is not None:
        yield _test_today
        return
    with time_machine.travel(datetime.combine(E2E_DAY, time(9), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=True):
        yield E2E_DAY


@pytest.fixture
def demo_accounts(transactional_db):  # type: ignore[no-untyped-def]
    """The real Hà Nội registry and the demo's accounts, signed in as a visitor of the demo
    would (live-server tests flush the database); the accounts' password."""
    registry_ensure("01")
    demo_load()
    return DEMO_PASSWORD


@pytest.fixture
def demo_reporting(demo_accounts):  # type: ignore[no-untyped-def]
    """Also the demo's programmes, periods and seed districts' reports, as `load_demo` loads
    them: the period open for today's communes is the one the flow fills."""
    periods = program_demo_load()
    reporting_demo_load(
        previous=periods.year_2023,
        current=periods.first_half_2024,
        officer=User.objects.get(username="chuyenvien"),
        leader=User.objects.get(username="lanhdao"),
    )
    return periods.open


def sign_in(page: Any, base_url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the login form, as a person would, and land on the overview."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base_url}/")


@pytest.fixture
def login(page, live_server, demo_accounts):  # type: ignore[no-untyped-def]
    def _login(username: str) -> None:
        sign_in(page, live_server.url, username, demo_accounts)

    return _login


@pytest.fixture
def new_page(browser, browser_context_args, csp_violations):  # type: ignore[no-untyped-def]
    """A page in a further browser context (its own cookies): a second person at work."""
    contexts = []

    def _new_page() -> Any:
        context = browser.new_context(**browser_context_args)
        csp_violations.watch(context)
        contexts.append(context)
        return context.new_page()

    yield _new_page
    for context in contexts:
        context.close()


class CspViolations:
    """What the browser refused under the Content Security Policy, from every watched context.

    Chromium reports a blocked inline handler, style or script as a console error naming the
    "Content Security Policy"; a blocked eval surfaces as a page error naming it.
    """

    def __init__(self) -> None:
        self.messages: list[str] = []

    def watch(self, context: Any) -> None:
        context.on("console", self._console)
        context.on("weberror", lambda error: self._page_error(error.error))

    def _console(self, message: Any) -> None:
        if "Content Security Policy" in message.text:
            self.messages.append(f"{message.type}: {message.text} ({message.location.get('url', '')})")

    def _page_error(self, error: Any) -> None:
        text = str(getattr(error, "message", error))
        if "Content Security Policy" in text:
            self.messages.append(f"pageerror: {text}")


@pytest.fixture
def csp_violations():  # type: ignore[no-untyped-def]
    return CspViolations()


@pytest.fixture(autouse=True)
def _fail_on_csp_violation(request, csp_violations):  # type: ignore[no-untyped-def]
    """Every browser test fails when a page broke the Content Security Policy (issue 13, 5)."""
    if "context" in request.fixturenames or "page" in request.fixturenames:
        csp_violations.watch(request.getfixturevalue("context"))
    yield
    if csp_violations.messages:
        pytest.fail("The Content Security Policy blocked:\n" + "\n".join(csp_violations.messages))


def nav_open(page: Any, name: str) -> Any:
    """The main menu's link `name`, its drop-down opened first when it sits in one (returned to
    be clicked or checked).

    A test may call this right after a click that leaves the page: a drop-down opened on the page
    being left is closed on the next one, so it is opened again until the link shows.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    nav = page.get_by_role("navigation", name="Điều hướng chính")
    link = nav.get_by_role("link", name=name, exact=True)
    for _ in range(4):
        page.wait_for_load_state("load")  # a drop-down opens once Bootstrap's deferred script ran
        if link.is_visible():
            return link
        toggle = page.locator(".site-nav .dropdown").filter(has=page.locator(f'a:text-is("{name}")'))
        if not toggle.count():
            return link
        toggle.first.get_by_role("button").click()
        try:
            link.wait_for(state="visible", timeout=3000)
            return link
        except PlaywrightTimeoutError:
            continue
    return link
