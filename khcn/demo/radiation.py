"""Demo: radiation safety (issue 18, item 8).

Seed 001 names the statutory work the units report on: "quản lý an toàn bức xạ và hạt nhân".
No facility, licence or incident is named in the seeds: every record here is invented and
flagged `is_demo`. Dates are placed from the day the demo loads, so that one licence is about
to expire (alerted), one has expired (shown as such) and one was renewed.
"""

from datetime import date, timedelta
from typing import Any

from django.db import transaction

from khcn.core.history import attribute_to
from khcn.demo.clock import happened_at, moment, today
from khcn.geo.models import AdminUnit, Organisation, OrganisationKind, UnitLevel
from khcn.geo.selectors import province_get
from khcn.radiation.models import (
    Facility,
    FacilityKind,
    Incident,
    Licence,
    Severity,
    Source,
    SourceKind,
)

DEMO = " (demo)"


def demo_commune(name: str) -> AdminUnit:
    """A commune in force of the province by name, else the first one."""
    province = province_get()
    assert province is not None, "Import the unit registry first."
    communes = AdminUnit.objects.current().filter(level=UnitLevel.COMMUNE, path__startswith=province.path)
    return communes.filter(name=name).first() or communes.order_by("sort_key").first()  # type: ignore[return-value]


def demo_organisation(name: str, unit: AdminUnit, kind: str = OrganisationKind.ENTERPRISE) -> Organisation:
    org = Organisation.all_objects.filter(name=name).first()
    if org is None:
        org = Organisation(name=name, unit=unit, kind=kind, is_demo=True)
        with happened_at(moment(today() - timedelta(days=400))):  # on record well before its events
            org.save()
    return org


def demo_stamp(obj: Any, officer: Any, day: date) -> Any:
    obj.created_by = obj.updated_by = officer
    obj.is_demo = True
    attribute_to(obj, officer)
    with happened_at(moment(min(day, today()))):
        obj.full_clean()
        obj.save()
    return obj


@transaction.atomic
def radiation_demo_load(*, officer: Any) -> dict[str, Facility]:
    """Three facilities with their devices, licences and one incident. Safe to run twice."""
    now = today()
    facilities: dict[str, Facility] = {}
    facility_rows: list[tuple[str, str, str, str, str]] = [
        (
            "clinic",
            "Phòng X-quang Phòng khám đa khoa Mê Linh" + DEMO,
            "Phòng khám đa khoa Mê Linh" + DEMO,
            "Mê Linh",
            FacilityKind.MEDICAL_XRAY,
        ),
        (
            "dental",
            "Phòng chụp X-quang nha khoa Quang Minh" + DEMO,
            "Nha khoa Quang Minh" + DEMO,
            "Quang Minh",
            FacilityKind.MEDICAL_XRAY,
        ),
        (
            "plant",
            "Xưởng chụp ảnh phóng xạ mối hàn Tiến Thắng" + DEMO,
            "Công ty Cơ khí Tiến Thắng" + DEMO,
            "Tiến Thắng",
            FacilityKind.INDUSTRIAL,
        ),
    ]
    for key, name, org_name, commune, kind in facility_rows:
        unit = demo_commune(commune)
        existing = Facility.objects.filter(name=name).first()
        facilities[key] = existing or demo_stamp(
            Facility(
                name=name,
                organisation=demo_organisation(org_name, unit),
                unit=unit,
                kind=kind,
                address=f"Xã {unit.name}",
                safety_officer="Nguyễn Văn Bình",
            ),
            officer,
            now - timedelta(days=900),
        )
    sources: list[tuple[str, str, str, str, dict[str, Any]]] = [
        ("clinic", SourceKind.XRAY, "Shimadzu RADspeed", "RS-2019-114", {"kv_max": 150, "ma_max": 630}),
        ("dental", SourceKind.XRAY, "Vatech PaX-i", "PX-88213", {"kv_max": 90, "ma_max": 10}),
        (
            "plant",
            SourceKind.SEALED,
            "Máy chụp gamma Sentinel 880",
            "S880-7751",
            {"isotope": "Ir-192", "activity_gbq": 1850},
        ),
    ]
    for key, kind, model_name, serial, extra in sources:
        if not Source.objects.filter(facility=facilities[key], serial=serial).exists():
            demo_stamp(
                Source(facility=facilities[key], kind=kind, model_name=model_name, serial=serial, **extra),
                officer,
                now - timedelta(days=800),
            )
    licences = [
        # (facility, number, issued, expires): one expiring within the notice period, one expired.
        ("clinic", "DEMO-101/GP-SKHCN", now - timedelta(days=3 * 365 - 45), now + timedelta(days=45)),
        ("dental", "DEMO-102/GP-SKHCN", now - timedelta(days=3 * 365 + 20), now - timedelta(days=20)),
        ("plant", "DEMO-103/GP-SKHCN", now - timedelta(days=700), now + timedelta(days=400)),
    ]
    for key, number, issued, expires in licences:
        if not Licence.objects.filter(number=number).exists():
            demo_stamp(
                Licence(
                    facility=facilities[key],
                    number=number,
                    issued_on=issued,
                    expires_on=expires,
                    issued_by="Sở Khoa học và Công nghệ",
                    activities="Sử dụng thiết bị bức xạ theo danh mục kèm giấy phép (demo)",
                ),
                officer,
                issued,
            )
    if not Incident.objects.filter(facility=facilities["plant"]).exists():
        demo_stamp(
            Incident(
                facility=facilities["plant"],
                occurred_on=now - timedelta(days=120),
                severity=Severity.MINOR,
                description="Đèn cảnh báo tại cửa khu vực chụp không sáng khi phát tia (demo).",
                measures="Dừng chụp, thay đèn, kiểm tra lại hệ thống khóa liên động.",
            ),
            officer,
            now - timedelta(days=118),
        )
    return facilities
