from typing import Any

import pytest

from khcn.accounts.models import User
from khcn.demo.accounts import DEMO_PASSWORD, demo_load
from khcn.demo.programs import program_demo_load
from khcn.demo.reporting import reporting_demo_load
from khcn.geo.models import AdminUnit
from khcn.geo.services import units_import_registry


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):  # type: ignore[no-untyped-def]
    """A Vietnamese browser: LocaleMiddleware follows Accept-Language, as for real users."""
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


@pytest.fixture
def demo(transactional_db):  # type: ignore[no-untyped-def]
    """The real Hà Nội registry and the demo accounts (live-server tests flush the DB)."""
    if not AdminUnit.objects.filter(registry_key="P:01").exists():
        units_import_registry(province_code="01")
    demo_load()
    return DEMO_PASSWORD


@pytest.fixture
def reporting_demo(demo):  # type: ignore[no-untyped-def]
    """Also the programmes, their periods and the seed districts' reports, as `load_demo` loads them."""
    previous, current = program_demo_load()
    reporting_demo_load(
        previous=previous,
        current=current,
        officer=User.objects.get(username="chuyenvien"),
        leader=User.objects.get(username="lanhdao"),
    )
    return demo


def sign_in(page: Any, base_url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the login form, as a person would, and land on the overview."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base_url}/")


@pytest.fixture
def login(page, live_server, demo):  # type: ignore[no-untyped-def]
    def _login(username: str) -> None:
        sign_in(page, live_server.url, username, demo)

    return _login


@pytest.fixture
def new_page(browser, browser_context_args):  # type: ignore[no-untyped-def]
    """A page in a further browser context (its own cookies): a second person at work."""
    contexts = []

    def _new_page() -> Any:
        context = browser.new_context(**browser_context_args)
        contexts.append(context)
        return context.new_page()

    yield _new_page
    for context in contexts:
        context.close()
