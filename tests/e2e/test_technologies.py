"""Issue 15, offers and demands: a citizen finds a technology in the public catalogue and asks
about it; the Department sees the demand. axe-core looks at the catalogue and the lists."""

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from khcn.experts.models import Demand, DemandSource, OfferStatus, Technology

from .conftest import sign_in

pytestmark = pytest.mark.e2e

TITLE = "Máy sấy lạnh nông sản thử nghiệm"
BLOCKING = {"serious", "critical"}


def _offer() -> Technology:
    return Technology.objects.create(
        title=TITLE,
        summary="Sấy lạnh giữ màu, giữ vitamin cho vải, nhãn.",
        field="engineering",
        maturity=7,
        owner_name="Viện Cơ điện nông nghiệp",
        status=OfferStatus.PUBLISHED,
    )


def _axe(page: Page) -> list[Any]:
    return [v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in BLOCKING]


def test_a_citizen_asks_about_a_technology_from_the_catalogue(page: Page, live_server, demo_accounts):  # type: ignore[no-untyped-def]
    base = live_server.url
    tech = _offer()
    page.goto(f"{base}/experts/catalogue/")
    assert not _axe(page)
    page.get_by_label("Tìm kiếm").fill("may say lanh")
    page.get_by_role("button", name="Lọc").click()
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    assert not _axe(page)
    page.get_by_role("link", name="Hỏi về công nghệ này").click()
    expect(page).to_have_url(f"{base}/accounts/login/?next=/experts/catalogue/technologies/{tech.pk}/ask/")

    sign_in(page, base, "congdan", demo_accounts)
    page.goto(f"{base}/experts/catalogue/technologies/{tech.pk}/ask/")
    page.get_by_label("Xã, phường").select_option(label="Xã Mê Linh")
    page.get_by_label("Bạn hỏi với tư cách").select_option(label="Hộ gia đình")
    page.get_by_label("Tên bạn hoặc tên tổ chức").fill("Hộ ông Nguyễn Văn Ba")
    page.get_by_label("Bạn cần công nghệ để làm gì?").fill("Sấy vải thiều sau thu hoạch.")
    page.get_by_role("button", name="Gửi").click()
    expect(page.get_by_text("Câu hỏi của bạn đã được gửi tới Sở.")).to_be_visible()
    demand = Demand.objects.get()
    assert demand.source == DemandSource.PUBLIC and demand.technology == tech


def test_department_lists_are_accessible(page: Page, live_server, demo_accounts):  # type: ignore[no-untyped-def]
    base = live_server.url
    tech = _offer()
    sign_in(page, base, "chuyenvien", demo_accounts)
    for path in (
        "/experts/technologies/",
        f"/experts/technologies/{tech.pk}/",
        "/experts/demands/",
        "/experts/demands/new/",
    ):
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        assert not _axe(page), path
