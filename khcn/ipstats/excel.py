"""The province's IP statistics in Excel: the workbook export (the year × kind table and the
rows) and the import of the workbook the IP Office's figures come in.

Import: one row per year and kind. Every row is checked with the same rules as the page; if
any row is wrong nothing is saved and every wrong row is listed with its number. A row for a
year and kind already entered replaces its figures (the earlier ones stay in its history).
"""

from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from khcn.core.bounds import YEAR_MAX, YEAR_MIN
from khcn.core.exports import sheet_title, workbook_bytes, workbook_new
from khcn.core.imports import ImportResult, RowError, import_guarded
from khcn.core.text import fold, nfc
from khcn.ipstats import services
from khcn.ipstats.models import COUNT_MAX, DEFAULT_SOURCE, IpKind, IpStatistic
from khcn.ipstats.selectors import StatisticsTable
from khcn.registers.imports import cell_text, data_rows, planned_save

SHEET = "Thống kê SHTT"
HEADERS = ["Năm", "Loại đối tượng", "Số đơn nộp", "Số văn bằng được cấp", "Nguồn số liệu", "Ghi chú"]
COL = {name: i for i, name in enumerate(HEADERS)}
FIELD_COLUMNS = {
    "year": HEADERS[0],
    "kind": HEADERS[1],
    "applications": HEADERS[2],
    "grants": HEADERS[3],
    "source": HEADERS[4],
    "note": HEADERS[5],
}
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")


def _kind_names() -> dict[str, str]:
    """A kind as the sheet may name it: its Vietnamese label or its code, folded."""
    names: dict[str, str] = {}
    for value, label in IpKind.choices:
        names[fold(value)] = value
        names[fold(str(label))] = value
        names[fold(IMPORT_LABELS[value])] = value
    return names


# The kinds as the template writes them (Vietnamese, whatever the language of the request).
IMPORT_LABELS: dict[str, str] = {
    IpKind.PATENT: "Sáng chế",
    IpKind.UTILITY_SOLUTION: "Giải pháp hữu ích",
    IpKind.INDUSTRIAL_DESIGN: "Kiểu dáng công nghiệp",
    IpKind.TRADEMARK: "Nhãn hiệu",
    IpKind.GEOGRAPHICAL_INDICATION: "Chỉ dẫn địa lý",
}


def statistics_template() -> bytes:
    """The empty workbook to fill, with example rows of one year."""
    wb = workbook_new()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = BOLD
    for kind in (IpKind.PATENT, IpKind.UTILITY_SOLUTION):
        ws.append([2025, IMPORT_LABELS[kind], 0, 0, DEFAULT_SOURCE, "Ví dụ: thay bằng số liệu thật"])
    lists = wb.create_sheet("Danh mục")
    lists.append(["Loại đối tượng (ghi đúng một trong các tên này)"])
    for label in IMPORT_LABELS.values():
        lists.append([label])
    for letter, width in zip("ABCDEF", [8, 26, 14, 20, 26, 40], strict=True):
        ws.column_dimensions[letter].width = width
    lists.column_dimensions["A"].width = 50
    ws.freeze_panes = "A2"
    return workbook_bytes(wb)


def statistics_workbook(*, table: StatisticsTable, rows: list[IpStatistic], title: str) -> bytes:
    """The export: the year × kind table with its totals as shown, and the rows with their
    source and notes (what the officer typed, written as text: core.exports)."""
    wb = workbook_new()
    ws = wb.active
    assert ws is not None
    ws.title = sheet_title(_("Year by kind"))
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=13)
    top = [_("Year")]
    for _value, label in table.kinds:
        top += [label, ""]
    top += [_("Total"), ""]
    ws.append(top)
    second = [""] + [_("Applications"), _("Grants")] * (len(table.kinds) + 1)
    ws.append(second)
    for column in range(1, len(top) + 1):
        for row in (2, 3):
            cell = ws.cell(row=row, column=column)
            cell.font = BOLD
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    for index in range(len(table.kinds) + 1):
        start = 2 + 2 * index
        ws.merge_cells(start_row=2, start_column=start, end_row=2, end_column=start + 1)
    ws.merge_cells(start_row=2, start_column=1, end_row=3, end_column=1)
    for line in table.rows:
        values: list[Any] = [line.year]
        for figures in line.cells:
            values += [figures.applications, figures.grants]
        ws.append([*values, line.applications, line.grants])
    totals: list[Any] = [_("Total")]
    for figures in table.totals:
        totals += [figures.applications, figures.grants]
    ws.append([*totals, table.applications, table.grants])
    for cell in ws[ws.max_row]:
        cell.font = BOLD
    ws.column_dimensions["A"].width = 10
    for column in range(2, len(top) + 1):
        ws.column_dimensions[get_column_letter(column)].width = 14
    ws.freeze_panes = "B4"

    detail = wb.create_sheet(sheet_title(_("Rows")))
    headers = [_("Year"), _("IP kind"), _("Applications filed"), _("Titles granted"), _("Source"), _("Notes")]
    detail.append(headers)
    for cell in detail[1]:
        cell.font = BOLD
        cell.fill = HEADER_FILL
    for record in rows:
        detail.append(
            [record.year, record.get_kind_display(), record.applications, record.grants, record.source, record.note]
        )
    for letter, width in zip("ABCDEF", [8, 26, 16, 16, 28, 50], strict=True):
        detail.column_dimensions[letter].width = width
    detail.freeze_panes = "A2"
    return workbook_bytes(wb)


def _count(value: Any, low: int, high: int) -> int | None:
    """A whole number in [low, high] as a cell holds it (a number, or text like 12.422), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        text = cell_text(value).replace(".", "").replace(" ", "")
        if not text.isdigit():
            return None
        number = int(text)
    return number if low <= number <= high else None


@import_guarded
def statistics_import(*, user: Any, file: IO[bytes]) -> ImportResult:
    """Enter (or replace) one year's figures of one kind per filled row, all or nothing."""
    if not user.has_perm("ipstats.import_statistics"):
        raise PermissionDenied
    result, rows = data_rows(file, SHEET, HEADERS)
    kinds = _kind_names()
    seen: dict[tuple[int, str], int] = {}
    planned: list[tuple[int, dict[str, Any]]] = []
    for number, values in enumerate(rows, start=2):
        cells = {name: values[i] if i < len(values) else None for name, i in COL.items()}
        if not any(cell_text(v) for v in cells.values()):
            continue
        result.rows += 1

        def bad(column: str, message: str, row: int = number) -> None:
            result.errors.append(RowError(SHEET, row, column, message))

        year = _count(cells[HEADERS[0]], YEAR_MIN, YEAR_MAX)
        if year is None:
            bad(HEADERS[0], f"Nhập năm từ {YEAR_MIN} đến {YEAR_MAX}.")
        kind = kinds.get(fold(cell_text(cells[HEADERS[1]])))
        if kind is None:
            bad(HEADERS[1], "Ghi một loại đối tượng của trang “Danh mục”, ví dụ: Sáng chế.")
        counts = {}
        for field_name, column in (("applications", HEADERS[2]), ("grants", HEADERS[3])):
            counts[field_name] = _count(cells[column], 0, COUNT_MAX)
            if counts[field_name] is None:
                bad(column, f"Nhập số nguyên từ 0 đến {COUNT_MAX:,}.".replace(",", "."))
        if year is not None and kind is not None:
            if (year, kind) in seen:
                bad(HEADERS[1], f"Năm {year} và loại này đã có ở dòng {seen[(year, kind)]} của tệp.")
            else:
                seen[(year, kind)] = number
        source = cell_text(cells[HEADERS[4]])
        if len(source) > 200:
            bad(HEADERS[4], "Nguồn số liệu dài quá 200 ký tự.")
        data = {
            "year": year,
            "kind": kind,
            **counts,
            "source": source or DEFAULT_SOURCE,
            "note": nfc(str(cells[HEADERS[5]] or "")).strip(),
        }
        planned.append((number, data))
    denied = RowError(SHEET, 0, "", "Bạn không có quyền nhập số liệu này.")
    return planned_save(
        result,
        planned,
        sheet=SHEET,
        headers=HEADERS,
        save=lambda **data: _save_row(user, data),
        columns=FIELD_COLUMNS,
        denied=denied,
    )


def _save_row(user: Any, data: dict[str, Any]) -> IpStatistic:
    existing = IpStatistic.objects.filter(year=data["year"], kind=data["kind"]).first()
    if existing is None:
        return services.statistic_create(user=user, **data)
    for name in ("applications", "grants", "source", "note"):
        setattr(existing, name, data[name])
    return services.statistic_update(user=user, statistic=existing, expected_version=existing.version)
