"""Test data of the traceability area: a published product of a commune with a producer, a
granted mark, an open dossier, a current OCOP rating and a published batch with a check."""

from dataclasses import dataclass
from datetime import date

from khcn.geo.models import AdminUnit
from khcn.products.models import Batch, BatchCheck, CheckKind, IpStage, Product
from khcn.products.tests.factories import (
    BatchFactory,
    IpAssetFactory,
    OcopRatingFactory,
    ProducerFactory,
    ProductFactory,
)

# A valid GTIN-13 with a Vietnamese prefix (893): check digit 4.
GTIN13 = "8938505974194"


@dataclass
class Traced:
    product: Product
    batch: Batch
    check: BatchCheck


def traced_product(
    *, unit: AdminUnit, gtin: str = "", published: bool = True, name: str = "Bưởi đỏ Tráng Việt"
) -> Traced:
    producer = ProducerFactory.create(
        unit=unit,
        name="Hợp tác xã Bưởi đỏ Tráng Việt",
        phone="02433334444",
        address="Thôn Đông Cao",
        publish_contact=False,
        representative="Nguyễn Văn An",
        representative_phone="0912345678",
        representative_email="an.nguyen@example.vn",
    )
    product = ProductFactory.create(
        unit=unit, name=name, gtin=gtin, is_published=published, season="Tháng 11 đến tháng 2"
    )
    product.producers.add(producer)
    granted = IpAssetFactory.create(
        unit=unit,
        name="Bưởi đỏ Mê Linh",
        stage=IpStage.GRANTED,
        certificate_number="412345",
        granted_on=date(2024, 5, 2),
    )
    granted.products.add(product)
    pending = IpAssetFactory.create(unit=unit, name="Bưởi đỏ Tráng Việt (chỉ dẫn)", stage=IpStage.FILED)
    pending.products.add(product)
    refused = IpAssetFactory.create(unit=unit, name="Dấu hiệu bị từ chối", stage=IpStage.REFUSED)
    refused.products.add(product)
    OcopRatingFactory.create(product=product, stars=4, valid_until=date(2028, 6, 10))
    OcopRatingFactory.create(product=product, stars=3, rating_year=2021, valid_until=date(2024, 6, 10))  # expired
    batch = BatchFactory.create(
        product=product, lot="DC-2026/11", inputs="Phân hữu cơ vi sinh", steps="Thu hái, phân loại"
    )
    check = BatchCheck.objects.create(
        batch=batch,
        kind=CheckKind.TEST,
        on=date(2026, 11, 25),
        by="Trung tâm Kiểm nghiệm Hà Nội",
        result="Đạt QCVN 8-2:2011",
    )
    return Traced(product=product, batch=batch, check=check)
