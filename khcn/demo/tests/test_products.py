"""The demo's local products: the seeds' marks in today's communes, Phúc Thọ's traced products,
and alerts that fall around the day it loads (run at two more dates by `make test-dates`)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Model

from khcn.accounts.models import User
from khcn.demo.clock import today
from khcn.demo.products import Place, products_demo_load, resolve_place
from khcn.geo.models import UnitLevel
from khcn.products.models import (
    IP_STAGE_ORDER,
    Batch,
    BatchCheck,
    IpAsset,
    IpKind,
    IpStage,
    IpStageEvent,
    OcopRating,
    Producer,
    Product,
    ScanDay,
)

pytestmark = pytest.mark.django_db

COUNTED: list[type[Model]] = [Producer, Product, IpAsset, IpStageEvent, OcopRating, Batch, BatchCheck, ScanDay]

# Mark: (today's commune, the former commune the seeds name, stage).
SEED_MARKS = {
    "Rau, củ quả Đông Cao": ("Xã Mê Linh", "Xã Tráng Việt", IpStage.GRANTED),
    "Bưởi đỏ Đông Cao": ("Xã Mê Linh", "Xã Tráng Việt", IpStage.GRANTED),
    "Hoa đào Phù Trì": ("Xã Quang Minh", "Xã Kim Hoa", IpStage.GRANTED),
    "Rau gia vị Tiến Thắng": ("Xã Tiến Thắng", "Xã Tiến Thắng", IpStage.GRANTED),
    "Bánh đa nem, mỳ bún Tiến Thịnh": ("Xã Yên Lãng", "Xã Tiến Thịnh", IpStage.DOSSIER),
}


@pytest.fixture
def demo(loaded_demo, db):  # type: ignore[no-untyped-def]
    return loaded_demo


def _counts() -> dict[str, int]:
    return {model.__name__: model._default_manager.count() for model in COUNTED}


def test_the_seeds_marks_sit_in_todays_communes_and_keep_the_former_ones(demo):
    for name, (current, former, stage) in SEED_MARKS.items():
        asset = IpAsset.objects.get(name=name)
        assert asset.unit.full_name == current and asset.unit.valid_to is None, name
        assert asset.stage == stage and asset.kind == IpKind.COLLECTIVE_MARK and asset.is_demo
        for product in asset.products.all():
            assert product.unit == asset.unit
            assert product.former_unit.full_name == former and product.former_unit.valid_to is not None
            assert product.former_unit.parent.full_name == "Huyện Mê Linh"
            for producer in product.producers.all():
                assert producer.is_demo and producer.representative.endswith("(demo)")
                assert producer.unit == product.unit and producer.former_unit == product.former_unit
    tien_thinh = IpAsset.objects.get(name="Bánh đa nem, mỳ bún Tiến Thịnh")
    assert sorted(p.name for p in tien_thinh.products.all()) == ["Bánh đa nem Tiến Thịnh", "Mỳ bún Tiến Thịnh"]
    assert not tien_thinh.products.filter(is_published=True).exists(), "not public while the dossier is prepared"


def test_granted_marks_went_through_every_stage_on_dated_events(demo):
    granted = IpAsset.objects.filter(stage=IpStage.GRANTED)
    assert granted.count() == 4 + 7
    for asset in granted:
        events = list(asset.events.order_by("on", "pk"))
        assert [e.stage for e in events] == IP_STAGE_ORDER, asset.name
        assert [e.on for e in events] == sorted(e.on for e in events)
        assert asset.filed_on == events[2].on and asset.granted_on == events[-1].on < demo.day
        assert asset.application_number.endswith("(demo)") and asset.certificate_number.endswith("(demo)")
        assert asset.expires_on.year - asset.filed_on.year == settings.KHCN_IP_MARK_TERM_YEARS


def test_the_alerts_fall_around_the_day_the_demo_loads(demo):
    day = demo.day
    stalled = IpAsset.objects.get(name="Bánh đa nem, mỳ bún Tiến Thịnh")
    limit = settings.KHCN_IP_STAGE_LIMIT_DAYS[IpStage.DOSSIER]
    assert (day - stalled.stage_since).days > limit, "the dossier is stalled past its stage limit"
    assert stalled.events.last().stage == IpStage.DOSSIER and stalled.events.last().on == stalled.stage_since
    renewal = IpAsset.objects.get(name="Rau, củ quả Đông Cao")
    notice = timedelta(days=settings.KHCN_IP_RENEWAL_NOTICE_DAYS)
    assert day < renewal.expires_on <= day + notice, "due for renewal, not lapsed"
    notice = timedelta(days=settings.KHCN_OCOP_EXPIRY_NOTICE_DAYS)
    ratings = OcopRating.objects.select_related("product")
    assert all(3 <= r.stars <= 4 and r.score == r.score_a + r.score_b + r.score_c for r in ratings)
    expiring = [r.product.name for r in ratings if day <= r.valid_until <= day + notice]
    expired = [r.product.name for r in ratings if r.valid_until < day]
    assert expiring == ["Rau gia vị Tiến Thắng"]
    assert expired == ["Chuối tiêu hồng Hát Môn (demo)"]
    assert all(r.decision_number.endswith("(demo)") for r in ratings)
    assert all(r.decision_date < day for r in ratings)


def test_phuc_tho_has_seven_traced_products_and_seven_marks_all_placeholders(demo):
    products = Product.objects.filter(former_unit__parent__name="Phúc Thọ", former_unit__parent__level="district")
    assert products.count() == 7
    assert {p.unit.name for p in products} <= {"Phúc Thọ", "Phúc Lộc", "Hát Môn"}
    for product in products:
        assert product.is_demo and product.name.endswith("(demo)") and product.is_published
        assert product.unit.level == UnitLevel.COMMUNE and product.unit.valid_to is None
        batches = product.batches.all()
        assert batches and all(b.is_published and b.is_demo for b in batches)
        assert all(b.checks.exists() and demo.day - timedelta(days=200) < b.produced_on < demo.day for b in batches)
        (mark,) = product.ip_assets.all()
        assert mark.name == product.name and mark.stage == IpStage.GRANTED
    assert products.exclude(gtin="").count() == 1, "one product shows the GS1 path"
    assert ScanDay.objects.filter(product__in=products, batch__isnull=False).exists()


def test_every_demo_product_record_is_flagged(demo):
    for model in (Producer, Product, IpAsset, OcopRating, Batch):
        assert not model._default_manager.filter(is_demo=False).exists(), model.__name__
    assert Product.objects.filter(is_published=True).count() == 11
    assert Product.objects.filter(is_published=True, published_at=None).count() == 0


def test_loading_again_adds_nothing(demo):
    first = _counts()
    assert products_demo_load(officer=User.objects.get(username="chuyenvien")) == 0
    call_command("load_demo", stdout=StringIO(), stderr=StringIO())
    assert _counts() == first


def test_a_commune_missing_from_the_registry_stops_the_load(demo):
    with pytest.raises(LookupError, match="not one"):
        resolve_place(Place("Không Có", "Mê Linh", "Mê Linh"), day=today())
    with pytest.raises(LookupError, match="Yên Lãng"):
        resolve_place(Place("Kim Hoa", "Mê Linh", "Yên Lãng"), day=today())
    current, former = resolve_place(Place("Kim Hoa", "Mê Linh", "Tiến Thắng"), day=today())
    assert (current.full_name, former.full_name) == ("Xã Tiến Thắng", "Xã Kim Hoa")
