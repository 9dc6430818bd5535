import pytest

pytestmark = pytest.mark.e2e


def test_login_page_renders_in_chromium(page, live_server, demo_accounts):
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.locator("h1").first.inner_text().strip() != ""
    assert page.locator("input[name=username]").count() == 1
