"""The expert registry in a browser: an expert completes and sends their profile, and axe finds
nothing serious on the registry's pages, signed in and public, on a desktop and a phone."""

import pytest

from khcn.accounts.models import User
from khcn.experts.models import Expert, ProfileStatus
from khcn.experts.tests.factories import ExpertFactory, private_expert

from .conftest import sign_in
from .test_accessibility import DESKTOP, PHONE, Visit, _audit

pytestmark = pytest.mark.e2e


@pytest.fixture
def registry(demo_accounts):  # type: ignore[no-untyped-def]
    public = ExpertFactory.create(full_name="Nguyễn Công Khai")
    private_expert(full_name="Trần Riêng Tư")
    return public


def test_expert_completes_and_sends_their_profile(page, live_server, demo_accounts):  # type: ignore[no-untyped-def]
    sign_in(page, live_server.url, "chuyengia")
    page.goto(f"{live_server.url}/experts/people/me/")
    page.get_by_role("link", name="Sửa").click()
    page.get_by_label("Nhóm lĩnh vực").select_option("agricultural")
    page.locator("#id_keywords").fill("giống lúa, canh tác hữu cơ")
    page.locator("#id_public_consent").check()
    page.locator("main form [type=submit]").click()
    page.goto(f"{live_server.url}/experts/people/me/")
    page.get_by_role("button", name="Gửi Sở xác nhận").click()
    page.wait_for_load_state()
    own = Expert.objects.get(user=User.objects.get(username="chuyengia"))
    assert own.status == ProfileStatus.SUBMITTED and own.public_consent and own.consent_at is not None


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_registry_pages_have_no_serious_violation(browser, browser_context_args, live_server, registry, viewport):  # type: ignore[no-untyped-def]
    pk = registry.pk
    visits = [
        Visit("expert list", "chuyenvien", "/experts/people/"),
        Visit("expert profile", "chuyenvien", f"/experts/people/{pk}/"),
        Visit("expert form", "chuyenvien", f"/experts/people/{pk}/edit/"),
        Visit("expert history", "chuyenvien", f"/experts/people/{pk}/history/"),
        Visit("expert import", "chuyenvien", "/experts/people/import/"),
        Visit("my profile", "chuyengia", "/experts/people/me/"),
        Visit("public experts", None, "/experts/catalogue/experts/"),
        Visit("public expert", None, f"/experts/catalogue/experts/{pk}/"),
    ]
    failures = _audit(browser, browser_context_args, live_server.url, visits, viewport)
    assert not failures, "\n\n".join(failures)
