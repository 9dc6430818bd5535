"""The public traceability pages: what they show and hide, the GS1 paths, the 404s, the
query count, the cache and the scan counter."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from khcn.products.models import ScanDay
from khcn.products.services import trace as services
from khcn.products.tests.factories import BatchFactory, ProductFactory
from khcn.products.tests.factories_trace import GTIN13, traced_product

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = datetime(2026, 12, 3, 9, tzinfo=HANOI)

pytestmark = pytest.mark.django_db

PERSONAL = ["0912345678", "an.nguyen@example.vn", "Nguyễn Văn An"]


@pytest.fixture
def traced(ward_a):  # type: ignore[no-untyped-def]
    with time_machine.travel(DAY, tick=False):
        yield traced_product(unit=ward_a, gtin=GTIN13)


def _page(client, name, code):  # type: ignore[no-untyped-def]
    return client.get(reverse(f"products_public:{name}", args=[code]))


@time_machine.travel(DAY, tick=False)
def test_product_page_shows_origin_marks_and_current_stars(client, traced, ward_a):
    response = _page(client, "product", traced.product.public_id)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bưởi đỏ Tráng Việt" in page
    assert ward_a.full_name in page
    assert "Hợp tác xã Bưởi đỏ Tráng Việt" in page
    assert "412345" in page  # the granted mark's certificate
    assert "Đang đăng ký" in page  # the open dossier
    assert "Dấu hiệu bị từ chối" not in page  # refused: not shown
    assert "OCOP 4 sao" in page and "10/06/2028" in page
    assert "OCOP 3 sao" not in page  # expired rating
    assert "00008938505974194"[-14:] in page  # GTIN-14
    assert f'href="mailto:{settings.KHCN_TRACE_REPORT_EMAIL}?subject=' in page
    assert "Tháng 11 đến tháng 2" in page


@time_machine.travel(DAY, tick=False)
def test_public_pages_hold_no_personal_data_nor_unconsented_contact(client, traced):
    for name, code in [
        ("product", traced.product.public_id),
        ("product_json", traced.product.public_id),
        ("batch", traced.batch.public_id),
        ("batch_json", traced.batch.public_id),
    ]:
        body = _page(client, name, code).content.decode()
        for secret in [*PERSONAL, "02433334444", "Thôn Đông Cao"]:
            assert secret not in body, (name, secret)


@time_machine.travel(DAY, tick=False)
def test_contact_is_shown_when_the_producer_agreed(client, traced):
    producer = traced.product.producers.get()
    producer.publish_contact = True
    producer.save()
    data = _page(client, "product_json", traced.product.public_id).json()
    assert data["product"]["producers"][0]["phone"] == "02433334444"
    assert data["product"]["producers"][0]["address"] == "Thôn Đông Cao"
    assert "representative" not in json.dumps(data)


@time_machine.travel(DAY, tick=False)
def test_batch_page_and_json_show_the_lot_and_its_checks(client, traced):
    page = _page(client, "batch", traced.batch.public_id).content.decode()
    assert "DC-2026/11" in page and "Phân hữu cơ vi sinh" in page and "Đạt QCVN 8-2:2011" in page
    assert "20/11/2026" in page
    data = _page(client, "batch_json", traced.batch.public_id).json()
    assert data["batch"]["lot"] == "DC-2026/11"
    assert data["batch"]["produced_on"] == "2026-11-20"
    assert data["batch"]["checks"][0]["by"] == "Trung tâm Kiểm nghiệm Hà Nội"
    assert data["product"]["name"] == "Bưởi đỏ Tráng Việt"
    assert [m["status"] for m in data["product"]["marks"]] == ["granted", "registering"]
    assert [r["stars"] for r in data["product"]["ocop"]] == [4]


@time_machine.travel(DAY, tick=False)
def test_unpublished_and_unknown_codes_are_the_same_404(client, ward_a):
    hidden = ProductFactory.create(unit=ward_a, is_published=False)
    hidden_batch = BatchFactory.create(product=hidden)
    shown = ProductFactory.create(unit=ward_a, is_published=True)
    unpublished_batch = BatchFactory.create(product=shown, is_published=False)
    cases = [
        ("product", hidden.public_id),
        ("product_json", hidden.public_id),
        ("batch", hidden_batch.public_id),
        ("batch_json", hidden_batch.public_id),
        ("batch", unpublished_batch.public_id),
        ("product", "ZZZZZZZZ"),
    ]
    bodies = set()
    for name, code in cases:
        response = _page(client, name, code)
        assert response.status_code == 404, (name, code)
        body = response.content.decode()
        bodies.add(body[body.index("<title>") : body.index("</title>")])  # the site's one 404 page
    assert len(bodies) == 1
    assert not ScanDay.objects.exists()


@time_machine.travel(DAY, tick=False)
def test_deleted_product_is_404(client, traced):
    traced.product.deleted_at = DAY
    traced.product.save()
    assert _page(client, "product", traced.product.public_id).status_code == 404
    assert _page(client, "batch", traced.batch.public_id).status_code == 404


@time_machine.travel(DAY, tick=False)
def test_gs1_paths_resolve_to_the_same_pages(client, traced):
    gtin14 = "0" + GTIN13
    for path in [f"/01/{gtin14}/", f"/01/{GTIN13}", f"/01/{gtin14}/21/12345", f"/01/{gtin14}/?linkType=all"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Bưởi đỏ Tráng Việt" in response.content.decode()
        assert "DC-2026/11" not in response.content.decode()
    for path in [
        f"/01/{gtin14}/10/DC-2026%2F11",
        f"/01/{GTIN13}/10/DC-2026%2F11/",
        f"/01/{gtin14}/10/DC-2026%2F11/21/778899",
        f"/01/{gtin14}/10/DC-2026%2F11/17/281231?x=1",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "DC-2026/11" in response.content.decode(), path


@time_machine.travel(DAY, tick=False)
def test_gs1_paths_with_wrong_check_digit_or_unknown_lot_are_404(client, traced):
    wrong = GTIN13[:-1] + str((int(GTIN13[-1]) + 1) % 10)
    assert client.get(f"/01/{wrong}/").status_code == 404
    assert client.get(f"/01/{wrong}/10/DC-2026%2F11").status_code == 404
    assert client.get(f"/01/0{GTIN13}/10/NO-SUCH-LOT").status_code == 404
    assert client.get("/01/1234567/").status_code == 404  # 7 digits
    traced.product.is_published = False
    traced.product.save()
    assert client.get(f"/01/0{GTIN13}/").status_code == 404


@time_machine.travel(DAY, tick=False)
def test_short_urls_without_slash_and_lower_case_codes_open_the_page(client, traced):
    assert client.get(f"/p/{traced.product.public_id}").status_code == 200
    assert client.get(f"/b/{traced.batch.public_id.lower()}").status_code == 200


def test_each_view_counts_a_scan_per_day_in_hanoi_time(client, traced):
    product, batch = traced.product, traced.batch
    with time_machine.travel(datetime(2026, 12, 3, 23, 30, tzinfo=HANOI), tick=False):
        _page(client, "product", product.public_id)
        _page(client, "product_json", product.public_id)
        _page(client, "batch", batch.public_id)
        client.get(f"/01/0{GTIN13}/")
    # 00:30 on 4 December in Hà Nội is still 3 December in UTC: a new day here.
    with time_machine.travel(datetime(2026, 12, 4, 0, 30, tzinfo=HANOI), tick=False):
        _page(client, "batch_json", batch.public_id)
        client.head(reverse("products_public:product", args=[product.public_id]))  # not counted
        client.get(
            reverse("products_public:product", args=[product.public_id]),
            HTTP_USER_AGENT="facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        )  # a link preview: not counted
    rows = {(r.batch_id, r.day.isoformat()): r.count for r in ScanDay.objects.all()}
    assert rows == {
        (None, "2026-12-03"): 4,
        (batch.pk, "2026-12-03"): 1,
        (None, "2026-12-04"): 1,
        (batch.pk, "2026-12-04"): 1,
    }


@time_machine.travel(DAY, tick=False)
@override_settings(KHCN_SCAN_FLUSH_SECONDS=3600)
def test_a_stored_page_costs_one_query_and_is_rebuilt_on_change(client, traced, django_assert_num_queries):
    code = traced.product.public_id
    try:
        assert "Bưởi đỏ Tráng Việt" in _page(client, "product", code).content.decode()
        with django_assert_num_queries(1):  # the stored page; the scan waits in memory
            page = _page(client, "product", code).content.decode()
        assert "Số lần trang này được mở: 1" in page  # the scans written so far, and this one
        assert not ScanDay.objects.exists()
    finally:
        services.SCANS.flush()
    assert ScanDay.objects.get(batch=None).count == 2
    traced.product.name = "Bưởi đỏ Tráng Việt loại 1"
    traced.product.save()
    assert "loại 1" in _page(client, "product", code).content.decode()
    rating = traced.product.ratings.get(stars=4)
    rating.stars = 5
    rating.save()
    assert "OCOP 5 sao" in _page(client, "product", code).content.decode()
    producer = traced.product.producers.get()
    producer.name = "HTX Đông Cao"
    producer.save()
    assert "HTX Đông Cao" in _page(client, "batch", traced.batch.public_id).content.decode()
    traced.product.is_published = False
    traced.product.save()
    assert _page(client, "product", code).status_code == 404
    assert _page(client, "batch_json", traced.batch.public_id).status_code == 404
    services.SCANS.flush()


@time_machine.travel(DAY, tick=False)
def test_a_page_built_from_data_older_than_the_stamp_is_never_served(traced):
    from khcn.products import trace_pages

    product = traced.product
    old = trace_pages.stamp_of(product.pk)
    product.name = "Tên mới"
    product.save()  # committed meanwhile: the stamp moves on
    page = trace_pages.StoredPage(product.pk, None, "<p>cũ</p>", "text/html", 0)
    trace_pages.page_store(
        kind="p", code=product.public_id, fmt="html", language="vi", stamp=old, today=DAY.date(), page=page
    )
    assert trace_pages.page_read(kind="p", code=product.public_id, fmt="html", language="vi", today=DAY.date()) is None
    current = trace_pages.stamp_of(product.pk)
    assert current > old
    trace_pages.page_store(
        kind="p", code=product.public_id, fmt="html", language="vi", stamp=current, today=DAY.date(), page=page
    )
    stored = trace_pages.page_read(kind="p", code=product.public_id, fmt="html", language="vi", today=DAY.date())
    assert stored is not None and stored.body == "<p>cũ</p>"
    # built on another day: rebuilt (the OCOP ratings shown depend on the day)
    tomorrow = DAY.date().replace(day=4)
    assert trace_pages.page_read(kind="p", code=product.public_id, fmt="html", language="vi", today=tomorrow) is None


@time_machine.travel(DAY, tick=False)
@override_settings(KHCN_SCAN_FLUSH_SECONDS=3600)
def test_public_pages_cost_a_constant_number_of_queries(client, ward_a):
    small = traced_product(unit=ward_a, gtin=GTIN13)
    big = traced_product(unit=ward_a, name="Hoa đào Phù Trì")
    for n in range(5):
        big.product.producers.add(services_producer(ward_a, n))
        BatchFactory.create(product=big.product)
    counts: dict[str, list[tuple[int, int]]] = {}
    try:
        for traced in (small, big):
            for name, code in [
                ("product", traced.product.public_id),
                ("product_json", traced.product.public_id),
                ("batch", traced.batch.public_id),
                ("batch_json", traced.batch.public_id),
            ]:
                built, stored = _queries(client, name, code), _queries(client, name, code)
                counts.setdefault(name, []).append((built, stored))
    finally:
        services.SCANS.flush()
    for name, (small_counts, big_counts) in counts.items():
        assert small_counts == big_counts, name
        assert small_counts[1] == 1, name  # once stored: one read
        assert 6 <= small_counts[0] <= 14, name


def _queries(client, name, code) -> int:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert _page(client, name, code).status_code == 200
    return len(captured)


@override_settings(KHCN_SCAN_FLUSH_SECONDS=3600)
def test_scans_wait_in_memory_and_are_written_together(traced):
    from khcn.products.models import TracePage

    day = DAY.date()
    TracePage.objects.create(
        kind="b", code=traced.batch.public_id, fmt="json", language="vi", product=traced.product,
        batch=traced.batch, stamp=0, built_on=day, body="{}", content_type="application/json", scans=5,
    )  # fmt: skip
    try:
        for _ in range(3):
            services.scan_record(product_id=traced.product.pk, batch_id=traced.batch.pk, day=day)
        services.scan_record(product_id=traced.product.pk, day=day)
        assert services.SCANS.pending() == 7
        assert not ScanDay.objects.exists()
    finally:
        services.SCANS.flush()
    assert services.SCANS.pending() == 0
    assert ScanDay.objects.get(batch=None).count == 4
    assert ScanDay.objects.get(batch=traced.batch).count == 3
    assert TracePage.objects.get().scans == 8  # the stored page's counter follows


@override_settings(KHCN_SCAN_FLUSH_SECONDS=3600)
def test_scans_of_a_deleted_batch_are_dropped_not_the_others(traced):
    day = DAY.date()
    other = BatchFactory.create(product=traced.product)
    other_id = other.pk
    try:
        services.scan_record(product_id=traced.product.pk, batch_id=other_id, day=day)
        services.scan_record(product_id=traced.product.pk, batch_id=traced.batch.pk, day=day)
        other.delete()
    finally:
        services.SCANS.flush()
    assert ScanDay.objects.get(batch=None).count == 2
    assert ScanDay.objects.get(batch=traced.batch).count == 1
    assert not ScanDay.objects.filter(batch_id=other_id).exists()


def services_producer(unit, n):  # type: ignore[no-untyped-def]
    from khcn.products.tests.factories import ProducerFactory

    return ProducerFactory.create(unit=unit, name=f"Hộ kinh doanh số {n}")


@pytest.mark.parametrize(
    ("agent", "counted"),
    [
        ("Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36", True),
        ("Mozilla/5.0 (Linux; Android 9; CUBOT P30) AppleWebKit/537.36 Mobile Safari/537.36", True),
        ("Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 Mobile/15E148 Zalo iOS", True),  # Zalo's QR scanner
        ("facebookexternalhit/1.1", False),
        ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", False),
        ("TelegramBot (like TwitterBot)", False),
        ("WhatsApp/2.23.20.0", False),
        ("Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", False),
    ],
)
def test_link_previews_and_robots_are_not_counted(agent, counted):
    from django.test import RequestFactory

    from khcn.products.views.public import _counts_scan

    assert _counts_scan(RequestFactory().get("/p/X/", HTTP_USER_AGENT=agent)) is counted


def test_scan_record_adds_up_on_repeated_calls(traced):
    for _ in range(3):
        services.scan_record(product_id=traced.product.pk, batch_id=traced.batch.pk, day=DAY.date())
    assert ScanDay.objects.get(batch=None).count == 3
    assert ScanDay.objects.get(batch=traced.batch).count == 3


@time_machine.travel(DAY, tick=False)
@override_settings(KHCN_SCAN_FLUSH_SECONDS=3600, KHCN_PAGE_CACHE_PUBLIC_STAMP_SECONDS=60)
def test_a_process_keeps_the_page_it_read_until_the_data_stamp_moves(client, traced, monkeypatch):
    """Outside a test's open transaction (faked here), a busy code costs no query: the process
    keeps the stored page under the data stamp; the counter adds the views it counted since; a
    committed change (the stamp raised) is served at once."""
    from khcn.core import pagecache
    from khcn.products.views import public

    monkeypatch.setattr(public, "writes_pending", lambda: False)
    code = traced.product.public_id
    try:
        assert _queries(client, "product", code) > 1  # built and stored
        first = _page(client, "product", code).content.decode()
        assert "Số lần trang này được mở: 2" in first
        assert _queries(client, "product", code) == 0
        assert "Số lần trang này được mở: 4" in _page(client, "product", code).content.decode()
        traced.product.name = "Bưởi đỏ Tráng Việt loại 1"
        traced.product.save()
        pagecache.bump_stamp()  # what the commit does outside a test
        assert "loại 1" in _page(client, "product", code).content.decode()
        with override_settings(KHCN_PAGE_CACHE_PUBLIC_STAMP_SECONDS=0):  # kept no time: read each view
            assert _queries(client, "product", code) >= 1
        with override_settings(KHCN_PAGE_CACHE_SECONDS=0):  # page cache off: nothing kept
            assert _queries(client, "product", code) >= 1
    finally:
        services.SCANS.flush()
    assert ScanDay.objects.get(batch=None).count == 7  # every view counted once
