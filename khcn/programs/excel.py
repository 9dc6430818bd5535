"""A programme's targets as a workbook: download (with the codes to use), fill, upload back.

Sheet "Mục tiêu" has one row per target: indicator code, unit code (empty for the whole
city), year, value; the name columns are only there to read. Sheets "Chỉ tiêu" and "Đơn vị"
list the codes the upload accepts. The upload checks every row with the same rules as the
target page (services.target_check) and lists every bad row by sheet, row, column and
message; nothing is saved unless every row passes. A row for a target that exists changes
its value; rows without a value change nothing.
"""

from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from khcn.core.exports import workbook_bytes, workbook_new
from khcn.core.imports import ImportResult, RowError, import_guarded, sheet_rows, workbook_open
from khcn.core.numbers import NUMBER, NumberError, bounded, parse_number
from khcn.core.text import nfc
from khcn.geo.models import AdminUnit
from khcn.programs import selectors, services
from khcn.programs.models import Program, ValueType

SHEET = "Mục tiêu"
INDICATOR_SHEET = "Chỉ tiêu"
UNIT_SHEET = "Đơn vị"
CODE, NAME, UNIT_CODE, UNIT, YEAR, VALUE = "Mã chỉ tiêu", "Chỉ tiêu", "Mã đơn vị", "Đơn vị", "Năm", "Giá trị"
HEADERS = [CODE, NAME, UNIT_CODE, UNIT, YEAR, VALUE]
REQUIRED = [CODE, UNIT_CODE, YEAR, VALUE]
COLUMN_OF_FIELD = {"indicator": CODE, "unit": UNIT_CODE, "year": YEAR, "value": VALUE}
TARGET_TYPES = [ValueType.PERCENT, ValueType.COUNT, ValueType.MONEY, ValueType.RATIO, ValueType.BOOLEAN]


def _header(ws: Worksheet, headers: list[str], widths: list[int]) -> None:
    ws.append(headers)
    fill = PatternFill("solid", fgColor="DCE6F1")
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.freeze_panes = "A2"


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def targets_workbook(*, program: Program) -> bytes:
    """The programme's targets, and the indicator and unit codes an upload may use."""
    indicators = list(
        program.indicators.filter(value_type__in=TARGET_TYPES).order_by("group__position", "position", "code")
    )
    units = list(selectors.target_units(program=program))
    wb = workbook_new()
    ws = wb.active
    assert isinstance(ws, Worksheet)
    ws.title = SHEET
    _header(ws, HEADERS, [12, 60, 12, 30, 8, 16])
    grey = PatternFill("solid", fgColor="E9ECEF")
    targets = selectors.target_list(program=program).order_by("year", "indicator__code", "unit__sort_key")
    for t in targets:
        ws.append(
            [
                t.indicator.code,
                t.indicator.name,
                t.unit.code if t.unit else "",
                t.unit.full_name if t.unit else "",
                t.year,
                _number(t.value),
            ]
        )
    last = max(ws.max_row, 2) + 500  # room for the rows the Department adds
    for row in ws.iter_rows(min_row=2, max_row=last):
        row[1].fill = row[3].fill = grey
        row[2].number_format = "@"  # keep the leading zeros of unit codes
    with translation.override("vi"):
        listing = wb.create_sheet(INDICATOR_SHEET)
        _header(listing, ["Mã", "Tên chỉ tiêu", "Kiểu số liệu", "Đơn vị tính"], [10, 70, 22, 14])
        for ind in indicators:
            listing.append([ind.code, ind.name, str(ind.get_value_type_display()), ind.unit_of_measure])
    unit_sheet = wb.create_sheet(UNIT_SHEET)
    _header(unit_sheet, ["Mã", "Tên đơn vị"], [10, 40])
    for unit in units:
        unit_sheet.append([unit.code, unit.full_name])
    for row in unit_sheet.iter_rows(min_row=2):
        row[0].number_format = "@"
    code_list = DataValidation(
        type="list",
        formula1=f"'{INDICATOR_SHEET}'!$A$2:$A${max(len(indicators) + 1, 2)}",
        allow_blank=True,
        showErrorMessage=True,
        error="Chọn mã chỉ tiêu trong trang “Chỉ tiêu”.",
    )
    years = DataValidation(
        type="whole",
        operator="between",
        formula1=str(program.start_year),
        formula2=str(program.end_year),
        allow_blank=True,
        showErrorMessage=True,
        error=f"Nhập năm từ {program.start_year} đến {program.end_year}.",
    )
    values = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        error="Nhập một số, từ 0 trở lên.",
    )
    for check, column in ((code_list, "A"), (years, "E"), (values, "F")):
        ws.add_data_validation(check)
        check.add(f"{column}2:{column}{last}")
    return workbook_bytes(wb)


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return nfc(str(cell))


def _parse_value(cell: Any) -> Decimal:
    """A number cell, or a number typed as text; the same rules and bounds as report values
    (`core.numbers.parse_number`): it must fit the column, rounded to 4 decimals."""
    if isinstance(cell, bool):
        raise NumberError(NUMBER, _("Enter a number, e.g. 1.234 or 87,5."))
    if isinstance(cell, (int, float)):
        try:
            return bounded(Decimal(str(cell)))
        except InvalidOperation as exc:
            raise NumberError(NUMBER, _("Enter a number, e.g. 1.234 or 87,5.")) from exc
    return parse_number(_text(cell))


def _year(cell: Any) -> int:
    text = _text(cell)
    if not text.isdigit():
        raise ValueError(text)
    return int(text)


@import_guarded
def targets_import(*, user: Any, program: Program, file: IO[bytes]) -> ImportResult:
    """Check every filled row of an uploaded target workbook; save all of it, or nothing."""
    if not user.has_perm("programs.manage_program"):
        raise PermissionDenied
    result = ImportResult()
    wb = workbook_open(file)  # checked for size before it is parsed
    if SHEET not in wb.sheetnames:
        result.errors.append(RowError("", 0, "", _("The workbook has no sheet “%(sheet)s”.") % {"sheet": SHEET}))
        return result
    rows = sheet_rows(wb, SHEET)  # stops at the first row over the import limits
    header = [_text(h) for h in next(rows, ())]
    missing = [h for h in REQUIRED if h not in header]
    if missing:
        result.errors.append(
            RowError(SHEET, 1, ", ".join(missing), _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
        )
        return result
    pos = {name: header.index(name) for name in REQUIRED}
    indicators = {ind.code: ind for ind in program.indicators.select_related("program")}
    units: dict[str, AdminUnit] = {}
    for known in selectors.target_units(program=program).order_by("-valid_from"):
        units.setdefault(known.code, known)  # a code reused after the reform: the unit in force last
    existing = {(t.indicator_id, t.unit_id, t.year): t for t in selectors.target_list(program=program)}
    planned: list[tuple[int, dict[str, Any]]] = []
    seen: dict[tuple[int, int | None, int], int] = {}
    for number, raw in enumerate(rows, start=2):
        cell = {name: (raw[i] if i < len(raw) else None) for name, i in pos.items()}
        if _text(cell[VALUE]) == "":
            continue  # a row without a value changes nothing
        result.rows += 1

        def bad(column: str, message: str, row: int = number) -> None:
            result.errors.append(RowError(SHEET, row, column, message))

        code = _text(cell[CODE])
        ind = indicators.get(code)
        if ind is None:
            bad(CODE, _("Unknown indicator “%(code)s”.") % {"code": code})
        unit_code = _text(cell[UNIT_CODE])
        unit: AdminUnit | None = None
        if unit_code:
            unit = units.get(unit_code) or units.get(unit_code.zfill(3)) or units.get(unit_code.zfill(5))
            if unit is None:
                bad(UNIT_CODE, _("No unit with code “%(code)s” has targets in this programme.") % {"code": unit_code})
        try:
            year = _year(cell[YEAR])
        except ValueError:
            bad(YEAR, _("Enter the year as four digits, e.g. %(year)s.") % {"year": program.end_year})
            year = None
        try:
            value = _parse_value(cell[VALUE])
        except NumberError as error:
            bad(VALUE, error.message)
            value = None
        if ind is None or year is None or value is None or (unit_code and unit is None):
            continue
        key = (ind.pk, unit.pk if unit else None, year)
        if key in seen:
            bad(CODE, _("Row %(row)s already gives this target.") % {"row": seen[key]})
            continue
        seen[key] = number
        try:
            services.target_check(user=user, indicator=ind, unit=unit, year=year, value=value, target=existing.get(key))
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    bad(COLUMN_OF_FIELD.get(name, ""), message)
            continue
        planned.append((number, {"indicator": ind, "unit": unit, "year": year, "value": value}))
    if result.errors:
        result.errors.sort(key=lambda e: (e.row, HEADERS.index(e.column) if e.column in HEADERS else 0))
        return result
    with transaction.atomic():
        for _row, data in planned:
            target = existing.get((data["indicator"].pk, data["unit"].pk if data["unit"] else None, data["year"]))
            if target is not None and target.value == data["value"]:
                continue
            services.target_save(user=user, target=target, expected_version=target.version if target else None, **data)
            result.saved += 1
    return result
