"""A person creates an API token on their account page, an integration uses it, they revoke it."""

import pytest

pytestmark = pytest.mark.e2e


def test_create_use_and_revoke_an_api_token(page, live_server, login):
    login("xamelinh")
    page.get_by_role("button", name="Tài khoản của").click()
    page.get_by_role("link", name="Mã truy cập API").click()
    page.get_by_label("Tên").fill("Phần mềm thống kê của xã")
    page.get_by_role("button", name="Tạo mã truy cập").click()
    secret = page.get_by_label("Mã truy cập", exact=True).input_value()
    assert secret.startswith("khcn_")

    api = page.context.request  # the integration: no cookie needed, only the token
    url = f"{live_server.url}/api/v1/organisations/"
    assert api.get(url, headers={"Authorization": f"Bearer {secret}"}).status == 200

    page.goto(f"{live_server.url}/accounts/tokens/")  # the secret is never shown again
    assert secret not in page.content()
    page.get_by_role("link", name="Thu hồi Phần mềm thống kê của xã").click()
    page.get_by_role("button", name="Đồng ý, thu hồi").click()
    assert page.get_by_text("thu hồi ngày").is_visible()
    fresh = page.context.browser.new_context().request  # no session cookie at all
    assert fresh.get(url, headers={"Authorization": f"Bearer {secret}"}).status == 401
