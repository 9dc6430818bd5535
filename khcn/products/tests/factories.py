"""Test data for local products: producers, products, IP assets, OCOP ratings and batches.

Pass `unit` (a commune of the registry, e.g. the `ward_a` fixture) to the producer, product
and IP asset factories."""

from datetime import date
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from khcn.products.models import (
    Batch,
    IpAsset,
    IpKind,
    IpStage,
    OcopRating,
    Producer,
    ProducerKind,
    Product,
    ProductCategory,
)


class ProducerFactory(DjangoModelFactory[Producer]):
    class Meta:
        model = Producer

    name = factory.Sequence(lambda n: f"Hợp tác xã nông nghiệp số {n + 1}")
    kind = ProducerKind.COOPERATIVE
    address = "Thôn Đông Cao"
    representative = "Nguyễn Văn An"
    representative_phone = "0912345678"


class ProductFactory(DjangoModelFactory[Product]):
    class Meta:
        model = Product

    name = factory.Sequence(lambda n: f"Bưởi đỏ lô thử {n + 1}")
    category = ProductCategory.FOOD
    description = "Sản phẩm thử nghiệm."


class IpAssetFactory(DjangoModelFactory[IpAsset]):
    class Meta:
        model = IpAsset

    name = factory.Sequence(lambda n: f"Nhãn hiệu tập thể số {n + 1}")
    kind = IpKind.COLLECTIVE_MARK
    owner_name = "UBND xã"
    stage = IpStage.SURVEY
    stage_since = date(2026, 3, 1)


class OcopRatingFactory(DjangoModelFactory[OcopRating]):
    class Meta:
        model = OcopRating

    stars = 4
    score = Decimal("75.0")
    rating_year = 2025
    decision_number = factory.Sequence(lambda n: f"{100 + n}/QĐ-UBND")
    decision_date = date(2025, 6, 10)
    valid_until = date(2028, 6, 10)


class BatchFactory(DjangoModelFactory[Batch]):
    class Meta:
        model = Batch

    lot = factory.Sequence(lambda n: f"L2026-{n + 1:03d}")
    produced_on = date(2026, 11, 20)
    quantity = Decimal("500")
    quantity_unit = "kg"
