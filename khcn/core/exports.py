"""Export of what a list page shows (its filters and sort applied) to .xlsx, and file downloads."""

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The kinds of file the app builds, by extension.
MIME_TYPES = {
    "xlsx": XLSX_MIME,
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "json": "application/json; charset=utf-8",
}


def download_response(content: bytes, *, filename: str) -> HttpResponse:
    """A built file (.xlsx, .docx, .pdf, .json) sent as a download named `filename`."""
    response = HttpResponse(content, content_type=MIME_TYPES[filename.rsplit(".", 1)[-1]])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, (int, float, date)) or value is None:
        return value
    if isinstance(value, Decimal):  # a number stays a number in the sheet
        return int(value) if value == value.to_integral_value() else float(value)
    return str(value)


def xlsx_response(*, filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    """Build an .xlsx with a bold title row, a header row, data rows and frozen headers."""
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)
    ws.title = title[:31]
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
    buffer = BytesIO()
    wb.save(buffer)
    return download_response(buffer.getvalue(), filename=filename)


def table_xlsx_response(table: Any, *, filename: str, title: str) -> HttpResponse:
    """Export a django-tables2 table: every filtered row in the current sort, not one page."""
    values = iter(table.as_values(exclude_columns=getattr(table, "export_exclude", ())))
    headers = [str(h) for h in next(values)]
    return xlsx_response(filename=filename, title=title, headers=headers, rows=values)
