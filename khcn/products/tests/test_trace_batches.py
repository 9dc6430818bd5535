"""Batches and their checks: the services (scope, lot unique per product, stale edits) and the
signed-in pages (create, edit, delete with confirmation, checks, scan counts, ward scoping)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from khcn.core.concurrency import StaleObjectError
from khcn.products.models import Batch, BatchCheck, CheckKind, ScanDay
from khcn.products.services import trace as services
from khcn.products.tests.factories import BatchFactory, ProductFactory

pytestmark = pytest.mark.django_db
DAY = datetime(2026, 12, 3, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def product_a(ward_a):  # type: ignore[no-untyped-def]
    return ProductFactory.create(unit=ward_a, name="Rau an toàn Đông Cao", is_published=True)


@pytest.fixture
def product_b(ward_b):  # type: ignore[no-untyped-def]
    return ProductFactory.create(unit=ward_b, name="Rau gia vị Tiến Thắng", is_published=True)


def test_officer_records_a_batch_of_own_commune_with_history(officer_a, product_a):
    batch = services.batch_create(
        user=officer_a, product=product_a, lot=" L-01 ", produced_on=date(2026, 11, 1), inputs="Giống F1"
    )
    assert batch.lot == "L-01"
    assert batch.created_by == officer_a
    assert batch.history.get().history_user == officer_a


def test_lot_is_unique_per_product_only(officer_a, product_a, ward_a):
    services.batch_create(user=officer_a, product=product_a, lot="L-01", produced_on=date(2026, 11, 1))
    with pytest.raises(ValidationError) as error:
        services.batch_create(user=officer_a, product=product_a, lot="L-01", produced_on=date(2026, 11, 2))
    assert error.value.error_dict["lot"][0].code == services.LOT_TAKEN
    other = ProductFactory.create(unit=ward_a)
    assert services.batch_create(user=officer_a, product=other, lot="L-01", produced_on=date(2026, 11, 2)).pk


def test_dates_and_lot_format_are_checked(officer_a, product_a):
    with pytest.raises(ValidationError) as error:
        services.batch_create(
            user=officer_a, product=product_a, lot="lô 1", produced_on=date(2026, 11, 2), packed_on=date(2026, 11, 1)
        )
    assert set(error.value.error_dict) == {"lot", "packed_on"}


def test_officer_of_another_commune_cannot_write_batches(officer_b, officer_a, product_a):
    with pytest.raises(PermissionDenied):
        services.batch_create(user=officer_b, product=product_a, lot="L-01", produced_on=date(2026, 11, 1))
    batch = BatchFactory.create(product=product_a)
    with pytest.raises(PermissionDenied):
        services.batch_update(user=officer_b, batch=batch, expected_version=batch.version)
    with pytest.raises(PermissionDenied):
        services.batch_delete(user=officer_b, batch=batch)
    with pytest.raises(PermissionDenied):
        services.batch_check_add(
            user=officer_b, batch=batch, kind=CheckKind.TEST, on=date(2026, 11, 2), by="X", result="Đạt"
        )


def test_stale_edit_is_refused(officer_a, dept_officer, product_a):
    batch = services.batch_create(user=officer_a, product=product_a, lot="L-01", produced_on=date(2026, 11, 1))
    mine, theirs = Batch.objects.get(pk=batch.pk), Batch.objects.get(pk=batch.pk)
    theirs.distributor = "Siêu thị A"
    services.batch_update(user=dept_officer, batch=theirs, expected_version=1)
    mine.distributor = "Siêu thị B"
    with pytest.raises(StaleObjectError):
        services.batch_update(user=officer_a, batch=mine, expected_version=1)
    assert Batch.objects.get(pk=batch.pk).distributor == "Siêu thị A"


def test_checks_are_added_and_removed(officer_a, product_a):
    batch = BatchFactory.create(product=product_a)
    check = services.batch_check_add(
        user=officer_a, batch=batch, kind=CheckKind.INSPECTION, on=date(2026, 11, 3), by="  Đội  QLTT ", result="Đạt"
    )
    assert check.by == "Đội QLTT"
    services.batch_check_remove(user=officer_a, check=check)
    assert not BatchCheck.objects.exists()


# -- pages --------------------------------------------------------------------------------------


@time_machine.travel(DAY, tick=False)
def test_create_edit_and_delete_a_batch_through_the_pages(client, officer_a, product_a):
    client.force_login(officer_a)
    response = client.post(
        reverse("products:batch_create", args=[product_a.pk]),
        {"lot": "DC-01", "produced_on": "20/11/2026", "quantity": "1200", "quantity_unit": "kg", "is_published": "on"},
    )
    batch = Batch.objects.get()
    assert response.status_code == 302 and response["Location"] == batch.get_absolute_url()
    again = client.post(
        reverse("products:batch_create", args=[product_a.pk]), {"lot": "DC-01", "produced_on": "21/11/2026"}
    )
    assert again.status_code == 422
    assert "đã có lô hàng mang số lô này" in again.content.decode()

    response = client.post(
        reverse("products:batch_edit", args=[batch.pk]),
        {"lot": "DC-01", "produced_on": "20/11/2026", "distributor": "Chợ Long Biên", "loaded_version": "1"},
    )
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.distributor == "Chợ Long Biên" and batch.version == 2 and not batch.is_published
    stale = client.post(
        reverse("products:batch_edit", args=[batch.pk]),
        {"lot": "DC-01", "produced_on": "20/11/2026", "distributor": "Khác", "loaded_version": "1"},
    )
    assert stale.status_code == 422

    page = client.get(batch.get_absolute_url()).content.decode()
    assert "Chợ Long Biên" in page and "Lịch sử thay đổi" in page

    confirm = client.get(reverse("products:batch_delete", args=[batch.pk]))
    assert confirm.status_code == 200 and "Xóa lô DC-01" in confirm.content.decode()
    assert Batch.objects.exists()
    client.post(reverse("products:batch_delete", args=[batch.pk]))
    assert not Batch.objects.exists()


@time_machine.travel(DAY, tick=False)
def test_checks_through_the_batch_page(client, officer_a, product_a):
    batch = BatchFactory.create(product=product_a)
    client.force_login(officer_a)
    response = client.post(
        reverse("products:batch_check_add", args=[batch.pk]),
        {"kind": "test", "on": "25/11/2026", "by": "Trung tâm Kiểm nghiệm", "result": "Đạt", "passed": "on"},
    )
    assert response.status_code == 302
    check = batch.checks.get()
    bad = client.post(reverse("products:batch_check_add", args=[batch.pk]), {"kind": "test", "on": "", "by": ""})
    assert bad.status_code == 422
    assert client.get(reverse("products:batch_check_delete", args=[batch.pk, check.pk])).status_code == 200
    client.post(reverse("products:batch_check_delete", args=[batch.pk, check.pk]))
    assert not batch.checks.exists()


@time_machine.travel(DAY, tick=False)
def test_batch_page_shows_scans_total_and_last_30_days(client, officer_a, product_a):
    batch = BatchFactory.create(product=product_a)
    for day, count in [(date(2026, 12, 3), 3), (date(2026, 11, 4), 2), (date(2026, 11, 3), 10)]:
        ScanDay.objects.create(product=product_a, batch=batch, day=day, count=count)
    ScanDay.objects.create(product=product_a, day=date(2026, 12, 3), count=40)
    client.force_login(officer_a)
    page = client.get(batch.get_absolute_url()).content.decode()
    assert "Lượt quét: 15 lượt, trong đó 5 lượt trong 30 ngày qua." in page


@time_machine.travel(DAY, tick=False)
def test_product_batches_partial_lists_latest_and_scan_counts(officer_a, product_a):
    batches = [BatchFactory.create(product=product_a, lot=f"L-{n}") for n in range(3)]
    ScanDay.objects.create(product=product_a, day=date(2026, 12, 1), count=7)
    request = RequestFactory().get("/")
    request.user = officer_a
    html = render_to_string(
        "products/_product_batches.html",
        {"product": product_a, "batches": batches[:2], "batch_count": 3, "can_change_batch": True},
        request=request,
    )
    assert "3 lô hàng" in html and "L-0" in html and "L-2" not in html
    assert reverse("products:batch_list", args=[product_a.pk]) in html  # more than shown: a link to all
    assert reverse("products:batch_create", args=[product_a.pk]) in html
    assert reverse("products:labels_pdf", args=[product_a.pk]) + f"?batch={batches[0].pk}" in html
    assert "Lượt quét: 7 lượt, trong đó 7 lượt trong 30 ngày qua." in html


def test_ward_b_officer_cannot_see_or_write_ward_a_batches(client, officer_b, product_a):
    batch = BatchFactory.create(product=product_a)
    check = BatchCheck.objects.create(batch=batch, kind=CheckKind.TEST, on=date(2026, 11, 2), by="X", result="Đạt")
    client.force_login(officer_b)
    for name, args in [
        ("products:batch_list", [product_a.pk]),
        ("products:batch_create", [product_a.pk]),
        ("products:batch_detail", [batch.pk]),
        ("products:batch_edit", [batch.pk]),
        ("products:batch_delete", [batch.pk]),
        ("products:batch_check_delete", [batch.pk, check.pk]),
        ("products:product_qr", [product_a.pk, "png"]),
        ("products:batch_qr", [batch.pk, "svg"]),
        ("products:labels_pdf", [product_a.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404, name
    assert client.post(reverse("products:batch_delete", args=[batch.pk])).status_code == 404
    assert client.post(reverse("products:batch_check_add", args=[batch.pk]), {}).status_code == 404
    assert Batch.objects.filter(pk=batch.pk).exists()


def test_ward_a_officer_sees_own_batches(client, officer_a, product_a, product_b):
    BatchFactory.create(product=product_a, lot="MINE-1")
    client.force_login(officer_a)
    page = client.get(reverse("products:batch_list", args=[product_a.pk])).content.decode()
    assert "MINE-1" in page
    assert client.get(reverse("products:batch_list", args=[product_b.pk])).status_code == 404


def test_batch_detail_costs_a_constant_number_of_queries(client, officer_a, product_a):
    small = BatchFactory.create(product=product_a)
    big = BatchFactory.create(product=product_a)
    for n in range(6):
        BatchCheck.objects.create(batch=big, kind=CheckKind.TEST, on=date(2026, 11, 2), by=f"Lab {n}", result="Đạt")
    client.force_login(officer_a)
    client.get(small.get_absolute_url())
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for batch in (small, big):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(batch.get_absolute_url()).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1]
