"""The workbook import (all rows or none, every bad row reported with its number), its
template, the API's scope, filters and pagination, and the city board's figures."""

from io import BytesIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from khcn.core import city_figures
from khcn.ipstats import excel
from khcn.ipstats.models import IpKind, IpStatistic
from khcn.ipstats.tests.factories import IpStatisticFactory

pytestmark = pytest.mark.django_db


def _workbook(rows: list[list[Any]], headers: list[str] | None = None) -> SimpleUploadedFile:
    book = load_workbook(BytesIO(excel.statistics_template()))
    sheet = book[excel.SHEET]
    sheet.delete_rows(2, sheet.max_row)
    if headers is not None:
        for i, header in enumerate(headers, start=1):
            sheet.cell(row=1, column=i, value=header)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("so-lieu.xlsx", buffer.getvalue())


GOOD = [
    [2018, "Sáng chế", 1050, 384, "Cục Sở hữu trí tuệ", ""],
    [2018, "Giải pháp hữu ích", "112", 41, None, None],
    [2018, "kieu dang cong nghiep", 1260, 815, None, "Số liệu sơ bộ"],
    [2018, "Nhãn hiệu", "10.000", 6120, None, None],
]


def test_the_template_downloads_with_its_headers_and_kinds(client, dept_officer):
    client.force_login(dept_officer)
    response = client.get("/ipstats/import/template/")
    assert response["Content-Disposition"].endswith('filename="mau-thong-ke-so-huu-tri-tue.xlsx"')
    book = load_workbook(BytesIO(response.content))
    assert [c.value for c in book[excel.SHEET][1]] == excel.HEADERS
    assert [r[0] for r in book["Danh mục"].iter_rows(min_row=2, values_only=True)] == list(excel.IMPORT_LABELS.values())


def test_a_good_file_is_imported_whole(client, dept_officer):
    client.force_login(dept_officer)
    response = client.post("/ipstats/import/", {"file": _workbook(GOOD)})
    assert response.status_code == 200
    assert IpStatistic.objects.count() == 4
    assert sum(IpStatistic.objects.values_list("applications", flat=True)) == 12_422
    design = IpStatistic.objects.get(kind=IpKind.INDUSTRIAL_DESIGN)
    assert (design.source, design.note, design.created_by) == ("Cục Sở hữu trí tuệ", "Số liệu sơ bộ", dept_officer)


def test_a_row_already_entered_takes_the_new_figures_and_keeps_the_old_in_history(dept_officer):
    row = IpStatisticFactory.create(year=2018, kind=IpKind.PATENT, applications=1, grants=1)
    result = excel.statistics_import(user=dept_officer, file=_workbook(GOOD[:1]))
    assert result.ok and result.saved == 1
    row.refresh_from_db()
    assert (row.applications, row.grants, row.version) == (1_050, 384, 2)
    assert [h.applications for h in row.history.order_by("history_id")] == [1, 1_050]
    assert IpStatistic.objects.count() == 1


def test_one_bad_row_saves_nothing_and_every_bad_row_is_reported(client, dept_officer):
    client.force_login(dept_officer)
    rows = [
        *GOOD,
        [1999, "Sáng chế", 1, 1, None, None],  # row 6: year out of range
        [2019, "Bản quyền", -5, "nhiều", None, None],  # row 7: unknown kind, negative, not a number
        [2018, "Sáng chế", 3, 1, None, None],  # row 8: same year and kind as row 2
        [2020, "Nhãn hiệu", 2_000_000, 1, "x" * 201, None],  # row 9: over the bounds, source too long
    ]
    response = client.post("/ipstats/import/", {"file": _workbook(rows)})
    assert response.status_code == 422
    assert not IpStatistic.objects.exists()
    errors = response.context["result"].errors
    assert sorted({e.row for e in errors}) == [6, 7, 8, 9]
    assert {(e.row, e.column) for e in errors} >= {
        (6, "Năm"),
        (7, "Loại đối tượng"),
        (7, "Số đơn nộp"),
        (7, "Số văn bằng được cấp"),
        (8, "Loại đối tượng"),
        (9, "Số đơn nộp"),
        (9, "Nguồn số liệu"),
    }
    page = response.content.decode()
    assert "dòng 2 của tệp" in page and "Nhập năm từ 2000 đến 2100." in page


def test_a_changed_header_is_refused(dept_officer):
    result = excel.statistics_import(user=dept_officer, file=_workbook(GOOD, headers=["Year"]))
    assert not result.ok and result.errors[0].row == 1
    assert not IpStatistic.objects.exists()


def test_a_commune_officer_cannot_import(client, officer_a):
    client.force_login(officer_a)
    assert client.post("/ipstats/import/", {"file": _workbook(GOOD)}).status_code == 403
    assert not IpStatistic.objects.exists()


def test_the_api_serves_department_staff_only_with_filters_and_pages(client, dept_officer, officer_a):
    for year in range(2005, 2025):  # 60 rows: two pages of 50
        for kind in (IpKind.PATENT, IpKind.TRADEMARK, IpKind.INDUSTRIAL_DESIGN):
            IpStatisticFactory.create(year=year, kind=kind)
    client.force_login(officer_a)
    assert client.get("/api/v1/ip-statistics/").json()["count"] == 0
    row = IpStatistic.objects.first()
    assert row is not None and client.get(f"/api/v1/ip-statistics/{row.pk}/").status_code == 404
    client.force_login(dept_officer)
    first = client.get("/api/v1/ip-statistics/").json()
    assert first["count"] == 60 and len(first["results"]) == 50 and first["next"]
    assert first["results"][0]["year"] == 2024
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 10
    assert {r["id"] for r in first["results"]}.isdisjoint({r["id"] for r in second["results"]})
    only = client.get("/api/v1/ip-statistics/", {"year": 2018, "kind": "patent"}).json()
    assert [(r["year"], r["kind"], r["applications"]) for r in only["results"]] == [(2018, "patent", 1_000)]
    assert client.get("/api/v1/ip-statistics/", {"year_from": 2023}).json()["count"] == 6
    assert client.get("/api/v1/ip-statistics/", {"year": 99999}).status_code == 400
    assert client.post("/api/v1/ip-statistics/", {"year": 2030}).status_code == 405


def test_the_city_figures_add_the_four_ranked_kinds_and_link_to_those_rows(client, dept_officer):
    IpStatisticFactory.create(year=2018, kind=IpKind.PATENT, applications=1_050, grants=384)
    IpStatisticFactory.create(year=2018, kind=IpKind.TRADEMARK, applications=10_000, grants=6_120)
    IpStatisticFactory.create(year=2018, kind=IpKind.UTILITY_SOLUTION, applications=112, grants=41)
    IpStatisticFactory.create(year=2018, kind=IpKind.INDUSTRIAL_DESIGN, applications=1_260, grants=815)
    IpStatisticFactory.create(year=2018, kind=IpKind.GEOGRAPHICAL_INDICATION, applications=9, grants=9)  # not ranked
    IpStatisticFactory.create(year=2019, kind=IpKind.PATENT, applications=7, grants=7)  # another year
    applications = city_figures.get("ipstats.applications")
    grants = city_figures.get("ipstats.grants")
    assert applications is not None and grants is not None
    assert applications.value(2018) == 12_422 and grants.value(2018) == 7_360
    assert applications.value(2017) is None  # nothing entered: unknown, not zero
    client.force_login(dept_officer)
    shown = client.get(applications.url(2018))
    assert shown.context["pivot"].applications == 12_422
    assert {(r.year, r.kind) for r in shown.context["table"].data} == {
        (2018, k) for k in (IpKind.PATENT, IpKind.TRADEMARK, IpKind.UTILITY_SOLUTION, IpKind.INDUSTRIAL_DESIGN)
    }


def test_each_figure_is_one_query(django_assert_num_queries):
    IpStatisticFactory.create(year=2018, kind=IpKind.PATENT)
    with django_assert_num_queries(1):
        city_figures.get("ipstats.applications").value(2018)  # type: ignore[union-attr]
