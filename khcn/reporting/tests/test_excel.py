"""Excel in and out: atomic imports that name every bad row, and a lossless round trip."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from khcn.reporting import excel, services
from khcn.reporting.models import Report, ReportStatus, Value

pytestmark = pytest.mark.django_db


def workbook(period, user, *, filled=False):
    return load_workbook(BytesIO(excel.workbook_export(period=period, user=user, filled=filled)))


def fill_sheet(ws, unit_codes, values):
    """Fill the rows of the given units: values maps indicator code -> (value, numerator, denominator)."""
    for row in ws.iter_rows(min_row=2):
        if row[0].value in unit_codes and row[2].value in values:
            v, n, d = values[row[2].value]
            row[6].value, row[7].value, row[8].value = v, n, d


GOOD = {
    "A1": (1200, None, None),
    "A2": (1150, None, None),
    "A3": (95.8, None, None),
    "A4": ("87", None, None),
    "A5": (None, 5, 18),
    "A6": ("Có", None, None),
    "A7": (250000000, None, None),
}


def upload(period, user, wb, *, submit=False):
    buffer = BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return excel.workbook_import(period=period, user=user, file=buffer, submit=submit)


def test_workbook_has_vietnamese_headers_and_cell_validation(period, dept_officer):
    wb = workbook(period, dept_officer)
    ws = wb["Số liệu"]
    assert [c.value for c in ws[1]][:7] == [
        "Mã đơn vị",
        "Đơn vị",
        "Mã chỉ tiêu",
        "Chỉ tiêu",
        "Kiểu số liệu",
        "Đơn vị tính",
        "Giá trị",
    ]
    assert ws.max_row == 1 + 126 * 7
    kinds = {dv.type for dv in ws.data_validations.dataValidation}
    assert {"decimal", "whole", "list"} <= kinds
    assert "Hướng dẫn" in wb.sheetnames


def test_good_workbook_saves_every_row(period, dept_officer, ward_a, ward_b):
    wb = workbook(period, dept_officer)
    fill_sheet(wb["Số liệu"], {ward_a.code, ward_b.code}, GOOD)
    result = upload(period, dept_officer, wb, submit=True)
    assert result.ok, result.errors
    assert result.rows == 14 and result.saved == 2
    report = Report.objects.get(period=period, unit=ward_a)
    assert report.status == ReportStatus.SUBMITTED
    stored = {v.indicator.code: v for v in report.values.select_related("indicator")}
    assert stored["A1"].number == 1200 and str(stored["A3"].number.normalize()) == "95.8"
    assert (stored["A5"].numerator, stored["A5"].denominator) == (5, 18) and stored["A6"].flag is True


def test_workbook_with_three_bad_rows_saves_nothing_and_names_all_three(period, dept_officer, ward_a, ward_b):
    wb = workbook(period, dept_officer)
    ws = wb["Số liệu"]
    fill_sheet(ws, {ward_a.code, ward_b.code}, GOOD)
    bad = {}
    for row in ws.iter_rows(min_row=2):
        key = (row[0].value, row[2].value)
        if key == (ward_a.code, "A4"):
            row[6].value, bad["A4"] = 120, row[0].row
        if key == (ward_a.code, "A5"):
            row[7].value, bad["A5"] = 20, row[0].row
        if key == (ward_b.code, "A1"):
            row[6].value, bad["A1"] = "nhiều", row[0].row
    result = upload(period, dept_officer, wb)
    assert not result.ok
    assert sorted((e.row, e.column) for e in result.errors) == sorted(
        [(bad["A4"], "Giá trị"), (bad["A5"], "Tử số, Mẫu số"), (bad["A1"], "Giá trị")]
    )
    assert all(e.sheet == "Số liệu" and e.message for e in result.errors)
    assert not Report.objects.filter(period=period).exists()
    assert not Value.objects.exists()


def test_unknown_codes_duplicates_and_out_of_scope_rows_are_reported(period, officer_a, ward_a, ward_b):
    wb = workbook(period, officer_a)
    ws = wb["Số liệu"]
    assert {r[0] for r in ws.iter_rows(min_row=2, values_only=True)} == {ward_a.code}  # own unit only
    ws.append(["99999", "", "A1", "", "", "", 1, None, None, None])
    ws.append([ward_a.code, "", "Z9", "", "", "", 1, None, None, None])
    ws.append([ward_b.code, "", "A1", "", "", "", 1, None, None, None])
    ws.append([ward_a.code, "", "A1", "", "", "", 1, None, None, None])
    ws.append([ward_a.code, "", "A1", "", "", "", 2, None, None, None])
    result = upload(period, officer_a, wb)
    codes = sorted(e.column for e in result.errors)
    assert len(result.errors) == 4, result.errors
    assert codes == ["Mã chỉ tiêu", "Mã chỉ tiêu", "Mã đơn vị", "Mã đơn vị"]
    assert not Value.objects.exists()


def test_locked_reports_cannot_be_overwritten_by_import(period, dept_officer, ward_a):
    wb = workbook(period, dept_officer)
    fill_sheet(wb["Số liệu"], {ward_a.code}, GOOD)
    assert upload(period, dept_officer, wb, submit=True).ok
    report = Report.objects.get(period=period, unit=ward_a)
    services.report_approve(report=report, user=dept_officer)
    again = upload(period, dept_officer, wb)
    assert (not again.ok and "Đã duyệt" in again.errors[0].message) or "approved" in again.errors[0].message


def test_filled_workbook_round_trips_unchanged(period, dept_officer, ward_a):
    wb = workbook(period, dept_officer)
    fill_sheet(wb["Số liệu"], {ward_a.code}, GOOD)
    assert upload(period, dept_officer, wb).ok
    before = {(v.indicator_id, v.number, v.numerator, v.denominator, v.flag) for v in Value.objects.all()}
    exported = workbook(period, dept_officer, filled=True)
    result = upload(period, dept_officer, exported)
    assert result.ok, result.errors
    after = {(v.indicator_id, v.number, v.numerator, v.denominator, v.flag) for v in Value.objects.all()}
    assert before == after


def test_formula_like_explanations_export_as_text_and_import_back_unchanged(period, dept_officer, ward_a):
    """Issue 12, defect 3: "=…" typed by a unit is text in the filled workbook, and the same text
    comes back when the Department fills that workbook and uploads it."""
    texts = {"A1": '=HYPERLINK("http://evil.example/","Bấm vào")', "A2": "-2+3", "A3": "@SUM(A1)", "A7": "+1"}
    wb = workbook(period, dept_officer)
    fill_sheet(wb["Số liệu"], {ward_a.code}, GOOD)
    for row in wb["Số liệu"].iter_rows(min_row=2):
        if row[0].value == ward_a.code and row[2].value in texts:
            row[9].value = texts[row[2].value]
            row[9].data_type = "s"  # typed as text ('=…), as a unit would in Excel
    assert upload(period, dept_officer, wb).ok
    exported = workbook(period, dept_officer, filled=True)
    cells = [row[9] for row in exported["Số liệu"].iter_rows(min_row=2) if row[0].value == ward_a.code]
    assert {c.value for c in cells if c.value} == set(texts.values())
    assert all(c.data_type == "s" and c.quotePrefix for c in cells if c.value)
    assert upload(period, dept_officer, exported).ok  # as if a user filled it and sent it back
    stored = dict(Value.objects.filter(report__unit=ward_a).values_list("indicator__code", "explanation"))
    assert {code: stored[code] for code in texts} == texts


def test_import_page_shows_every_error(
    client, period, dept_officer, ward_a, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(dept_officer)
    wb = workbook(period, dept_officer)
    fill_sheet(wb["Số liệu"], {ward_a.code}, dict(GOOD, A4=(150, None, None)))
    buffer = BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "so-lieu.xlsx"
    with django_capture_on_commit_callbacks(execute=True):  # the import is a task queued on commit
        response = client.post(reverse("reporting:period_import", args=[period.pk]), {"file": buffer})
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Giá trị" in page and "Không thành công" in page
    not_excel = BytesIO(b"not a workbook")
    not_excel.name = "x.xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        bad = client.post(reverse("reporting:period_import", args=[period.pk]), {"file": not_excel})
    assert "Không thành công" in client.get(bad.url).content.decode()
    assert not Value.objects.exists()


def test_workbook_download(client, period, officer_a):
    client.force_login(officer_a)
    response = client.get(reverse("reporting:period_workbook", args=[period.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_closed_period_takes_no_workbook(period, dept_officer, ward_a):
    from datetime import date

    wb = workbook(period, dept_officer)
    fill_sheet(wb["Số liệu"], {ward_a.code}, GOOD)
    period.closes_on = date(2027, 1, 15)
    period.save()
    buffer = BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    result = excel.workbook_import(period=period, user=dept_officer, file=buffer, today=date(2027, 2, 1))
    assert result.saved == 0
    assert [e.message for e in result.errors] == [
        "Kỳ báo cáo này đã đóng ngày 15/01/2027; Sở không nhận báo cáo của kỳ này nữa."
    ]
    assert not Report.objects.filter(period=period).exists()
