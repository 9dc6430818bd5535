"""The products board: the figures of each section, the stall rule at its edges, scope, the
exports and a number of queries that does not grow with the data."""

from datetime import date, datetime, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from khcn.geo.models import AdminUnit, UnitLevel
from khcn.products import board
from khcn.products.models import IpAsset, IpKind, IpStage, IpStageEvent, ProductCategory
from khcn.products.tests.factories import IpAssetFactory, OcopRatingFactory, ProductFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 3)
NOON = datetime(2026, 12, 3, 12, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
URL = reverse("products:board")


@pytest.fixture(autouse=True)
def _today():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOON, tick=False):
        yield


def _asset(unit: AdminUnit, kind: str, stages: list[tuple[str, date]], **extra) -> IpAsset:  # type: ignore[no-untyped-def]
    stage, since = stages[-1]
    asset = IpAssetFactory.create(unit=unit, kind=kind, stage=stage, stage_since=since, **extra)
    for s, on in stages:
        IpStageEvent.objects.create(asset=asset, stage=s, on=on)
    return asset


@pytest.fixture
def data(ward_a, ward_b):  # type: ignore[no-untyped-def]
    """Ward A: 2 food products and a handicraft, a mark filed and a mark granted; ward B: a
    beverage, a geographical indication 216 days in substantive examination (limit 180)."""
    buoi = ProductFactory.create(unit=ward_a, name="Bưởi đỏ Đông Cao", category=ProductCategory.FOOD)
    rau = ProductFactory.create(unit=ward_a, name="Rau Đông Cao", category=ProductCategory.FOOD)
    ProductFactory.create(unit=ward_a, name="Mây tre đan", category=ProductCategory.HANDICRAFT)
    ruou = ProductFactory.create(unit=ward_b, name="Rượu nếp Quang Minh", category=ProductCategory.BEVERAGE)
    _asset(
        ward_a,
        IpKind.COLLECTIVE_MARK,
        [(IpStage.SURVEY, date(2026, 1, 1)), (IpStage.DOSSIER, date(2026, 2, 1)), (IpStage.FILED, date(2026, 11, 20))],
        name="Rau Đông Cao",
    )
    gi = _asset(
        ward_b,
        IpKind.GEOGRAPHICAL_INDICATION,
        [
            (IpStage.SURVEY, date(2026, 1, 11)),
            (IpStage.DOSSIER, date(2026, 2, 1)),
            (IpStage.FILED, date(2026, 3, 1)),
            (IpStage.FORMAL_EXAM, date(2026, 3, 15)),
            (IpStage.PUBLISHED, date(2026, 4, 1)),
            (IpStage.SUBSTANTIVE_EXAM, date(2026, 5, 1)),
        ],
        name="Rượu nếp Quang Minh",
    )
    _asset(
        ward_a,
        IpKind.COLLECTIVE_MARK,
        [(IpStage.SURVEY, date(2026, 1, 1)), (IpStage.DOSSIER, date(2026, 1, 11)), (IpStage.GRANTED, date(2026, 6, 1))],
        name="Bưởi đỏ Đông Cao",
        granted_on=date(2026, 6, 1),
    )
    # Bưởi: rated 3 stars in 2022 (expired), 4 stars in 2025 (valid): the latest counts.
    OcopRatingFactory.create(
        product=buoi, stars=3, decision_date=date(2022, 6, 1), valid_until=date(2025, 6, 1), rating_year=2022
    )
    OcopRatingFactory.create(product=buoi, stars=4, decision_date=date(2025, 6, 10), valid_until=date(2028, 6, 10))
    # Rau: 5 stars ending on 15/01/2027, within the 90 days' notice. Rượu: 3 stars, expired.
    OcopRatingFactory.create(product=rau, stars=5, decision_date=date(2024, 1, 15), valid_until=date(2027, 1, 15))
    OcopRatingFactory.create(product=ruou, stars=3, decision_date=date(2023, 10, 1), valid_until=date(2026, 10, 1))
    return {"gi": gi}


def _stage(result: board.Board, stage: str) -> board.StageRow:
    return next(s for s in result.stages if s.stage == stage)


def test_products_by_commune_and_category(dept_officer, data, ward_a, ward_b):
    result = board.product_board(user=dept_officer, unit=None, today=TODAY)
    rows = {r.name: (r.counts, r.total) for r in result.communes}
    assert rows == {"Xã Mê Linh": ([2, 0, 0, 1, 0, 0], 3), "Xã Quang Minh": ([0, 1, 0, 0, 0, 0], 1)}
    assert result.category_totals == [2, 1, 0, 1, 0, 0] and result.total == 4
    me_linh = next(r for r in result.communes if r.unit_id == ward_a.pk)
    assert [p["name"] for p in me_linh.products] == ["Bưởi đỏ Đông Cao", "Mây tre đan", "Rau Đông Cao"]
    point = next(p for p in result.map_points if p["name"] == "Xã Mê Linh")
    assert point["total"] == 3 and point["lat"] == ward_a.latitude and point["more"] == 0


def test_ip_pipeline_counts_and_days_per_stage(dept_officer, data):
    result = board.product_board(user=dept_officer, unit=None, today=TODAY)
    assert [(s.stage, s.count) for s in result.stages if s.count] == [
        ("filed", 1),
        ("substantive_exam", 1),
        ("granted", 1),
    ]
    survey = _stage(result, IpStage.SURVEY)  # 31, 21 and 10 days
    assert (survey.mean_days, survey.median_days) == (20.7, 21.0)
    dossier = _stage(result, IpStage.DOSSIER)  # 292, 28 and 141 days
    assert (dossier.mean_days, dossier.median_days) == (153.7, 141.0)
    filed = _stage(result, IpStage.FILED)  # 14 days, and 13 days so far for the open one
    assert (filed.mean_days, filed.median_days) == (13.5, 13.5)
    assert _stage(result, IpStage.SUBSTANTIVE_EXAM).mean_days == 216
    assert _stage(result, IpStage.GRANTED).mean_days is None, "an end stage takes no time"
    assert [a.name for a in result.stalled] == ["Rượu nếp Quang Minh"]
    assert result.stalled[0].days_in_stage == 216 and result.stalled[0].limit_days == 180
    assert _stage(result, IpStage.SUBSTANTIVE_EXAM).stalled == 1


def test_ocop_by_stars_and_expiry_counts_the_latest_rating(dept_officer, data):
    result = board.product_board(user=dept_officer, unit=None, today=TODAY)
    assert [(r.stars, r.valid, r.expiring, r.expired) for r in result.ocop] == [
        (3, 0, 0, 1),
        (4, 1, 0, 0),
        (5, 0, 1, 0),
    ]
    assert result.ocop_totals.total == 3


@pytest.mark.parametrize(
    ("kind", "stage", "limit"),
    [
        (IpKind.COLLECTIVE_MARK, IpStage.SURVEY, 90),
        (IpKind.COLLECTIVE_MARK, IpStage.FILED, 30),
        (IpKind.GEOGRAPHICAL_INDICATION, IpStage.PUBLISHED, 270),
        (IpKind.GEOGRAPHICAL_INDICATION, IpStage.SUBSTANTIVE_EXAM, 180),
        (IpKind.COLLECTIVE_MARK, IpStage.SUBSTANTIVE_EXAM, 270),  # 9 months for a mark
    ],
)
def test_a_dossier_stalls_the_day_after_its_limit(ward_a, kind, stage, limit):
    on_limit = IpAssetFactory.create(unit=ward_a, kind=kind, stage=stage, stage_since=TODAY - timedelta(days=limit))
    past = IpAssetFactory.create(unit=ward_a, kind=kind, stage=stage, stage_since=TODAY - timedelta(days=limit + 1))
    assert board.ip_stage_limit(kind=kind, stage=stage) == limit
    assert not board.ip_is_stalled(on_limit, today=TODAY)
    assert board.ip_is_stalled(past, today=TODAY)
    stalled = IpAsset.objects.filter(board.ip_stalled_q(today=TODAY))
    assert list(stalled) == [past], "the database filter agrees with the rule"


def test_closed_dossiers_never_stall(ward_a):
    long_ago = TODAY - timedelta(days=5000)
    for kind, stage in [
        (IpKind.COLLECTIVE_MARK, IpStage.GRANTED),
        (IpKind.GEOGRAPHICAL_INDICATION, IpStage.REFUSED),
        (IpKind.ORDINARY_MARK, IpStage.WITHDRAWN),
    ]:
        asset = IpAssetFactory.create(unit=ward_a, kind=kind, stage=stage, stage_since=long_ago)
        assert not board.ip_is_stalled(asset, today=TODAY)
    assert not IpAsset.objects.filter(board.ip_stalled_q(today=TODAY)).exists()


def test_the_page_shows_every_section(client, dept_officer, data):
    client.force_login(dept_officer)
    page = client.get(URL).content.decode()
    for text in (
        "Sản phẩm theo xã và nhóm sản phẩm",
        "Hồ sơ sở hữu trí tuệ theo giai đoạn",
        "Hồ sơ sở hữu trí tuệ chậm tiến độ",
        "Sản phẩm OCOP theo số sao và hiệu lực",
        "Bản đồ sản phẩm theo xã",
    ):
        assert text in page
    assert 'id="map-points"' in page and "Rượu nếp Quang Minh" in page
    assert "leaflet/leaflet.js" in page and "js/product-map.js" in page
    assert 'data-count-text="%(n)s sản phẩm"' in page and 'data-more-text="và %(n)s sản phẩm khác"' in page
    assert 'data-tile-url=""' in page


def test_a_tile_server_is_allowed_on_the_board_alone(client, dept_officer, settings):
    settings.KHCN_MAP_TILE_URL = "https://{s}.tile.example.vn/{z}/{x}/{y}.png"
    client.force_login(dept_officer)
    response = client.get(URL)
    assert 'data-tile-url="https://{s}.tile.example.vn/{z}/{x}/{y}.png"' in response.content.decode()
    assert "https://*.tile.example.vn" in response["Content-Security-Policy"]
    home = client.get(reverse("home:home"))
    assert "tile.example.vn" not in home["Content-Security-Policy"]


def test_commune_officer_sees_only_their_commune(client, officer_a, data, ward_a, ward_b):
    client.force_login(officer_a)
    response = client.get(URL)
    assert response.status_code == 200
    result = response.context["board"]
    assert [r.unit_id for r in result.communes] == [ward_a.pk]
    assert result.stalled == [] and _stage(result, IpStage.SUBSTANTIVE_EXAM).count == 0
    assert [(r.stars, r.total) for r in result.ocop] == [(3, 0), (4, 1), (5, 1)]
    page = response.content.decode()
    assert "Rượu nếp Quang Minh" not in page and "Xã Quang Minh" not in page
    assert client.get(URL, {"unit": ward_b.pk}).status_code == 404
    assert client.get(URL, {"unit": ward_b.pk, "export": "communes"}).status_code == 404
    assert client.get(URL, {"unit": ward_a.pk}).status_code == 200
    workbook = load_workbook(BytesIO(client.get(URL, {"export": "map"}).content))
    names = [row[0] for row in workbook.active.iter_rows(min_row=3, values_only=True)]
    assert names == ["Xã Mê Linh"]


def test_department_narrows_the_board_to_a_commune(client, dept_officer, data, ward_b):
    client.force_login(dept_officer)
    result = client.get(URL, {"unit": ward_b.pk}).context["board"]
    assert [r.name for r in result.communes] == ["Xã Quang Minh"]
    assert [a.name for a in result.stalled] == ["Rượu nếp Quang Minh"]


def test_who_may_open_the_board_and_see_it_in_the_menu(client, officer_a, expert, dept_officer):
    client.force_login(expert)
    assert client.get(URL).status_code == 403
    assert URL not in client.get(reverse("home:home")).content.decode()
    for user in (officer_a, dept_officer):
        client.force_login(user)
        assert "Bảng theo dõi sản phẩm" in client.get(reverse("home:home")).content.decode()


def _sheet(client, export: str) -> list[tuple]:  # type: ignore[no-untyped-def]
    response = client.get(URL, {"export": export})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet is not None
    return list(sheet.iter_rows(values_only=True))


def test_exports_open_and_match_the_page(client, dept_officer, data):
    client.force_login(dept_officer)
    result = client.get(URL).context["board"]
    communes = _sheet(client, "communes")
    assert communes[1] == ("Xã, phường", *[label for _c, label in result.categories], "Tổng số")
    assert communes[2:] == [
        ("Xã Mê Linh", 2, 0, 0, 1, 0, 0, 3),
        ("Xã Quang Minh", 0, 1, 0, 0, 0, 0, 1),
        ("Tổng số", 2, 1, 0, 1, 0, 0, 4),
    ]
    pipeline = _sheet(client, "pipeline")
    assert [r[:3] for r in pipeline[2:]] == [(s.label, s.count, s.mean_days) for s in result.stages]
    stalled = _sheet(client, "stalled")
    assert stalled[2][0] == "Rượu nếp Quang Minh" and stalled[2][5:] == (216, 180)
    ocop = _sheet(client, "ocop")
    assert ocop[2:] == [(3, 0, 0, 1, 1), (4, 1, 0, 0, 1), (5, 0, 1, 0, 1), ("Tổng số", 1, 1, 1, 3)]
    assert _sheet(client, "map")[2][:4] == ("Xã Mê Linh", *(lambda r: (r.latitude, r.longitude))(result.communes[0]), 3)
    assert client.get(URL, {"export": "nothing"}).status_code == 404


def test_an_export_neutralises_formulas(client, dept_officer, ward_a):
    ProductFactory.create(unit=ward_a, name="=HYPERLINK(1)")
    client.force_login(dept_officer)
    sheet = load_workbook(BytesIO(client.get(URL, {"export": "map"}).content)).active
    cell = sheet.cell(row=3, column=5)
    assert cell.value == "=HYPERLINK(1)" and cell.data_type == "s"


def _communes(n: int) -> list[AdminUnit]:
    return list(AdminUnit.objects.current().filter(level=UnitLevel.COMMUNE, path__startswith="p01/")[:n])


def _fill(communes: list[AdminUnit], times: int) -> None:
    for i in range(times):
        unit = communes[i % len(communes)]
        product = ProductFactory.create(unit=unit, category=ProductCategory.values[i % 6])
        OcopRatingFactory.create(product=product, stars=3 + i % 3, valid_until=TODAY + timedelta(days=40 * i))
        _asset(
            unit,
            IpKind.COLLECTIVE_MARK if i % 2 else IpKind.GEOGRAPHICAL_INDICATION,
            [(IpStage.SURVEY, date(2026, 1, 1)), (IpStage.FILED, date(2026, 1 + i % 10, 1))],
        )


def _queries(client, *, cached: bool = False) -> int:  # type: ignore[no-untyped-def]
    if not cached:
        cache.clear()  # the board computed, not its cached rendering
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    return len(captured)


def test_the_board_costs_the_same_queries_for_ten_times_the_data(client, dept_officer):
    communes = _communes(20)
    client.force_login(dept_officer)
    _fill(communes[:2], 3)
    client.get(URL)  # the first request of the session fills process-wide caches
    small = _queries(client)
    _fill(communes, 30)
    large = _queries(client)
    assert large == small
    assert client.get(URL).context["board"].total == 33


def test_the_rendered_board_is_kept_until_a_product_changes(client, dept_officer):
    communes = _communes(3)
    client.force_login(dept_officer)
    _fill(communes, 2)
    computed = _queries(client)
    first = _section(client.get(URL).content.decode())
    cached = _queries(client, cached=True)
    assert cached < computed - 4  # the board's version is read, not the board
    assert _section(client.get(URL).content.decode()) == first
    product = ProductFactory.create(unit=communes[0], name="Chè búp Tân Cương", category=ProductCategory.BEVERAGE)
    assert _queries(client, cached=True) > cached + 4  # any change: computed again
    assert "Chè búp Tân Cương" in client.get(URL).content.decode()
    assert _queries(client, cached=True) == cached
    product.category = ProductCategory.FOOD
    product.save()
    assert _queries(client, cached=True) > cached + 4


def _section(page: str) -> str:
    start = page.index('aria-labelledby="board-communes"')
    return page[start : page.index("</section>", start)]
