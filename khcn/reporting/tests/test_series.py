"""A series across the 2025 reform: districts before, communes after, re-aggregated by succession."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from khcn.geo.models import AdminUnit, UnitLevel, UnitSuccession
from khcn.programs.models import FormIndicator, PeriodKind, Program, ReportForm, ReportingPeriod
from khcn.reporting import series, services
from khcn.reporting.validation import Entry

pytestmark = pytest.mark.django_db


def spans_districts(commune: AdminUnit) -> int:
    return UnitSuccession.objects.filter(successor=commune).values("predecessor__parent").distinct().count()


@pytest.fixture
def district_period(program, indicators):
    """An earlier programme reported by districts, succeeded by the test programme."""
    old = Program.objects.create(
        code="OLD", name="Chương trình cũ", issuing_body="Thành ủy", start_year=2021, end_year=2025, successor=program
    )
    form = ReportForm.objects.create(program=old, name="Mẫu cấp huyện", unit_levels=[UnitLevel.DISTRICT])
    from khcn.programs.models import Indicator

    ind = indicators["received"]
    old_ind = Indicator.objects.create(
        program=old,
        group=ind.group,
        code=ind.code,
        name=ind.name,
        value_type=ind.value_type,
        aggregation=ind.aggregation,
    )
    FormIndicator.objects.create(form=form, indicator=old_ind)
    return ReportingPeriod.objects.create(
        program=old,
        form=form,
        kind=PeriodKind.YEAR,
        year=2024,
        name="Năm 2024",
        data_from=date(2023, 12, 15),
        data_to=date(2024, 12, 14),
        opens_on=date(2024, 12, 15),
        due_on=date(2024, 12, 20),
    )


def report(period, unit, user, ind, value):
    r = services.report_open(period=period, unit=unit, user=user)
    entries = {i.pk: Entry() for i, _req in [(fi.indicator, fi.required) for fi in period.form.items.all()]}
    entries[ind.pk] = Entry(value=str(value))
    outcome = services.report_save(
        report=r, user=user, entries=entries, sections={}, expected_version=r.version, submit=False
    )
    assert outcome.ok
    r.refresh_from_db()
    r.status = "approved"
    r.save()
    return r


def test_series_by_former_district_re_aggregates_communes(district_period, period, indicators, dept_officer):
    me_linh = AdminUnit.objects.get(level="district", name="Mê Linh")
    old_ind = district_period.form.items.get().indicator
    report(district_period, me_linh, dept_officer, old_ind, 5000)
    tien_thang = AdminUnit.objects.current().get(level="commune", name="Tiến Thắng")
    quang_minh = AdminUnit.objects.current().get(level="commune", name="Quang Minh")
    assert spans_districts(tien_thang) == spans_districts(quang_minh) == 1
    report(period, tien_thang, dept_officer, indicators["received"], 1200)
    report(period, quang_minh, dept_officer, indicators["received"], 2300)

    data = series.indicator_series(indicator=indicators["received"], user=dept_officer, mode=series.BY_FORMER)
    assert [p.name for p in data.periods] == ["Năm 2024", "6 tháng đầu năm 2026", "Năm 2026"]
    rows = {r.label: r for r in data.rows}
    cells = rows["Huyện Mê Linh"].cells
    assert (cells[0].text, cells[0].note) == ("5.000", "reported")
    assert (cells[2].text, cells[2].note) == ("3.500", "re-aggregated")  # 1.200 + 2.300, both from Mê Linh
    assert data.city.cells[0].text == "5.000" and data.city.cells[2].text == "3.500"
    assert [c.point for c in data.city.cells] == [Decimal(5000), None, Decimal(3500)], "what the trend chart plots"


def test_series_by_today_commune_shows_only_city_total_before_reform(district_period, period, indicators, dept_officer):
    me_linh = AdminUnit.objects.get(level="district", name="Mê Linh")
    report(district_period, me_linh, dept_officer, district_period.form.items.get().indicator, 5000)
    tien_thang = AdminUnit.objects.current().get(level="commune", name="Tiến Thắng")
    report(period, tien_thang, dept_officer, indicators["received"], 1200)
    data = series.indicator_series(indicator=indicators["received"], user=dept_officer, mode=series.BY_CURRENT)
    assert [r.label for r in data.rows] == ["Xã Tiến Thắng"]
    assert [c.text for c in data.rows[0].cells] == ["", "", "1.200"]
    assert data.city.cells[0].text == "5.000"


def test_commune_formed_from_several_districts_is_not_attributed(period, indicators, dept_officer):
    spanning = next(
        c
        for c in AdminUnit.objects.current().filter(level="commune", path__startswith="p01/")
        if spans_districts(c) > 1
    )
    report(period, spanning, dept_officer, indicators["received"], 10)
    data = series.indicator_series(indicator=indicators["received"], user=dept_officer, mode=series.BY_FORMER)
    assert data.rows == [] and data.unattributed == {period.pk: 1}


def test_series_page(client, period, indicators, dept_officer, officer_a, ward_a):
    client.force_login(officer_a)
    url = reverse("reporting:indicator_series", args=[indicators["received"].pk])
    assert client.get(url).status_code == 403
    client.force_login(dept_officer)
    assert client.get(url + "?mode=current").status_code == 200
    report(period, ward_a, dept_officer, indicators["received"], 1200)
    page = client.get(url).content.decode()
    assert 'data-series-table="series-table"' in page and 'data-point="1200' in page
    assert client.get(url + "?export=xlsx")["Content-Type"].startswith("application/vnd.openxmlformats")


def test_year_half_year_and_two_programmes_are_separate_lines(
    district_period, last_period, period, indicators, dept_officer, client
):
    """The shape behind the false collapse: a programme's whole years reported by districts
    (316.800), then a new programme's half-year and year reported by a few communes (1.250)."""
    old_ind = district_period.form.items.get().indicator
    for name, value in (("Mê Linh", 200000), ("Sóc Sơn", 116800)):
        report(district_period, AdminUnit.objects.get(level="district", name=name), dept_officer, old_ind, value)
    tien_thang = AdminUnit.objects.current().get(level="commune", name="Tiến Thắng")
    report(last_period, tien_thang, dept_officer, indicators["received"], 600)
    report(period, tien_thang, dept_officer, indicators["received"], 1250)

    data = series.indicator_series(indicator=indicators["received"], user=dept_officer, mode=series.BY_FORMER)
    assert [c.text for c in data.city.cells] == ["316.800", "600", "1.250"]
    assert [s.key for s in data.period_segments] == ["OLD:year", "T-01:half", "T-01:year"]
    assert [s.label for s in data.segments] == ["Cả năm · OLD", "6 tháng đầu năm · T-01", "Cả năm · T-01"]
    assert data.city_units == [2, 1, 1], "the city total says how many units it adds up"

    page = client_page(client, dept_officer, indicators["received"])
    for key in ("OLD:year", "T-01:half", "T-01:year"):
        assert f'data-segment="{key}"' in page, "the chart draws one line per segment"
    assert "Số đơn vị có số liệu" in page


def test_periods_of_one_programme_and_kind_share_a_line(program, period, last_period):
    later = ReportingPeriod.objects.create(
        program=program,
        form=period.form,
        kind=PeriodKind.YEAR,
        year=2027,
        name="Năm 2027",
        data_from=date(2026, 12, 15),
        data_to=date(2027, 12, 14),
        opens_on=date(2027, 11, 15),
        due_on=date(2027, 12, 20),
    )
    segments, each = series.period_segments([last_period, period, later])
    assert [s.key for s in segments] == ["T-01:half", "T-01:year"]
    assert each[1] is each[2]


def client_page(client, user, indicator):
    client.force_login(user)
    return client.get(reverse("reporting:indicator_series", args=[indicator.pk])).content.decode()
