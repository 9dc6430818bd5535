"""The atomic .xlsx import of a register: one sheet, a header row, one record per row.

Each row is read into the register's own page form (so a row is checked with exactly the
page's rules and messages) and saved through the register's service; references (an
organisation, a unit, a facility) are written as names or codes and resolved within the
caller's scope. Every bad row is reported with its column; if there is one, nothing is saved.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from khcn.core.exports import workbook_bytes, workbook_new
from khcn.core.imports import ImportResult, RowError, import_guarded, sheet_rows, workbook_open
from khcn.core.text import fold

Resolve = Callable[[Any, str], Any]  # (user, text) -> the id to put in the form, or ValueError


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    resolve: Resolve | None = None
    required: bool = False


class _Rollback(Exception):
    pass


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def template_bytes(*, sheet: str, columns: Sequence[Column]) -> bytes:
    """A blank workbook with the header row the import reads."""
    wb = workbook_new()
    ws = wb.active
    assert ws is not None  # a new workbook has one sheet
    ws.append([c.header for c in columns])
    return workbook_bytes(wb)


@import_guarded
def workbook_import(
    *,
    user: Any,
    file: IO[bytes],
    sheet: str,
    columns: Sequence[Column],
    form_class: type,
    save: Callable[[Any, dict[str, Any]], Any],
) -> ImportResult:
    """Read `sheet`, check every row, save all rows or none."""
    wb = workbook_open(file)
    if sheet not in wb.sheetnames:
        return ImportResult(
            errors=[RowError(sheet, 0, "", _("The workbook has no sheet “%(sheet)s”.") % {"sheet": sheet})]
        )
    result = ImportResult()
    rows = sheet_rows(wb, sheet)
    header = [fold(_text(h)) for h in next(rows, ())]
    positions = {c.field: header.index(fold(c.header)) for c in columns if fold(c.header) in header}
    missing = [c.header for c in columns if c.required and c.field not in positions]
    if missing:
        return ImportResult(
            errors=[RowError(sheet, 1, h, _("This column is missing; use the template.")) for h in missing]
        )
    by_field = {c.field: c for c in columns}
    try:
        with transaction.atomic():
            for number, row in enumerate(rows, start=2):
                if all(v in (None, "") for v in row):
                    continue
                result.rows += 1
                data: dict[str, Any] = {}
                failed = False
                for name, index in positions.items():
                    text = _text(row[index]) if index < len(row) else ""
                    column = by_field[name]
                    if text and column.resolve is not None:
                        try:
                            text = str(column.resolve(user, text))
                        except ValueError as error:
                            result.errors.append(RowError(sheet, number, column.header, str(error)))
                            failed = True
                            continue
                    data[name] = text
                if failed:
                    continue
                form = form_class(data, user=user)
                if not form.is_valid():
                    for name, errors in form.errors.items():
                        column_name = by_field[name].header if name in by_field else ""
                        result.errors += [RowError(sheet, number, column_name, str(e)) for e in errors]
                    continue
                fields = {k: v for k, v in form.cleaned_data.items() if k != "loaded_version"}
                try:
                    with transaction.atomic():
                        save(user, fields)
                except ValidationError as error:
                    for name, messages in (
                        error.message_dict.items() if hasattr(error, "error_dict") else [("", error.messages)]
                    ):
                        column_name = by_field[name].header if name in by_field else ""
                        result.errors += [RowError(sheet, number, column_name, m) for m in messages]
                    continue
                except PermissionDenied:
                    result.errors.append(RowError(sheet, number, "", _("You may not record this row.")))
                    continue
                result.saved += 1
            if result.errors:
                raise _Rollback
    except _Rollback:
        result.saved = 0
    return result


def lookup(queryset_of: Callable[[Any], Any], *, field: str, message: str) -> Resolve:
    """A resolver finding one row of `queryset_of(user)` whose `field` matches the text
    (case and diacritics folded); `message` when none or several match."""

    def resolve(user: Any, text: str) -> Any:
        wanted = fold(text)
        found = [row.pk for row in queryset_of(user) if fold(str(getattr(row, field))) == wanted]
        if len(found) != 1:
            raise ValueError(message % {"value": text})
        return found[0]

    return resolve
