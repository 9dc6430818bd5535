import pytest

from khcn.accounts.demo import DEMO_PASSWORD, demo_load
from khcn.geo.models import AdminUnit
from khcn.geo.services import units_import_registry


@pytest.fixture
def demo(transactional_db):  # type: ignore[no-untyped-def]
    """The real Hà Nội registry and the demo accounts (live-server tests flush the DB)."""
    if not AdminUnit.objects.filter(registry_key="P:01").exists():
        units_import_registry(province_code="01")
    demo_load()
    return DEMO_PASSWORD


@pytest.fixture
def login(page, live_server, demo):  # type: ignore[no-untyped-def]
    def _login(username: str) -> None:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(demo)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(f"{live_server.url}/")

    return _login
