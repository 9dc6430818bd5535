"""A period's workbook: download blank or filled, upload back atomically.

One row per unit × indicator (sheet "Số liệu"), headers in Vietnamese, data validation on
the value cells by indicator type. The import reads every row, checks it with the same
rules as the report page (validation.validate, report_save), and reports every bad row
with its sheet, row, column and message; nothing is saved unless every row passes.
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from khcn.accounts.scoping import visible
from khcn.core.exports import workbook_bytes, workbook_new
from khcn.core.imports import ImportResult, RowError, import_guarded, sheet_rows, workbook_open
from khcn.programs.models import ReportingPeriod, ValueType
from khcn.reporting import selectors, services
from khcn.reporting.formatting import entry_strings, input_number
from khcn.reporting.models import Report, Value
from khcn.reporting.validation import Entry, validate

SHEET = "Số liệu"
HEADERS = [
    "Mã đơn vị",
    "Đơn vị",
    "Mã chỉ tiêu",
    "Chỉ tiêu",
    "Kiểu số liệu",
    "Đơn vị tính",
    "Giá trị",
    "Tử số",
    "Mẫu số",
    "Giải thích",
]
COL = {name: i for i, name in enumerate(HEADERS)}
TYPE_LABELS = {
    ValueType.PERCENT: "Tỷ lệ % (0-100)",
    ValueType.COUNT: "Số nguyên",
    ValueType.MONEY: "Số tiền (đồng)",
    ValueType.RATIO: "Tỷ số x/y (điền Tử số, Mẫu số)",
    ValueType.BOOLEAN: "Có/Không",
    ValueType.DATE: "Ngày (dd/mm/yyyy)",
    ValueType.TEXT: "Chữ",
}


def workbook_export(*, period: ReportingPeriod, user: Any, filled: bool) -> bytes:
    """The period's workbook for every expected unit in the user's scope, blank or filled."""
    items = selectors.form_items(period=period)
    units = list(visible(selectors.period_expected_units(period=period), user))
    values: dict[tuple[int, int], Value] = {}
    if filled:
        for v in Value.objects.filter(report__period=period, report__unit__in=units).select_related("report"):
            values[(v.report.unit_id, v.indicator_id)] = v
    wb = workbook_new()
    ws = wb.active
    assert isinstance(ws, Worksheet)
    ws.title = SHEET
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DCE6F1")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    at_least_zero = {"operator": "greaterThanOrEqual", "formula1": "0"}
    checks = {
        ValueType.PERCENT: _check(
            "decimal", "Nhập tỷ lệ từ 0 đến 100.", operator="between", formula1="0", formula2="100"
        ),
        ValueType.COUNT: _check("whole", "Nhập số nguyên, từ 0 trở lên.", **at_least_zero),
        ValueType.MONEY: _check("decimal", "Nhập số tiền từ 0 trở lên.", **at_least_zero),
        ValueType.BOOLEAN: _check("list", "Chọn Có hoặc Không.", formula1='"Có,Không"'),
        ValueType.RATIO: _check("whole", "Nhập số nguyên, từ 0 trở lên.", **at_least_zero),
    }
    for dv in checks.values():
        ws.add_data_validation(dv)
    row = 1
    for unit in units:
        for ind, _required in items:
            row += 1
            value = values.get((unit.pk, ind.pk))
            ws.append(
                [
                    unit.code,
                    unit.full_name,
                    ind.code,
                    ind.name,
                    TYPE_LABELS[ValueType(ind.value_type)],
                    ind.unit_of_measure,
                    *_cells(value, ind),
                ]
            )
            vt = ValueType(ind.value_type)
            if vt == ValueType.RATIO:
                checks[vt].add(f"H{row}:I{row}")
            elif vt in checks:
                checks[vt].add(f"G{row}")
    for col, width in zip("ABCDEFGHIJ", (10, 26, 10, 60, 22, 12, 14, 10, 10, 40), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "C2"
    guide = wb.create_sheet("Hướng dẫn")
    for line in (
        f"Kỳ báo cáo: {period.name} — {period.form.name}",
        "Mỗi dòng là một chỉ tiêu của một đơn vị. Chỉ điền các cột Giá trị, Tử số, Mẫu số, Giải thích.",
        "Số viết theo kiểu Việt Nam (1.234,5) hoặc nhập số trực tiếp trong Excel. Tỷ lệ % điền từ 0 đến 100.",
        "Chỉ tiêu dạng tỷ số (ví dụ 5/18 đài truyền thanh thông minh): điền Tử số = 5 và Mẫu số = 18.",
        "Chỉ tiêu Có/Không: chọn Có hoặc Không.",
        "Khi tải lên, hệ thống kiểm tra mọi dòng; nếu có dòng sai thì không lưu gì và liệt kê mọi dòng sai.",
    ):
        guide.append([line])
    guide.column_dimensions["A"].width = 120
    return workbook_bytes(wb)


def _check(kind: Any, error: str, **rule: Any) -> DataValidation:
    """A cell rule Excel enforces while the unit types, with its message in Vietnamese."""
    return DataValidation(type=kind, allow_blank=True, error=error, showErrorMessage=True, **rule)


def _cells(value: Value | None, ind: Any) -> list[Any]:
    if value is None:
        return ["", "", "", ""]
    vt = ind.value_type
    if vt == ValueType.RATIO:
        return ["", _num(value.numerator), _num(value.denominator), value.explanation]
    if vt in (ValueType.PERCENT, ValueType.COUNT, ValueType.MONEY):
        return [_num(value.number), "", "", value.explanation]
    if vt == ValueType.BOOLEAN:
        return ["" if value.flag is None else ("Có" if value.flag else "Không"), "", "", value.explanation]
    strings = entry_strings(value, ind)
    return [strings["value"], "", "", value.explanation]


def _num(d: Decimal | None) -> int | float | str:
    if d is None:
        return ""
    return int(d) if d == d.to_integral_value() else float(d)


def _text(cell: Any) -> str:
    """A cell as the string the validator reads: numbers in the Vietnamese input format."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "1" if cell else "0"
    if isinstance(cell, (int, float)):
        try:
            return input_number(Decimal(str(cell)))
        except InvalidOperation:
            return str(cell)
    if hasattr(cell, "strftime"):
        return cell.strftime("%d/%m/%Y")
    return str(cell).strip()


def _unit_for(cell: Any, units: dict[str, Any]) -> Any:
    """Match a unit code even when Excel turned "09022" into the number 9022."""
    if cell is None:
        return None
    code = str(int(cell)) if isinstance(cell, (int, float)) else str(cell).strip()
    return units.get(code) or units.get(code.zfill(3)) or units.get(code.zfill(5))


@import_guarded
def workbook_import(
    *, period: ReportingPeriod, user: Any, file: IO[bytes], submit: bool = False, today: date | None = None
) -> ImportResult:
    """Check every row of an uploaded workbook; save all of it, or nothing.

    Rows name a unit by its official code and an indicator by its code. A unit must be
    expected in the period, within the user's scope, and its report still editable. Values
    are checked by the same rules as the report page; values not in the file keep what is
    stored, and rows left blank change nothing. With `submit`, each report is also submitted
    (so required values must be there).
    """
    result = ImportResult()
    try:
        services.period_check_open(period=period, today=today)  # a workbook is taken only while open
    except ValidationError as error:
        result.errors.append(RowError("", 0, "", error.messages[0]))
        return result
    wb = workbook_open(file)  # checked for size before it is parsed
    if SHEET not in wb.sheetnames:
        result.errors.append(RowError("", 0, "", _("The workbook has no sheet “%(sheet)s”.") % {"sheet": SHEET}))
        return result
    rows = sheet_rows(wb, SHEET)  # stops at the first row over the import limits
    header = [str(h or "").strip() for h in next(rows, [])]
    missing = [h for h in ("Mã đơn vị", "Mã chỉ tiêu", "Giá trị", "Tử số", "Mẫu số") if h not in header]
    if missing:
        result.errors.append(
            RowError(SHEET, 1, ", ".join(missing), _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
        )
        return result
    pos = {name: header.index(name) for name in HEADERS if name in header}
    items = selectors.form_items(period=period)
    by_code = {ind.code: ind for ind, _r in items}
    units = {u.code: u for u in selectors.period_expected_units(period=period)}
    reports = {r.unit_id: r for r in Report.objects.filter(period=period, unit__in=units.values())}
    entries: dict[int, dict[int, Entry]] = defaultdict(dict)
    where: dict[tuple[int, int], int] = {}
    for number, raw in enumerate(rows, start=2):
        cell = {name: (raw[i] if i < len(raw) else None) for name, i in pos.items()}
        if all(v in (None, "") for v in cell.values()):
            continue
        if all(cell.get(c) in (None, "") for c in ("Giá trị", "Tử số", "Mẫu số", "Giải thích")):
            continue  # a row left blank changes nothing
        result.rows += 1
        unit = _unit_for(cell.get("Mã đơn vị"), units)
        ind = by_code.get(_text(cell.get("Mã chỉ tiêu")))
        if unit is None:
            result.errors.append(
                RowError(
                    SHEET,
                    number,
                    "Mã đơn vị",
                    _("No unit with code “%(code)s” reports in this period.") % {"code": _text(cell.get("Mã đơn vị"))},
                )
            )
            continue
        if ind is None:
            result.errors.append(
                RowError(
                    SHEET,
                    number,
                    "Mã chỉ tiêu",
                    _("Unknown indicator “%(code)s”.") % {"code": _text(cell.get("Mã chỉ tiêu"))},
                )
            )
            continue
        probe = reports.get(unit.pk) or Report(period=period, unit=unit)
        if not user.has_perm("reporting.fill_report", probe):
            result.errors.append(
                RowError(
                    SHEET, number, "Mã đơn vị", _("You may not enter figures for %(unit)s.") % {"unit": unit.full_name}
                )
            )
            continue
        if probe.pk and not probe.is_editable:
            result.errors.append(
                RowError(
                    SHEET,
                    number,
                    "Mã đơn vị",
                    _("The report of %(unit)s is “%(status)s” and cannot be changed.")
                    % {"unit": unit.full_name, "status": probe.get_status_display()},
                )
            )
            continue
        if (unit.pk, ind.pk) in where:
            result.errors.append(
                RowError(
                    SHEET,
                    number,
                    "Mã chỉ tiêu",
                    _("Row %(row)s already gives this indicator for this unit.") % {"row": where[(unit.pk, ind.pk)]},
                )
            )
            continue
        where[(unit.pk, ind.pk)] = number
        value = _text(cell.get("Giá trị"))
        if ind.value_type == ValueType.BOOLEAN:
            value = {"có": "1", "không": "0"}.get(value.casefold(), value)
        entries[unit.pk][ind.pk] = Entry(
            value=value,
            numerator=_text(cell.get("Tử số")),
            denominator=_text(cell.get("Mẫu số")),
            explanation=_text(cell.get("Giải thích")),
        )
    stored: dict[int, dict[int, Value]] = defaultdict(dict)
    unit_of_report = {r.pk: r.unit_id for r in reports.values()}
    for v in Value.objects.filter(report__in=[r for r in reports.values() if r.unit_id in entries]):
        stored[unit_of_report[v.report_id]][v.indicator_id] = v
    rules = list(period.form.rules.all())
    column_of = {
        "number": "Giá trị",
        "count": "Giá trị",
        "percent_range": "Giá trị",
        "money": "Giá trị",
        "boolean": "Giá trị",
        "date": "Giá trị",
        "min": "Giá trị",
        "max": "Giá trị",
        "required": "Giá trị",
        "jump_unexplained": "Giải thích",
        "cross_rule": "Giá trị",
    }
    ratio_ids = {ind.pk for ind, _r in items if ind.value_type == ValueType.RATIO}
    merged: dict[int, dict[int, Entry]] = {}
    for unit_id, unit_entries in entries.items():
        full = {
            ind.pk: Entry(**entry_strings(stored[unit_id].get(ind.pk), ind))
            for ind, _r in items
            if ind.pk in stored[unit_id]
        }
        full.update(unit_entries)
        merged[unit_id] = full
        report = reports.get(unit_id)
        previous = selectors.previous_numbers(report=report) if report else {}
        outcome = validate(items=items, entries=full, rules=rules, previous=previous, strict=submit)
        for iid, problems in outcome.errors.items():
            row = where.get((unit_id, iid), 0)
            for p in problems:
                ratio = p.code.startswith(("ratio", "number")) and iid in ratio_ids
                column = "Tử số, Mẫu số" if ratio else column_of.get(p.code, "Giá trị")
                result.errors.append(RowError(SHEET, row, column, p.message))
    result.errors.sort(key=lambda e: (e.row, e.column))
    if result.errors:
        return result
    unit_objects = {u.pk: u for u in units.values()}
    expected = set(unit_objects)
    with transaction.atomic():
        for unit_id, full in merged.items():
            report = services.report_open(
                period=period, unit=unit_objects[unit_id], user=user, expected=expected, today=today
            )
            outcome = services.report_save(
                report=report,
                user=user,
                entries=full,
                sections={},
                expected_version=report.version,
                submit=submit,
                today=today,
            )
            if not outcome.ok:  # cannot happen after the checks above; never save half a file
                raise ValidationError(_("The workbook changed while it was being imported."))
            result.saved += 1
    return result
