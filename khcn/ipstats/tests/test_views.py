"""The pages: the year × kind table with its totals and the marks beside it, the form, the
deletion behind its question, the scope, the export and the query count."""

from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from khcn.ipstats.models import IpKind, IpStatistic
from khcn.ipstats.tests.factories import IpStatisticFactory
from khcn.products.models import IpKind as MarkKind
from khcn.products.models import IpStage
from khcn.products.tests.factories import IpAssetFactory

pytestmark = pytest.mark.django_db

LIST = "/ipstats/"


def _rows() -> tuple[IpStatistic, IpStatistic, IpStatistic]:
    return (
        IpStatisticFactory.create(year=2018, kind=IpKind.PATENT, applications=1_050, grants=384),
        IpStatisticFactory.create(year=2018, kind=IpKind.TRADEMARK, applications=10_000, grants=6_120),
        IpStatisticFactory.create(year=2019, kind=IpKind.PATENT, applications=1_120, grants=402, note="Ghi chú"),
    )


def test_the_table_adds_up_by_year_and_kind(client, dept_officer):
    _rows()
    client.force_login(dept_officer)
    pivot = client.get(LIST).context["pivot"]
    assert [line.year for line in pivot.rows] == [2019, 2018]
    assert (pivot.rows[1].applications, pivot.rows[1].grants) == (11_050, 6_504)
    kinds = [value for value, _label in pivot.kinds]
    patents = pivot.totals[kinds.index(IpKind.PATENT)]
    assert (patents.applications, patents.grants) == (2_170, 786)
    # A kind without a row is empty, not zero.
    assert pivot.rows[0].cells[kinds.index(IpKind.TRADEMARK)].applications is None
    assert (pivot.applications, pivot.grants) == (12_170, 6_906)
    page = client.get(LIST).content.decode()
    assert "12.170" in page and "Sáng chế" in page and "Nhãn hiệu" in page


def test_filters_narrow_years_and_kinds_and_refuse_bad_values(client, dept_officer):
    _rows()
    client.force_login(dept_officer)
    only = client.get(LIST, {"year_from": 2018, "year_to": 2018, "kind": [IpKind.PATENT, IpKind.TRADEMARK]})
    assert [line.year for line in only.context["pivot"].rows] == [2018]
    assert only.context["pivot"].applications == 11_050
    assert [value for value, _label in only.context["pivot"].kinds] == [IpKind.PATENT, IpKind.TRADEMARK]
    assert client.get(LIST, {"year_from": 2019}).context["pivot"].applications == 1_120
    assert [r.year for r in client.get(LIST, {"q": "Ghi chú"}).context["table"].data] == [2019]
    assert client.get(LIST, {"year_from": "1e30"}).status_code == 400
    assert client.get(LIST, {"kind": "copyright"}).status_code == 400


def test_empty_state(client, dept_officer):
    client.force_login(dept_officer)
    assert "empty-state" in client.get(LIST).content.decode()


def test_the_marks_products_tracks_are_counted_beside_and_linked(client, dept_officer, ward_a):
    IpStatisticFactory.create(year=2025, kind=IpKind.PATENT)
    IpAssetFactory.create(unit=ward_a, stage=IpStage.GRANTED, filed_on=date(2025, 2, 1), granted_on=date(2025, 11, 3))
    IpAssetFactory.create(unit=ward_a, stage=IpStage.FILED, filed_on=date(2025, 5, 1))
    IpAssetFactory.create(unit=ward_a, stage=IpStage.FILED, filed_on=date(2024, 5, 1), kind=MarkKind.CERTIFICATION_MARK)
    client.force_login(dept_officer)
    response = client.get(LIST)
    [line] = response.context["marks"]
    counts = dict(line.counts)
    assert (line.year, line.total, line.granted, counts[IpStage.GRANTED], counts[IpStage.FILED]) == (2025, 2, 1, 1, 1)
    page = response.content.decode()
    assert "/products/ip/?filed_year=2025&amp;stage=granted" in page
    assert "/products/ip/?granted_year=2025" in page
    linked = client.get("/products/ip/", {"filed_year": 2025, "stage": IpStage.FILED})
    assert [a.filed_on for a in linked.context["table"].data] == [date(2025, 5, 1)]


def test_a_department_officer_creates_edits_and_deletes(client, dept_officer):
    client.force_login(dept_officer)
    body = {"year": "2020", "kind": IpKind.PATENT, "applications": "1180", "grants": "455", "source": "Cục SHTT"}
    response = client.post("/ipstats/new/", body)
    row = IpStatistic.objects.get()
    assert response.status_code == 302 and response["Location"] == row.get_absolute_url()
    assert (row.applications, row.grants, row.created_by) == (1_180, 455, dept_officer)
    # The same year and kind again: refused with the Vietnamese message, the input kept.
    again = client.post("/ipstats/new/", {**body, "applications": "77"})
    assert again.status_code == 422
    page = again.content.decode()
    assert "Số liệu sáng chế năm 2020 đã được nhập" in page and 'value="77"' in page
    edit = client.post(f"/ipstats/{row.pk}/edit/", {**body, "grants": "460", "loaded_version": "1"})
    assert edit.status_code == 302
    row.refresh_from_db()
    assert (row.grants, row.version) == (460, 2)
    detail = client.get(row.get_absolute_url()).content.decode()
    assert "history-list" in detail and "460" in detail
    question = client.get(f"/ipstats/{row.pk}/delete/")
    assert question.status_code == 200 and IpStatistic.objects.exists()
    assert client.post(f"/ipstats/{row.pk}/delete/", {"loaded_version": "2"}).status_code == 302
    assert not IpStatistic.objects.exists()


def test_bounds_give_vietnamese_messages(client, dept_officer):
    client.force_login(dept_officer)
    response = client.post(
        "/ipstats/new/", {"year": "1999", "kind": IpKind.PATENT, "applications": "-1", "grants": "2000000"}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Nhập số từ 2000 đến 2100." in page and "Nhập số từ 0 đến 1.000.000." in page
    assert not IpStatistic.objects.exists()


def test_a_stale_delete_is_refused(client, dept_officer):
    row = IpStatisticFactory.create(year=2020)
    client.force_login(dept_officer)
    assert client.post(f"/ipstats/{row.pk}/delete/", {"loaded_version": "7"}).status_code == 422
    assert IpStatistic.objects.filter(pk=row.pk).exists()


def test_a_commune_officer_gets_nothing(client, officer_a):
    row = IpStatisticFactory.create(year=2020)
    client.force_login(officer_a)
    for url in [LIST, "/ipstats/new/", "/ipstats/import/", "/ipstats/import/template/", f"{LIST}?export=xlsx"]:
        assert client.get(url).status_code == 403, url
    for url in [f"/ipstats/{row.pk}/", f"/ipstats/{row.pk}/edit/", f"/ipstats/{row.pk}/delete/"]:
        assert client.get(url).status_code in (403, 404), url
        assert client.post(url, {"loaded_version": "1", "year": "2020"}).status_code in (403, 404, 405), url
    assert (
        client.post("/ipstats/new/", {"year": "2021", "kind": "patent", "applications": "1", "grants": "1"}).status_code
        == 403
    )
    assert IpStatistic.objects.get().version == 1 and IpStatistic.objects.count() == 1


def test_the_export_holds_the_table_and_the_rows_as_text(client, dept_officer):
    _rows()
    IpStatisticFactory.create(year=2020, kind=IpKind.TRADEMARK, applications=5, grants=1, note='=HYPERLINK("x")')
    client.force_login(dept_officer)
    response = client.get(LIST, {"export": "xlsx", "year_from": 2018, "year_to": 2019})
    assert response["Content-Disposition"].endswith('filename="thong-ke-so-huu-tri-tue.xlsx"')
    book = load_workbook(BytesIO(response.content))
    table, rows = book.worksheets
    values = list(table.iter_rows(values_only=True))
    assert values[1][0] == "Năm" and values[2][1] == "Số đơn"
    assert [v[0] for v in values[3:]] == [2019, 2018, "Tổng số"]
    assert values[-1][-2:] == (12_170, 6_906)
    assert len(list(rows.iter_rows(values_only=True))) == 1 + 3
    # A note typed as a formula is written as text.
    everything = client.get(LIST, {"export": "xlsx"})
    rows = load_workbook(BytesIO(everything.content)).worksheets[1]
    cell = next(c for c in rows["F"] if c.value and str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s" and cell.quotePrefix


def test_list_query_count_does_not_grow(client, dept_officer, ward_a, django_assert_max_num_queries):
    client.force_login(dept_officer)
    for year in (2018, 2019):
        IpStatisticFactory.create(year=year)
        IpAssetFactory.create(unit=ward_a, stage=IpStage.FILED, filed_on=date(year, 3, 1))
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for year in range(2020, 2026):
        for kind in IpKind.values:
            IpStatisticFactory.create(year=year, kind=kind)
        IpAssetFactory.create(
            unit=ward_a, stage=IpStage.GRANTED, filed_on=date(year, 3, 1), granted_on=date(year, 9, 1)
        )
    with django_assert_max_num_queries(len(few)):
        response = client.get(LIST)
    assert len(response.context["pivot"].rows) == 8


def test_the_menu_shows_the_entry_to_department_staff_only(client, dept_officer, officer_a):
    client.force_login(dept_officer)
    assert 'href="/ipstats/"' in client.get("/").content.decode()
    client.force_login(officer_a)
    assert 'href="/ipstats/"' not in client.get("/").content.decode()
