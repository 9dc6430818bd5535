"""Demo: inspections and administrative sanctions (issue 18, item 9).

Seed 004: the city asked the Department to propose reforms of the administrative sanctions in
S&T ("tham mưu đổi mới về chế tài xử lý hành chính lĩnh vực khoa học công nghệ"). The
inspections, decisions and fines below are invented and flagged `is_demo`: a radiation check of
the facility whose licence expired, with a fine and a remedy deadline passed; a metrology check
of a fuel station, remedied.
"""

from datetime import timedelta
from typing import Any

from django.db import transaction

from khcn.demo.clock import today
from khcn.demo.radiation import demo_stamp
from khcn.enforcement.models import Area, Decision, Inspection, InspectionKind
from khcn.metrology.models import Instrument
from khcn.radiation.models import Facility


@transaction.atomic
def enforcement_demo_load(*, officer: Any) -> None:
    now = today()
    dental = Facility.objects.filter(is_demo=True, name__startswith="Phòng chụp X-quang nha khoa").first()
    pump = Instrument.objects.filter(is_demo=True, serial="CD-0002").select_related("organisation").first()
    if dental is not None and not Inspection.objects.filter(decision_number="DEMO-15/QĐ-SKHCN").exists():
        inspection = demo_stamp(
            Inspection(
                organisation=dental.organisation,
                unit=dental.unit,
                area=Area.RADIATION,
                kind=InspectionKind.INSPECTION,
                record_id=dental.pk,
                decision_number="DEMO-15/QĐ-SKHCN",
                starts_on=now - timedelta(days=15),
                ends_on=now - timedelta(days=12),
                team="Thanh tra Sở (trưởng đoàn), Phòng Quản lý chuyên ngành",
                findings="Tiếp tục sử dụng thiết bị X-quang khi giấy phép đã hết hạn (demo).",
            ),
            officer,
            now - timedelta(days=15),
        )
        demo_stamp(
            Decision(
                inspection=inspection,
                number="DEMO-21/QĐ-XPHC",
                issued_on=now - timedelta(days=10),
                violation="Tiến hành công việc bức xạ khi giấy phép đã hết hạn",
                fine_vnd=25_000_000,
                remedies="Ngừng sử dụng thiết bị đến khi được gia hạn giấy phép",
                remedy_due_on=now - timedelta(days=3),
            ),
            officer,
            now - timedelta(days=10),
        )
    if pump is not None and not Inspection.objects.filter(decision_number="DEMO-09/QĐ-SKHCN").exists():
        inspection = demo_stamp(
            Inspection(
                organisation=pump.organisation,
                unit=pump.unit,
                area=Area.METROLOGY,
                kind=InspectionKind.CHECK,
                record_id=pump.pk,
                decision_number="DEMO-09/QĐ-SKHCN",
                starts_on=now - timedelta(days=60),
                ends_on=now - timedelta(days=60),
                team="Chi cục TĐC (demo)",
                findings="Cột đo quá hạn kiểm định vẫn đang sử dụng (demo).",
            ),
            officer,
            now - timedelta(days=60),
        )
        demo_stamp(
            Decision(
                inspection=inspection,
                number="DEMO-12/QĐ-XPHC",
                issued_on=now - timedelta(days=55),
                violation="Sử dụng phương tiện đo nhóm 2 quá hạn kiểm định",
                fine_vnd=7_500_000,
                remedies="Kiểm định lại cột đo",
                remedy_due_on=now - timedelta(days=25),
                remedy_done_on=now - timedelta(days=30),
            ),
            officer,
            now - timedelta(days=55),
        )
