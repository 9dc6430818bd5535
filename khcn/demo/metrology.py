"""Demo: standards, metrology and quality (issue 18, item 7).

Seed 001 names the statutory work: "thực hiện các quy định của pháp luật về tiêu chuẩn, đo
lường, chất lượng". Seed 004: the Department asked the city to invest in infrastructure and
modern equipment for verification, calibration and testing (kiểm định, hiệu chuẩn, thử
nghiệm); the laboratories below carry that request in their capacity notes. The instrument
kinds and cycles are illustrative (unconfirmed) and every record is invented, flagged `is_demo`.
"""

from datetime import timedelta
from typing import Any

from django.db import transaction

from khcn.demo.clock import today
from khcn.demo.radiation import demo_commune, demo_organisation, demo_stamp
from khcn.metrology.models import (
    Announcement,
    AnnouncementKind,
    Instrument,
    InstrumentKind,
    Laboratory,
    Result,
    Verification,
)
from khcn.metrology.services import instrument_due_refresh

SEED_004_REQUEST = (
    "Sở kiến nghị Thành phố đầu tư xây dựng cơ sở hạ tầng, trang thiết bị, công nghệ hiện đại phục vụ kiểm định, "
    "hiệu chuẩn, thử nghiệm thuộc lĩnh vực tiêu chuẩn đo lường chất lượng (theo bài viết)."
)


@transaction.atomic
def metrology_demo_load(*, officer: Any) -> None:
    """Instrument kinds, instruments with verifications, announcements, laboratories."""
    now = today()
    kinds = {}
    for name, months in [
        ("Cột đo nhiên liệu (demo)", 12),
        ("Công tơ điện xoay chiều 1 pha (demo)", 60),
        ("Cân ô tô (demo)", 12),
        ("Huyết áp kế (demo)", 12),
    ]:
        kinds[name] = InstrumentKind.objects.filter(name=name).first() or demo_stamp(
            InstrumentKind(name=name, cycle_months=months, note="Chu kỳ minh họa, chưa đối chiếu văn bản"),
            officer,
            now - timedelta(days=1000),
        )
    station = demo_organisation("Cửa hàng xăng dầu Mê Linh (demo)", demo_commune("Mê Linh"))
    weighbridge = demo_organisation("Trạm cân Quang Minh (demo)", demo_commune("Quang Minh"))
    rows = [
        # kind, serial, owner, verified days ago (None: never), result
        ("Cột đo nhiên liệu (demo)", "CD-0001", station, 350, Result.PASS),  # due within the notice period
        ("Cột đo nhiên liệu (demo)", "CD-0002", station, 380, Result.PASS),  # overdue
        ("Cột đo nhiên liệu (demo)", "CD-0003", station, 90, Result.PASS),
        ("Cân ô tô (demo)", "CO-60T-17", weighbridge, 200, Result.PASS),
        ("Cân ô tô (demo)", "CO-80T-02", weighbridge, 40, Result.FAIL),
    ]
    for kind, serial, owner, ago, result in rows:
        instrument = Instrument.objects.filter(serial=serial, organisation=owner).first()
        if instrument is None:
            instrument = demo_stamp(
                Instrument(kind=kinds[kind], serial=serial, organisation=owner, unit=owner.unit, location="Tại cơ sở"),
                officer,
                now - timedelta(days=ago + 30),
            )
            v = Verification(
                instrument=instrument,
                verified_on=now - timedelta(days=ago),
                body="Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng (demo)",
                result=result,
                certificate=f"TEM-{serial}" if result == Result.PASS else "",
            )
            v.compute_next_due()
            demo_stamp(v, officer, v.verified_on)
            instrument_due_refresh(instrument=instrument)
    for number, kind, product, code, ago in [
        ("DEMO-HQ-01/2026", AnnouncementKind.REGULATION, "Thép cốt bê tông", "QCVN 7:2019/BKHCN", 30),
        ("DEMO-HQ-02/2026", AnnouncementKind.REGULATION, "Đồ chơi trẻ em", "QCVN 3:2019/BKHCN", 75),
        ("DEMO-HC-03/2026", AnnouncementKind.STANDARD, "Nước mắm truyền thống", "TCVN 5107:2018", 12),
    ]:
        if not Announcement.objects.filter(number=number).exists():
            org = demo_organisation(f"Doanh nghiệp công bố {product.lower()} (demo)", demo_commune("Tiến Thắng"))
            demo_stamp(
                Announcement(
                    organisation=org,
                    unit=org.unit,
                    kind=kind,
                    product=product,
                    standard_code=code,
                    number=number,
                    received_on=now - timedelta(days=ago),
                ),
                officer,
                now - timedelta(days=ago),
            )
    lab_org = demo_organisation("Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng (demo)", demo_commune("Mê Linh"))
    for name, vilas, expires_in in [
        ("Phòng thử nghiệm vật liệu xây dựng (demo)", "VILAS 901", 60),
        ("Phòng hiệu chuẩn khối lượng và áp suất (demo)", "VILAS 902", 500),
    ]:
        if not Laboratory.objects.filter(name=name).exists():
            demo_stamp(
                Laboratory(
                    name=name,
                    organisation=lab_org,
                    unit=lab_org.unit,
                    fields_covered="Cơ, lý vật liệu xây dựng; khối lượng; áp suất",
                    accreditation=vilas,
                    accreditation_expires_on=now + timedelta(days=expires_in),
                    capacity=SEED_004_REQUEST,
                ),
                officer,
                now - timedelta(days=400),
            )
