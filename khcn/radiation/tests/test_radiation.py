"""Radiation registers: licence alerts with the time pinned, scope, pages, import and export."""

from datetime import date
from io import BytesIO

import pytest
import time_machine
from django.test import override_settings
from openpyxl import Workbook, load_workbook

from khcn.notifications.models import Notification, NotificationKind
from khcn.radiation.models import Facility, Licence, LicenceState
from khcn.radiation.reminders import licence_alerts_send
from khcn.radiation.tests.factories import FacilityFactory, IncidentFactory, LicenceFactory, SourceFactory

pytestmark = pytest.mark.django_db
NOON = "2026-04-01 09:00 +07:00"


@pytest.fixture
def facility(ward_a):  # type: ignore[no-untyped-def]
    from khcn.geo.tests.factories import OrganisationFactory

    return FacilityFactory.create(organisation=OrganisationFactory.create(unit=ward_a), unit=ward_a)


@override_settings(KHCN_RADIATION_LICENCE_NOTICE_DAYS=60)
def test_licence_alerted_before_expiry_then_when_expired_once_each(facility, dept_officer, officer_a, officer_b):  # type: ignore[no-untyped-def]
    soon = LicenceFactory.create(facility=facility, expires_on=date(2026, 5, 20))
    LicenceFactory.create(facility=facility, expires_on=date(2026, 12, 1))  # beyond the notice period
    with time_machine.travel(NOON, tick=False):
        assert soon.state(date(2026, 4, 1), 60) == LicenceState.EXPIRING
        assert licence_alerts_send() == 1
        assert licence_alerts_send() == 0  # told once
    notes = Notification.objects.filter(kind=NotificationKind.RADIATION_LICENCE)
    assert {n.recipient for n in notes} == {dept_officer, officer_a}
    assert "20/05/2026" in notes.first().title and soon.number in notes.first().title
    with time_machine.travel("2026-05-21 09:00 +07:00", tick=False):
        assert licence_alerts_send() == 1  # expired: a second, different alert
    titles = set(Notification.objects.filter(kind=NotificationKind.RADIATION_LICENCE).values_list("title", flat=True))
    assert len(titles) == 2  # "expires on" then "expired on"
    assert Notification.objects.filter(kind=NotificationKind.RADIATION_LICENCE).count() == 4


@override_settings(KHCN_RADIATION_LICENCE_NOTICE_DAYS=60)
def test_renewed_licence_is_not_alerted(facility, dept_officer):  # type: ignore[no-untyped-def]
    old = LicenceFactory.create(facility=facility, expires_on=date(2026, 5, 1))
    LicenceFactory.create(facility=facility, renews=old, issued_on=date(2026, 4, 20), expires_on=date(2031, 4, 20))
    with time_machine.travel(NOON, tick=False):
        assert licence_alerts_send() == 0


def test_expired_licence_shows_as_expired(client, facility, dept_officer):  # type: ignore[no-untyped-def]
    licence = LicenceFactory.create(facility=facility, issued_on=date(2021, 1, 1), expires_on=date(2026, 1, 31))
    client.force_login(dept_officer)
    with time_machine.travel(NOON, tick=False):
        page = client.get(f"/radiation/licences/{licence.pk}/").content.decode()
        listed = client.get("/radiation/licences/?state=expired").content.decode()
        valid = client.get("/radiation/licences/?state=valid").content.decode()
    assert "Đã hết hạn" in page
    assert licence.number in listed and licence.number not in valid


def test_commune_officer_sees_only_own_commune(client, facility, officer_b, ward_b):  # type: ignore[no-untyped-def]
    other = FacilityFactory.create(unit=ward_b)
    client.force_login(officer_b)
    body = client.get("/radiation/facilities/").content.decode()
    assert other.name in body and facility.name not in body
    assert client.get(f"/radiation/facilities/{facility.pk}/").status_code == 404


def test_commune_officer_cannot_write(client, facility, officer_a):  # type: ignore[no-untyped-def]
    client.force_login(officer_a)
    assert client.get(f"/radiation/facilities/{facility.pk}/").status_code == 200
    assert client.post(f"/radiation/facilities/{facility.pk}/delete/").status_code == 403
    assert Facility.objects.filter(pk=facility.pk).exists()


def _create_edit_delete(client, facility, dept_officer):  # type: ignore[no-untyped-def]
    bad = client.post(
        "/radiation/licences/new/",
        {
            "facility": facility.pk,
            "number": "12/GP",
            "activities": "X-quang",
            "issued_on": "01/04/2026",
            "expires_on": "01/03/2026",
        },
    )
    assert bad.status_code == 422 and "12/GP" in bad.content.decode()  # what was typed is kept
    ok = client.post(
        "/radiation/licences/new/",
        {
            "facility": facility.pk,
            "number": "12/GP",
            "activities": "X-quang",
            "issued_on": "01/04/2026",
            "expires_on": "01/04/2031",
        },
    )
    assert ok.status_code == 302
    licence = Licence.objects.get(number="12/GP")
    assert licence.created_by == dept_officer and licence.history.count() == 1
    edit = client.post(
        f"/radiation/licences/{licence.pk}/edit/",
        {
            "facility": facility.pk,
            "number": "12/GP-SKHCN",
            "activities": "X-quang",
            "issued_on": "01/04/2026",
            "expires_on": "01/04/2031",
            "loaded_version": 1,
        },
    )
    assert edit.status_code == 302
    stale = client.post(
        f"/radiation/licences/{licence.pk}/edit/",
        {
            "facility": facility.pk,
            "number": "12/GP-X",
            "activities": "X-quang",
            "issued_on": "01/04/2026",
            "expires_on": "01/04/2031",
            "loaded_version": 1,
        },
    )
    assert stale.status_code == 422
    assert client.get(f"/radiation/licences/{licence.pk}/delete/").status_code == 200  # the question
    assert Licence.objects.filter(pk=licence.pk).exists()
    assert client.post(f"/radiation/licences/{licence.pk}/delete/").status_code == 302
    assert not Licence.objects.filter(pk=licence.pk).exists()
    # A facility with records still attached is not deleted: the reason is shown.
    SourceFactory.create(facility=facility)
    refused = client.post(f"/radiation/facilities/{facility.pk}/delete/")
    assert refused.status_code == 422 and Facility.objects.filter(pk=facility.pk).exists()


def test_department_creates_edits_and_deletes_with_confirmation(client, facility, dept_officer, ward_a):  # type: ignore[no-untyped-def]
    client.force_login(dept_officer)
    with time_machine.travel(NOON, tick=False):
        _create_edit_delete(client, facility, dept_officer)


def test_lists_cost_a_fixed_number_of_queries(client, dept_officer, ward_a, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    for _i in range(8):
        licence = LicenceFactory.create(facility=FacilityFactory.create(unit=ward_a))
        SourceFactory.create(facility=licence.facility)
        IncidentFactory.create(facility=licence.facility)
    client.force_login(dept_officer)
    for url in ("/radiation/facilities/", "/radiation/licences/", "/radiation/sources/", "/radiation/incidents/"):
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200


def test_export_is_a_workbook_with_the_rows(client, facility, dept_officer):  # type: ignore[no-untyped-def]
    LicenceFactory.create(facility=facility, number="=HYPERLINK(1)")
    client.force_login(dept_officer)
    response = client.get("/radiation/licences/?export=xlsx")
    ws = load_workbook(BytesIO(response.content)).active
    cells = [c for row in ws.iter_rows(values_only=True) for c in row]
    assert "=HYPERLINK(1)" in cells  # kept as text
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "=HYPERLINK(1)")
    assert cell.data_type == "s" and cell.quotePrefix  # never a formula


def _workbook(sheet: str, rows: list[list[object]]) -> BytesIO:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    for row in rows:
        ws.append(row)
    buffer = BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "x.xlsx"
    return buffer


def test_licence_import_is_atomic_and_reports_bad_rows(client, facility, dept_officer):  # type: ignore[no-untyped-def]
    header = ["Cơ sở", "Số giấy phép", "Công việc được phép", "Cơ quan cấp", "Ngày cấp", "Ngày hết hạn"]
    client.force_login(dept_officer)
    bad = _workbook(
        "Giấy phép",
        [
            header,
            [facility.name, "1/GP", "X-quang", "Sở", date(2026, 1, 1), date(2031, 1, 1)],
            ["Không có cơ sở này", "2/GP", "X-quang", "Sở", date(2026, 1, 1), date(2031, 1, 1)],
        ],
    )
    response = client.post("/radiation/licences/import/", {"file": bad})
    assert response.status_code == 422
    assert "Không có cơ sở này" in response.content.decode()
    assert not Licence.objects.exists()  # nothing saved while a row is wrong
    good = _workbook(
        "Giấy phép", [header, [facility.name, "1/GP", "X-quang", "Sở", date(2026, 1, 1), date(2031, 1, 1)]]
    )
    assert client.post("/radiation/licences/import/", {"file": good}).status_code == 200
    assert Licence.objects.get().expires_on == date(2031, 1, 1)


def test_city_figure_counts_licences_valid(facility):  # type: ignore[no-untyped-def]
    from khcn.core import city_figures

    LicenceFactory.create(facility=facility, issued_on=date(2024, 1, 1), expires_on=date(2026, 6, 30))
    LicenceFactory.create(facility=facility, issued_on=date(2025, 1, 1), expires_on=date(2030, 1, 1))
    figure = city_figures.get("radiation.licences_valid")
    with time_machine.travel(NOON, tick=False):
        assert figure.value(2025) == 2
        assert figure.value(2026) == 2  # on today, 01/04/2026
        assert "valid_on=01%2F04%2F2026" in figure.url(2026) or "valid_on=01/04/2026" in figure.url(2026)


def test_site_search_finds_a_facility_within_scope(client, facility, dept_officer, officer_b):  # type: ignore[no-untyped-def]
    from khcn.search.index import entries_refresh

    licence = LicenceFactory.create(facility=facility, number="77/GP-TIMKIEM")
    entries_refresh(kind="radiation.facility", ids=[facility.pk])
    entries_refresh(kind="radiation.licence", ids=[licence.pk])
    client.force_login(dept_officer)
    found = client.get("/search/", {"q": facility.name}).content.decode()
    assert facility.get_absolute_url() in found
    assert licence.get_absolute_url() in client.get("/search/", {"q": "77/GP-TIMKIEM"}).content.decode()
    client.force_login(officer_b)
    assert facility.get_absolute_url() not in client.get("/search/", {"q": facility.name}).content.decode()
