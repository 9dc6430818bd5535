"""Metrology registers: verification due dates and alerts with the time pinned, scope, pages."""

from datetime import date

import pytest
import time_machine
from django.test import override_settings

from khcn.geo.tests.factories import OrganisationFactory
from khcn.metrology.models import Instrument, InstrumentKind, Laboratory, Result, Verification, add_months
from khcn.metrology.reminders import accreditation_alerts_send, verification_alerts_send
from khcn.metrology.services import verification_save
from khcn.notifications.models import Notification, NotificationKind

pytestmark = pytest.mark.django_db
NOON = "2026-04-01 09:00 +07:00"


@pytest.fixture
def instrument(ward_a):  # type: ignore[no-untyped-def]
    kind = InstrumentKind.objects.create(name="Cột đo xăng dầu", cycle_months=12)
    org = OrganisationFactory.create(unit=ward_a, name="Cửa hàng xăng dầu Mê Linh")
    return Instrument.objects.create(kind=kind, serial="CD-001", organisation=org, unit=ward_a)


def _verify(user, instrument, day, result=Result.PASS):  # type: ignore[no-untyped-def]
    return verification_save(
        user=user,
        instance=None,
        expected_version=None,
        fields={
            "instrument": instrument,
            "verified_on": day,
            "body": "Trung tâm Kỹ thuật TĐC",
            "result": result,
            "certificate": "TEM-1" if result == Result.PASS else "",
        },
    )


def test_add_months_keeps_the_month_end() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 14) == date(2028, 1, 15)


def test_next_due_follows_the_kinds_cycle_and_a_failure_clears_it(instrument, dept_officer):  # type: ignore[no-untyped-def]
    with time_machine.travel(NOON, tick=False):
        v = _verify(dept_officer, instrument, date(2025, 6, 10))
    assert v.next_due_on == date(2026, 6, 10)
    instrument.refresh_from_db()
    assert instrument.next_due_on == date(2026, 6, 10)
    with time_machine.travel(NOON, tick=False):
        _verify(dept_officer, instrument, date(2026, 3, 1), Result.FAIL)
    instrument.refresh_from_db()
    assert instrument.next_due_on is None


@override_settings(KHCN_VERIFICATION_NOTICE_DAYS=30)
def test_verification_alerted_when_due_and_when_overdue(instrument, dept_officer, officer_a, officer_b):  # type: ignore[no-untyped-def]
    with time_machine.travel("2025-08-01 09:00 +07:00", tick=False):
        _verify(dept_officer, instrument, date(2025, 4, 20))  # due 20/04/2026
    with time_machine.travel("2026-03-01 09:00 +07:00", tick=False):
        assert verification_alerts_send() == 0  # 50 days ahead: not yet
    with time_machine.travel(NOON, tick=False):
        assert verification_alerts_send() == 1
        assert verification_alerts_send() == 0
    notes = Notification.objects.filter(kind=NotificationKind.VERIFICATION_DUE)
    assert {n.recipient for n in notes} == {dept_officer, officer_a}
    with time_machine.travel("2026-04-21 09:00 +07:00", tick=False):
        assert verification_alerts_send() == 1  # overdue now
        assert verification_alerts_send() == 0
    with time_machine.travel("2026-04-22 09:00 +07:00", tick=False):
        _verify(dept_officer, instrument, date(2026, 4, 22))
        assert verification_alerts_send() == 0  # verified again: due in a year


@override_settings(KHCN_LAB_ACCREDITATION_NOTICE_DAYS=90)
def test_lab_accreditation_expiring_is_alerted(ward_a, dept_officer):  # type: ignore[no-untyped-def]
    org = OrganisationFactory.create(unit=ward_a)
    Laboratory.objects.create(
        name="Phòng thử nghiệm",
        organisation=org,
        unit=ward_a,
        fields_covered="Cơ, điện",
        accreditation="VILAS 123",
        accreditation_expires_on=date(2026, 6, 1),
    )
    with time_machine.travel(NOON, tick=False):
        assert accreditation_alerts_send() == 1
        assert accreditation_alerts_send() == 0
    assert Notification.objects.get(kind=NotificationKind.LAB_ACCREDITATION).recipient == dept_officer


def test_due_filter_lists_exactly_the_overdue(client, instrument, dept_officer, ward_a):  # type: ignore[no-untyped-def]
    Instrument.objects.filter(pk=instrument.pk).update(next_due_on=date(2026, 3, 1))
    fine = Instrument.objects.create(
        kind=instrument.kind,
        serial="CD-002",
        organisation=instrument.organisation,
        unit=ward_a,
        next_due_on=date(2027, 1, 1),
    )
    client.force_login(dept_officer)
    with time_machine.travel(NOON, tick=False):
        body = client.get("/metrology/instruments/?due=overdue").content.decode()
    assert "CD-001" in body and fine.serial not in body


def test_commune_officer_sees_own_and_cannot_write(client, instrument, officer_a, officer_b):  # type: ignore[no-untyped-def]
    client.force_login(officer_b)
    assert "CD-001" not in client.get("/metrology/instruments/").content.decode()
    assert client.get(f"/metrology/instruments/{instrument.pk}/").status_code == 404
    client.force_login(officer_a)
    assert client.get(f"/metrology/instruments/{instrument.pk}/").status_code == 200
    response = client.post("/metrology/verifications/new/", {"instrument": instrument.pk})
    assert response.status_code == 403
    assert not Verification.objects.exists()


def test_verification_page_computes_the_due_date(client, instrument, dept_officer):  # type: ignore[no-untyped-def]
    client.force_login(dept_officer)
    with time_machine.travel(NOON, tick=False):
        response = client.post(
            "/metrology/verifications/new/",
            {
                "instrument": instrument.pk,
                "verified_on": "15/03/2026",
                "body": "Trung tâm",
                "result": "pass",
                "certificate": "T-9",
            },
        )
    assert response.status_code == 302
    assert Verification.objects.get().next_due_on == date(2027, 3, 15)


def test_lists_and_exports(client, instrument, dept_officer, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(dept_officer)
    for url in (
        "/metrology/instruments/",
        "/metrology/verifications/",
        "/metrology/announcements/",
        "/metrology/laboratories/",
        "/metrology/kinds/",
    ):
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200
    ws = load_workbook(BytesIO(client.get("/metrology/instruments/?export=xlsx").content)).active
    assert "CD-001" in [c for row in ws.iter_rows(values_only=True) for c in row]


def test_instrument_import_is_atomic_and_reports_bad_rows(client, instrument, dept_officer):  # type: ignore[no-untyped-def]
    from io import BytesIO

    from openpyxl import Workbook

    def workbook(rows):  # type: ignore[no-untyped-def]
        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = "Phương tiện đo"
        for row in rows:
            ws.append(row)
        buffer = BytesIO()
        wb.save(buffer)
        buffer.seek(0)
        buffer.name = "x.xlsx"
        return buffer

    header = [
        "Loại phương tiện đo",
        "Kiểu, nhãn hiệu",
        "Số sản xuất",
        "Tổ chức sở hữu",
        "Xã/phường",
        "Nơi sử dụng",
        "Tình trạng",
    ]
    org = instrument.organisation.name
    client.force_login(dept_officer)
    bad = workbook(
        [
            header,
            ["Cột đo xăng dầu", "", "CD-100", org, "Mê Linh", "", "in_use"],
            ["Cột đo xăng dầu", "", "CD-101", org, "Mê Linh", "", "broken"],
        ]
    )
    response = client.post("/metrology/instruments/import/", {"file": bad})
    assert response.status_code == 422 and "Tình trạng" in response.content.decode()
    assert Instrument.objects.count() == 1  # nothing saved
    good = workbook([header, ["cot do xang dau", "", "CD-100", org, "Mê Linh", "", "in_use"]])
    assert client.post("/metrology/instruments/import/", {"file": good}).status_code == 200
    assert Instrument.objects.filter(serial="CD-100", unit=instrument.unit).exists()


def test_instrument_page_lists_its_inspections(client, instrument, dept_officer):  # type: ignore[no-untyped-def]
    from khcn.enforcement.models import Inspection

    inspection = Inspection.objects.create(
        organisation=instrument.organisation,
        unit=instrument.unit,
        area="metrology",
        record_id=instrument.pk,
        starts_on=date(2026, 2, 1),
    )
    client.force_login(dept_officer)
    assert inspection.get_absolute_url() in client.get(instrument.get_absolute_url()).content.decode()
