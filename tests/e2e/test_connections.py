"""Connections in a browser: the officer finds an expert by typing (the form never lists the
registry), records a connection that answers a demand, and the pages pass axe with the strict
Content Security Policy blocking nothing."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from khcn.accounts.models import User
from khcn.experts.models import Demand, DemandStatus
from khcn.experts.tests.factories import DemandFactory, ExpertFactory

from .conftest import sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def demand(demo_accounts):  # type: ignore[no-untyped-def]
    unit = User.objects.get(username="xamelinh").grants.get().unit
    ExpertFactory.create(full_name="Nguyễn Hữu Kết Nối")
    ExpertFactory.create_batch(5)
    return DemandFactory.create(unit=unit, title="Xử lý nước thải làng nghề")


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 375, "height": 812}])
def test_officer_records_a_connection_by_searching_the_expert(page, live_server, demand, viewport):  # type: ignore[no-untyped-def]
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_viewport_size(viewport)
    sign_in(page, live_server.url, "chuyenvien")
    page.goto(f"{live_server.url}/experts/connections/new/?demand={demand.pk}")
    assert page.locator("#id_expert option").count() == 1  # only the blank choice
    page.get_by_label("Tìm chuyên gia theo tên").fill("ket noi")
    expect(page.locator("#id_expert option")).to_have_count(2)
    page.locator("#id_expert").select_option(label="Nguyễn Hữu Kết Nối")
    page.locator("#id_introduced_on").fill("02/11/2026")
    page.locator("#id_outcome").select_option("meeting")
    page.locator("#id_closes_request").check()
    violations = [v for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    assert not violations, violations
    page.locator("main form [type=submit]").click()
    page.get_by_role("heading", name="Xử lý nước thải làng nghề").wait_for()
    assert Demand.objects.get(pk=demand.pk).status == DemandStatus.ANSWERED
    for path in ("/experts/connections/", "/experts/connections/board/"):
        page.goto(live_server.url + path)
        violations = [v for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
        assert not violations, (path, violations)
    assert not [e for e in errors if "Content Security Policy" in e]
