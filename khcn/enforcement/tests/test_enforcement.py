"""Inspections and sanction decisions: remedy follow-up, figures and record links."""

from datetime import date

import pytest
import time_machine

from khcn.core import city_figures
from khcn.enforcement.models import Decision, Inspection, RemedyState
from khcn.enforcement.reminders import remedy_alerts_send
from khcn.geo.tests.factories import OrganisationFactory
from khcn.notifications.models import Notification, NotificationKind

pytestmark = pytest.mark.django_db
NOON = "2026-04-01 09:00 +07:00"


@pytest.fixture
def inspection(ward_a):  # type: ignore[no-untyped-def]
    org = OrganisationFactory.create(unit=ward_a)
    return Inspection.objects.create(organisation=org, unit=ward_a, area="radiation", starts_on=date(2026, 2, 10))


def test_remedy_states_and_overdue_alert(inspection, dept_officer):  # type: ignore[no-untyped-def]
    d = Decision.objects.create(
        inspection=inspection,
        number="05/QĐ-XPHC",
        issued_on=date(2026, 2, 20),
        violation="Không có giấy phép",
        fine_vnd=20_000_000,
        remedies="Xin giấy phép",
        remedy_due_on=date(2026, 3, 20),
    )
    assert d.remedy_state(date(2026, 3, 1)) == RemedyState.PENDING
    assert d.remedy_state(date(2026, 3, 21)) == RemedyState.OVERDUE
    with time_machine.travel(NOON, tick=False):
        assert remedy_alerts_send() == 1
        assert remedy_alerts_send() == 0
    assert Notification.objects.get(kind=NotificationKind.REMEDY_OVERDUE).recipient == dept_officer
    d.remedy_done_on = date(2026, 3, 25)
    d.save()
    assert d.remedy_state(date(2026, 4, 1)) == RemedyState.DONE


def test_city_figures_count_the_year(inspection):  # type: ignore[no-untyped-def]
    Decision.objects.create(
        inspection=inspection, number="1/QĐ", issued_on=date(2026, 3, 1), violation="x", fine_vnd=5_000_000
    )
    Decision.objects.create(
        inspection=inspection, number="2/QĐ", issued_on=date(2026, 4, 1), violation="y", fine_vnd=7_500_000
    )
    assert city_figures.get("enforcement.inspections").value(2026) == 1
    assert city_figures.get("enforcement.inspections").value(2025) == 0
    assert city_figures.get("enforcement.fines").value(2026) == 12_500_000
    assert city_figures.get("enforcement.fines").url(2026).endswith("?year=2026")


def test_fine_above_the_bound_is_refused(client, inspection, dept_officer):  # type: ignore[no-untyped-def]
    client.force_login(dept_officer)
    response = client.post(
        "/enforcement/decisions/new/",
        {
            "inspection": inspection.pk,
            "number": "9/QĐ",
            "issued_on": "01/03/2026",
            "violation": "x",
            "fine_vnd": "99999999999999",
        },
    )
    assert response.status_code == 422 and not Decision.objects.exists()


def test_inspection_links_the_facility_it_concerned(client, ward_a, dept_officer):  # type: ignore[no-untyped-def]
    from khcn.radiation.tests.factories import FacilityFactory

    facility = FacilityFactory.create(unit=ward_a, name="Phòng khám Đa khoa Mê Linh")
    inspection = Inspection.objects.create(
        organisation=facility.organisation,
        unit=ward_a,
        area="radiation",
        record_id=facility.pk,
        starts_on=date(2026, 2, 1),
    )
    client.force_login(dept_officer)
    page = client.get(f"/enforcement/inspections/{inspection.pk}/").content.decode()
    assert facility.get_absolute_url() in page
    facility_page = client.get(facility.get_absolute_url()).content.decode()
    assert inspection.get_absolute_url() in facility_page


def test_commune_officer_sees_only_own(client, inspection, officer_b, officer_a):  # type: ignore[no-untyped-def]
    client.force_login(officer_b)
    assert client.get(f"/enforcement/inspections/{inspection.pk}/").status_code == 404
    client.force_login(officer_a)
    assert client.get(f"/enforcement/inspections/{inspection.pk}/").status_code == 200
    assert client.post(f"/enforcement/inspections/{inspection.pk}/delete/").status_code == 403
