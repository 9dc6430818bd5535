"""IP dossiers and OCOP ratings in the browser: a Department officer moves a dossier through
the page (a refusal is asked first), and axe finds no serious violation on the IP list, a
dossier's timeline and the OCOP list, on a desktop and a phone.

With KHCN_SHOTS_DIR set, each page visited is also saved there as a screenshot."""

import os
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from khcn.accounts.models import User
from khcn.products.models import IpKind, IpStage, Product, ProductCategory
from khcn.products.services.ip import ip_asset_create, ip_move
from khcn.products.services.ocop import ocop_rating_create

from .conftest import sign_in

pytestmark = pytest.mark.e2e
SIZES = {"1280": {"width": 1280, "height": 900}, "375": {"width": 375, "height": 812}}


def _walk(officer: Any, asset: Any, stages: list[tuple[str, date, str]]) -> Any:
    for stage, on, note in stages:
        asset = ip_move(
            user=officer,
            asset=asset,
            to_stage=stage,
            on=on,
            note=note,
            application_number="4-2024-01234" if stage == IpStage.FILED else "",
            certificate_number="498765" if stage == IpStage.GRANTED else "",
        )
    return asset


@pytest.fixture
def dossiers(demo_accounts):  # type: ignore[no-untyped-def]
    officer = User.objects.get(username="chuyenvien")
    commune = User.objects.get(username="xamelinh").grants.get().unit
    buoi = Product.objects.create(name="Bưởi đỏ Mê Linh", category=ProductCategory.FOOD, unit=commune)
    hoa = Product.objects.create(name="Hoa đào Mê Linh", category=ProductCategory.ORNAMENTAL, unit=commune)
    mark = ip_asset_create(
        user=officer,
        name="Bưởi đỏ Mê Linh",
        kind=IpKind.COLLECTIVE_MARK,
        unit=commune,
        owner_name="Hội sản xuất và kinh doanh bưởi đỏ Mê Linh",
        stage_since=date(2024, 2, 1),
        products=[buoi],
        note="Khảo sát vùng trồng, lấy mẫu quả.",
    )
    _walk(
        officer,
        mark,
        [
            (IpStage.DOSSIER, date(2024, 4, 15), "Xây dựng quy chế sử dụng nhãn hiệu tập thể."),
            (IpStage.FILED, date(2024, 9, 10), "Nộp đơn trực tuyến tại Cục Sở hữu trí tuệ."),
            (IpStage.FORMAL_EXAM, date(2024, 10, 8), ""),
            (IpStage.PUBLISHED, date(2024, 12, 20), "Công bố trên Công báo Sở hữu công nghiệp."),
            (IpStage.SUBSTANTIVE_EXAM, date(2025, 1, 15), ""),
            (IpStage.GRANTED, date(2026, 4, 2), "Quyết định cấp văn bằng."),
        ],
    )
    stalled = ip_asset_create(
        user=officer,
        name="Hoa đào Mê Linh",
        kind=IpKind.COLLECTIVE_MARK,
        unit=commune,
        owner_name="HTX hoa đào Mê Linh",
        stage_since=date(2025, 6, 2),
        products=[hoa],
    )
    stalled = _walk(officer, stalled, [(IpStage.DOSSIER, date(2025, 7, 1), ""), (IpStage.FILED, date(2026, 6, 1), "")])
    ocop_rating_create(
        user=officer,
        product=buoi,
        stars=4,
        score=Decimal("82"),
        score_a=Decimal("33"),
        score_b=Decimal("20"),
        score_c=Decimal("29"),
        rating_year=2024,
        decision_number="4567/QĐ-UBND",
        decision_date=date(2024, 1, 5),
    )
    ocop_rating_create(
        user=officer,
        product=hoa,
        stars=3,
        score=Decimal("64"),
        rating_year=2025,
        decision_number="812/QĐ-UBND",
        decision_date=date(2025, 3, 20),
    )
    return {"mark": mark, "stalled": stalled}


def _check(page: Any, name: str) -> list[str]:
    shots = os.environ.get("KHCN_SHOTS_DIR")
    if shots:
        page.screenshot(path=str(Path(shots) / f"{name}.png"), full_page=True)
    found = Axe().run(page).response["violations"]
    return [f"{name}: {v['id']} ({v['impact']})" for v in found if v["impact"] in ("serious", "critical")]


def test_pages_pass_axe_on_desktop_and_phone(browser, browser_context_args, live_server, dossiers):  # type: ignore[no-untyped-def]
    failures = []
    for size, viewport in SIZES.items():
        context = browser.new_context(**{**browser_context_args, "viewport": viewport})
        page = context.new_page()
        sign_in(page, live_server.url, "chuyenvien")
        for name, path in (
            ("ip-list", "/products/ip/"),
            ("ip-detail", dossiers["mark"].get_absolute_url()),
            ("ip-stalled", dossiers["stalled"].get_absolute_url()),
            ("ocop-list", "/products/ocop/"),
        ):
            page.goto(live_server.url + path)
            failures += _check(page, f"{name}-{size}")
        context.close()
    assert not failures, "axe found serious or critical violations:\n" + "\n".join(failures)


def test_officer_moves_a_dossier_and_is_asked_before_a_refusal(page, live_server, dossiers):  # type: ignore[no-untyped-def]
    sign_in(page, live_server.url, "chuyenvien")
    page.goto(live_server.url + dossiers["stalled"].get_absolute_url())
    assert page.get_by_text("quá thời hạn 30 ngày").is_visible()
    page.get_by_label("Giai đoạn mới").select_option(label="Thẩm định hình thức")
    page.get_by_label("Ngày tháng").fill("15/06/2026")
    page.get_by_role("button", name="Ghi nhận chuyển giai đoạn").click()
    page.get_by_text("Đã chuyển hồ sơ sang giai đoạn “Thẩm định hình thức”.").wait_for()
    page.get_by_label("Giai đoạn mới").select_option(label="Bị từ chối")
    page.get_by_label("Ngày tháng").fill("20/06/2026")
    page.get_by_role("button", name="Ghi nhận chuyển giai đoạn").click()
    page.get_by_role("heading", name="Đóng hồ sơ?").wait_for()
    page.get_by_role("button", name="Có, đóng hồ sơ").click()
    page.get_by_text("Đã chuyển hồ sơ sang giai đoạn “Bị từ chối”.").wait_for()
