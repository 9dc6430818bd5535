"""The counts over product records that programme indicators can be bound to (issue 14, item 7)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from khcn.core import record_counts
from khcn.geo.models import AdminUnit, UnitSuccession
from khcn.products.models import IpKind, IpStage
from khcn.products.record_counts import collective_marks_granted, products_ocop, products_traced
from khcn.products.tests.factories import IpAssetFactory, OcopRatingFactory, ProductFactory

pytestmark = pytest.mark.django_db
END = date(2026, 12, 14)
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def former_a(ward_a) -> AdminUnit:  # type: ignore[no-untyped-def]
    """A former commune that passed (partly) into ward A on 1 July 2025."""
    return UnitSuccession.objects.filter(successor=ward_a).select_related("predecessor").earliest("pk").predecessor


def _mark(unit, **extra):  # type: ignore[no-untyped-def]
    fields = {"kind": IpKind.COLLECTIVE_MARK, "stage": IpStage.GRANTED, "granted_on": date(2026, 5, 1)}
    return IpAssetFactory.create(unit=unit, stage_since=date(2026, 5, 1), **{**fields, **extra})


def test_the_products_app_registers_its_three_sources():
    keys = [key for key, _label in record_counts.source_choices()]
    assert set(keys) >= {"products.collective_marks_granted", "products.traced", "products.ocop"}
    assert record_counts.source_get("products.ocop").counter is products_ocop


def test_granted_collective_marks_of_the_unit_and_its_former_communes(ward_a, ward_b, former_a, province):
    _mark(ward_a)
    _mark(former_a)  # recorded under the commune before the reform: still the unit's
    _mark(ward_a, granted_on=date(2026, 12, 20))  # granted after the period
    _mark(ward_a, stage=IpStage.PUBLISHED, granted_on=None)
    _mark(ward_a, kind=IpKind.CERTIFICATION_MARK)
    _mark(ward_b)
    assert collective_marks_granted(ward_a, END) == 2
    assert collective_marks_granted(ward_b, END) == 1
    assert collective_marks_granted(province, END) == 3
    assert collective_marks_granted(ward_a, date(2026, 4, 30)) == 0


def test_products_with_a_public_page_by_the_end_of_the_period(ward_a, ward_b):
    ProductFactory.create(unit=ward_a, is_published=True, published_at=datetime(2026, 3, 1, 9, tzinfo=HANOI))
    ProductFactory.create(unit=ward_a, is_published=True, published_at=datetime(2027, 1, 5, 9, tzinfo=HANOI))
    ProductFactory.create(unit=ward_a, is_published=False)
    ProductFactory.create(unit=ward_b, is_published=True, published_at=datetime(2026, 3, 1, 9, tzinfo=HANOI))
    assert products_traced(ward_a, END) == 1
    assert products_traced(ward_a, date(2027, 6, 30)) == 2


def test_ocop_products_count_a_rating_in_force_at_the_end_once(ward_a):
    twice = ProductFactory.create(unit=ward_a)
    OcopRatingFactory.create(product=twice, decision_date=date(2024, 6, 1), valid_until=date(2027, 6, 1))
    OcopRatingFactory.create(product=twice, decision_date=date(2026, 6, 1), valid_until=date(2029, 6, 1))
    expired = ProductFactory.create(unit=ward_a)
    OcopRatingFactory.create(product=expired, decision_date=date(2023, 6, 1), valid_until=date(2026, 6, 1))
    later = ProductFactory.create(unit=ward_a)
    OcopRatingFactory.create(product=later, decision_date=date(2026, 12, 20), valid_until=date(2029, 12, 20))
    ProductFactory.create(unit=ward_a)  # never rated
    assert products_ocop(ward_a, END) == 1
    assert products_ocop(ward_a, date(2026, 12, 31)) == 2


def test_counts_for_calls_each_source_once(ward_a, django_assert_num_queries):
    _mark(ward_a)
    with django_assert_num_queries(2):
        counts = record_counts.counts_for(
            unit=ward_a,
            period_end=END,
            keys=["products.collective_marks_granted", "products.ocop", "products.ocop", "gone.source"],
        )
    assert counts == {"products.collective_marks_granted": 1, "products.ocop": 0}
