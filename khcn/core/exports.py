"""Export of what a list page shows (its filters and sort applied) to .xlsx, and file downloads.

Every workbook KHCN writes is made by `workbook_new()` and turned into bytes by
`workbook_bytes()` (a test fails when a module builds one otherwise): on saving, text that a
spreadsheet would take for a formula is written as plain text (`formula_safe`).
"""

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, MergedCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from khcn.core.text import fold

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The kinds of file the app builds, by extension.
MIME_TYPES = {
    "xlsx": XLSX_MIME,
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "json": "application/json; charset=utf-8",
}


# Text starting with one of these is a formula, or becomes one when the cell is edited, in Excel
# and LibreOffice ("=", and "+", "-", "@" typed first; tab and carriage return before them slip
# past filters that look only at the first character). OWASP, "CSV Injection".
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(cell: Cell | MergedCell) -> None:
    """Make a cell holding formula-like text hold that text, shown and stored as typed.

    The cell becomes a text cell (type "s", never "f") with the "quote prefix" style: the
    apostrophe Excel and LibreOffice put before text typed as ="..." It is not part of the
    value, so the text reads as typed, stays text when someone edits the cell, and comes
    back unchanged when the workbook is imported. Numbers (a negative one too) stay numbers.
    """
    value = cell.value
    if cell.data_type == "f" or (isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)):
        cell.data_type = "s"
        cell.quotePrefix = True


class SafeWorkbook(Workbook):
    """A workbook whose every text cell is made formula-safe when it is saved."""

    def save(self, filename: Any) -> None:
        for ws in self.worksheets:
            for cell in list(ws._cells.values()):  # only the cells written, not the whole grid
                formula_safe(cell)
        super().save(filename)


def sheet_title(text: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of \\ / ? * : [ ]."""
    return re.sub(r"[\\/?*:\[\]]", "-", text)[:31].strip() or "Sheet"


def workbook_new() -> Workbook:
    """The one way KHCN starts a workbook to send out (see `SafeWorkbook`)."""
    return SafeWorkbook()


def workbook_bytes(wb: Workbook) -> bytes:
    """The workbook as .xlsx bytes, formula-safe."""
    if not isinstance(wb, SafeWorkbook):
        raise TypeError("Start workbooks with khcn.core.exports.workbook_new().")
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def download_name(*parts: Any, ext: str) -> str:
    """A file name that says what the file is, as an ASCII slug: unit, period, number, not an id.

    download_name("Báo cáo", "Xã Mê Linh", "6 tháng đầu năm 2026", ext="docx")
    == "bao-cao-xa-me-linh-6-thang-dau-nam-2026.docx". Empty parts are left out; the stem is
    kept under 120 characters so that every system can store it.
    """
    words = [re.sub(r"[^a-z0-9]+", "-", fold(str(p))).strip("-") for p in parts if p not in (None, "")]
    stem = "-".join(w for w in words if w)[:120].rstrip("-")
    return f"{stem or 'tep'}.{ext}"


def download_response(content: bytes, *, filename: str) -> HttpResponse:
    """A built file (.xlsx, .docx, .pdf, .json) sent as a download named `filename`."""
    response = HttpResponse(content, content_type=MIME_TYPES[filename.rsplit(".", 1)[-1]])
    # The name may hold a user's text (an indicator's code): no line breaks or quotes in a header,
    # and a Vietnamese name goes as RFC 6266 filename*.
    clean = re.sub(r'[\x00-\x1f\x7f"\\/]', "-", filename)
    response["Content-Disposition"] = content_disposition_header(True, clean) or "attachment"
    return response


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, (int, float, date)) or value is None:
        return value
    if isinstance(value, Decimal):  # a number stays a number in the sheet
        return int(value) if value == value.to_integral_value() else float(value)
    # Text stored before control characters were cleaned on input: drop what a sheet cannot hold.
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def xlsx_response(*, filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    """Build an .xlsx with a bold title row, a header row, data rows and frozen headers."""
    wb = workbook_new()
    ws = wb.active
    assert isinstance(ws, Worksheet)
    ws.title = sheet_title(title)
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(list(headers))
    header_fill = PatternFill("solid", fgColor="DCE6F1")
    for col in range(1, len(headers) + 1):
        cell = ws.cell(row=2, column=col)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    widths = [len(h) for h in headers]
    for count, row in enumerate(rows):
        if count >= settings.KHCN_EXPORT_MAX_ROWS:
            break
        values = [_cell(v) for v in row]
        ws.append(values)
        for i, v in enumerate(values):
            widths[i] = max(widths[i], min(len(str(v or "")), 60))
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(10, w + 2)
    ws.freeze_panes = "A3"
    return download_response(workbook_bytes(wb), filename=filename)


def table_xlsx_response(table: Any, *, filename: str, title: str) -> HttpResponse:
    """Export a django-tables2 table: every filtered row in the current sort, not one page."""
    values = iter(table.as_values(exclude_columns=getattr(table, "export_exclude", ())))
    headers = [str(h) for h in next(values)]
    return xlsx_response(filename=filename, title=title, headers=headers, rows=values)
