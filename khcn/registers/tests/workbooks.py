"""Real .xlsx files for import tests, built with openpyxl."""

from collections.abc import Sequence
from io import BytesIO
from typing import Any

from openpyxl import Workbook, load_workbook


def xlsx(sheet: str, rows: Sequence[Sequence[Any]], name: str = "nhap.xlsx") -> BytesIO:
    """A workbook with one sheet named `sheet` holding `rows` (the header first)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    for row in rows:
        ws.append(list(row))
    buffer = BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = name
    return buffer


def header_row(content: bytes, sheet: str) -> list[Any]:
    """The first row of `sheet` in the workbook `content` (fails if the sheet is missing)."""
    ws = load_workbook(BytesIO(content), read_only=True)[sheet]
    return list(next(ws.iter_rows(values_only=True)))
