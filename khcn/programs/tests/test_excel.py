"""The target workbook: download, fill, upload back; all rows saved or none."""

from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from khcn.programs.excel import HEADERS, INDICATOR_SHEET, SHEET, UNIT_SHEET, targets_import, targets_workbook
from khcn.programs.models import Target


def _upload(rows: list[list[object]], headers: list[str] = HEADERS) -> BytesIO:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer


def test_workbook_lists_targets_and_the_codes_to_use(form, indicators, ward_a):
    Target.objects.create(indicator=indicators["received"], unit=ward_a, year=2027, value=Decimal(1250))
    wb = load_workbook(BytesIO(targets_workbook(program=form.program)))
    assert wb.sheetnames == [SHEET, INDICATOR_SHEET, UNIT_SHEET]
    rows = list(wb[SHEET].iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert ("A4", "Chỉ tiêu A4", None, None, 2026, 90) in rows
    assert ("A1", "Chỉ tiêu A1", ward_a.code, ward_a.full_name, 2027, 1250) in rows
    codes = [r[0] for r in wb[INDICATOR_SHEET].iter_rows(min_row=2, values_only=True)]
    assert codes == ["A1", "A2", "A3", "A4", "A5", "A6", "A7"]
    units = {r[0]: r[1] for r in wb[UNIT_SHEET].iter_rows(min_row=2, values_only=True)}
    assert units[ward_a.code] == "Xã Mê Linh"


def test_the_downloaded_workbook_imports_back_unchanged(dept_officer, form, indicators, ward_a):
    Target.objects.create(indicator=indicators["budget"], unit=ward_a, year=2027, value=Decimal("1250.5"))
    before = sorted(Target.objects.values_list("indicator_id", "unit_id", "year", "value"))
    result = targets_import(
        user=dept_officer, program=form.program, file=BytesIO(targets_workbook(program=form.program))
    )
    assert result.ok, result.errors
    assert (result.rows, result.saved) == (2, 0)
    assert sorted(Target.objects.values_list("indicator_id", "unit_id", "year", "value")) == before


def test_good_rows_create_and_update_targets(dept_officer, form, indicators, ward_a):
    upload = _upload(
        [
            ["A4", "", "", "", 2026, 92.5],  # changes the city's target
            ["A1", "", ward_a.code, "", 2027, "1.250"],  # typed as text, Vietnamese thousands
            ["A7", "", "", "", 2028, None],  # no value: changes nothing
        ]
    )
    result = targets_import(user=dept_officer, program=form.program, file=upload)
    assert result.ok, result.errors
    assert (result.rows, result.saved) == (2, 2)
    assert Target.objects.get(indicator=indicators["cashless"], year=2026).value == Decimal("92.5")
    assert Target.objects.get(indicator=indicators["received"], unit=ward_a, year=2027).value == 1250
    assert not Target.objects.filter(year=2028).exists()


def test_bad_rows_are_each_named_and_nothing_is_saved(dept_officer, form, indicators, ward_b):
    upload = _upload(
        [
            ["A1", "", ward_b.code, "", 2027, 40],  # good, but not saved: another row is bad
            ["Z9", "", "", "", 2027, 1],
            ["A4", "", "", "", 2031, 95],
            ["A4", "", "", "", 2027, 120],
            ["A1", "", "99999", "", 2027, 5],
            ["A1", "", "", "", "năm sau", "nhiều"],
            ["A1", "", ward_b.code, "", 2027, 41],
        ]
    )
    result = targets_import(user=dept_officer, program=form.program, file=upload)
    found = [(e.sheet, e.row, e.column, e.message) for e in result.errors]
    assert found == [
        (SHEET, 3, "Mã chỉ tiêu", "Không có chỉ tiêu mã “Z9”."),
        (SHEET, 4, "Năm", "Nhập một năm của chương trình, từ 2025 đến 2030."),
        (SHEET, 5, "Giá trị", "Nhập tỷ lệ phần trăm từ 0 đến 100."),
        (SHEET, 6, "Mã đơn vị", "Không có đơn vị mã “99999” được đặt mục tiêu trong chương trình này."),
        (SHEET, 7, "Năm", "Nhập năm bằng bốn chữ số, ví dụ 2030."),
        (SHEET, 7, "Giá trị", "Nhập một số, ví dụ 1.234 hoặc 87,5."),
        (SHEET, 8, "Mã chỉ tiêu", "Dòng 2 đã có mục tiêu này."),
    ]
    assert result.saved == 0
    assert not Target.objects.filter(unit=ward_b).exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a workbook", "Tệp tải lên không phải bảng tính Excel (.xlsx)."),
        (None, "Thiếu cột: Mã đơn vị, Năm."),
    ],
)
def test_a_wrong_file_is_refused_whole(dept_officer, form, content, message):
    upload = BytesIO(content) if content else _upload([["A1", 2027, 1]], headers=["Mã chỉ tiêu", "Giá trị"])
    result = targets_import(user=dept_officer, program=form.program, file=upload)
    assert [e.message for e in result.errors] == [message]


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("1e309", "Nhập một số, ví dụ 1.234 hoặc 87,5."),
        ("9" * 25, "Nhập số có tối đa 16 chữ số trước dấu phẩy."),
        (1e17, "Nhập số có tối đa 16 chữ số trước dấu phẩy."),
        ("99999999999999999", "Nhập số có tối đa 16 chữ số trước dấu phẩy."),
        (
            "1,23.4",
            "“1,23.4” có thể hiểu theo hai cách. Hãy viết như 1.234,5: "
            "dấu chấm ngăn hàng nghìn, dấu phẩy trước phần thập phân.",
        ),
    ],
)
def test_a_target_the_column_cannot_hold_is_refused_by_the_rules_of_report_values(dept_officer, form, cell, message):
    """Issue 12, defect 1: the same bounds as report values (core.numbers)."""
    result = targets_import(user=dept_officer, program=form.program, file=_upload([["A7", "", "", "", 2027, cell]]))
    assert [(e.column, e.message) for e in result.errors] == [("Giá trị", message)]
    assert not Target.objects.filter(year=2027).exists()


def test_english_thousands_in_a_target_are_read_as_typed(dept_officer, form, indicators):
    result = targets_import(
        user=dept_officer, program=form.program, file=_upload([["A7", "", "", "", 2027, "1,234.5"]])
    )
    assert result.ok, result.errors
    assert Target.objects.get(indicator=indicators["budget"], year=2027).value == Decimal("1234.5")
