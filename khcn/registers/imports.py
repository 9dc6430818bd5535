"""The atomic .xlsx import of a register: one sheet, a header row, one record per row.

Each row is read into the register's own page form (so a row is checked with exactly the
page's rules and messages) and saved through the register's service; references (an
organisation, a unit, a facility) are written as names or codes and resolved within the
caller's scope, choices as their Vietnamese label or their code. Every bad row is reported
with its column; if there is one, nothing is saved.

The cell helpers below (`cell_text`, `cell_date`, `sheet_check`, `organisation_find`,
`planned_save`) also serve the importers that check their rows by hand (fund, enterprises).
"""

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from khcn.accounts.scoping import visible
from khcn.core.exports import workbook_bytes, workbook_new
from khcn.core.imports import ImportResult, RowError, Workbook, import_guarded, sheet_rows, workbook_open
from khcn.core.text import fold, nfc
from khcn.geo.models import AdminUnit, Organisation

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
    """A blank workbook with the sheet and the header row the import reads; the headers of
    required columns are bold."""
    wb = workbook_new()
    ws = wb.active
    assert ws is not None  # a new workbook has one sheet
    ws.title = sheet
    ws.append([c.header for c in columns])
    for index, (cell, column) in enumerate(zip(ws[1], columns, strict=True), start=1):
        cell.font = Font(bold=column.required)
        ws.column_dimensions[get_column_letter(index)].width = max(14, len(column.header) + 4)
    ws.freeze_panes = "A2"
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
    resolved: dict[tuple[str, str], str | ValueError] = {}  # references looked up once per import
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
                        key = (name, text)
                        if key not in resolved:  # rows often repeat a commune or organisation
                            try:
                                resolved[key] = str(column.resolve(user, text))
                            except ValueError as error:
                                resolved[key] = error
                        found = resolved[key]
                        if isinstance(found, ValueError):
                            result.errors.append(RowError(sheet, number, column.header, str(found)))
                            failed = True
                            continue
                        text = found
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


def _words(text: str) -> str:
    """The words of `text` between spaces, punctuation dropped (to find words within a label)."""
    return " " + " ".join(re.findall(r"\w+", text)) + " "


def choice(choices: type[models.Choices]) -> Resolve:
    """A resolver accepting one of `choices` written as its Vietnamese label, its code, or
    words of the label no other label has ("hợp quy" for "Công bố hợp quy"); case and
    diacritics folded."""

    def resolve(user: Any, text: str) -> Any:
        wanted = fold(text)
        with translation.override("vi"):
            labels = [(value, str(label)) for value, label in choices.choices]
        for value, label in labels:
            if wanted in (fold(str(value)), fold(label)):
                return value
        padded = _words(wanted)
        partial = [value for value, label in labels if padded in _words(fold(label))]
        if len(partial) == 1 and len(wanted) >= 3:
            return partial[0]
        raise ValueError(_("Write one of: %(choices)s.") % {"choices": "; ".join(label for _v, label in labels)})

    return resolve


def writable_organisations(user: Any) -> Any:
    """The organisations the caller may record for."""
    return visible(Organisation.objects.all(), user, action="change")


def writable_units(user: Any) -> Any:
    """The units in force the caller may record for."""
    return visible(AdminUnit.objects.current(), user, action="change")


def organisation_find(organisations: Any, text: str) -> list[Any]:
    """The organisations among `organisations` named by `text`: its tax code, else its exact
    name (case and diacritics folded). None, one, or several when the name is shared."""
    if not text:
        return []
    found = list(organisations.filter(tax_code=text)[:2])
    if found:
        return found
    wanted = fold(text)
    return [o for o in organisations.filter(name_folded__contains=wanted)[:50] if fold(o.name) == wanted]


def organisation_pick(organisations: Any, text: str, *, what: str = "tổ chức") -> Any:
    """The one organisation among `organisations` named by `text` (tax code or exact name);
    ValueError with the Vietnamese message to show when none or several are."""
    found = organisation_find(organisations, text)
    if not found:
        raise ValueError(f"Không tìm thấy {what} “{text}” trong phạm vi của bạn.")
    if len(found) > 1:
        raise ValueError(f"Có nhiều tổ chức tên “{text}”: hãy ghi mã số thuế.")
    return found[0]


def _organisation(user: Any, text: str) -> Any:
    """An organisation the caller writes for, by tax code or exact name."""
    return organisation_pick(writable_organisations(user), text).pk


ORGANISATION: Resolve = _organisation


def _unit(user: Any, text: str) -> Any:
    """A unit in force the caller writes for, named by its official code or its name."""
    units = writable_units(user)
    found = list(units.filter(code=text)[:2])
    if not found:
        wanted = fold(text)
        found = [u for u in units.filter(name_folded__contains=wanted)[:50] if wanted in (fold(u.name), u.name_folded)]
    if len(found) != 1:
        raise ValueError(f"Không có xã, phường “{text}” trong phạm vi của bạn (hoặc có nhiều hơn một): hãy ghi mã.")
    return found[0].pk


UNIT: Resolve = _unit


def record_import(
    *, sheet: str, columns: Sequence[Column], form: type, save: Callable[..., Any], help: Any
) -> dict[str, Any]:
    """A register's `importer`, `template` and `import_help` (pass as `**record_import(...)`):
    rows of `sheet` read into `form` and written as new records by `save` (the register's
    `save(user=, instance=, expected_version=, fields=)`); the template has the same sheet."""

    def run(*, user: Any, file: IO[bytes]) -> ImportResult:
        def create(user: Any, fields: dict[str, Any]) -> Any:
            return save(user=user, instance=None, expected_version=None, fields=fields)

        return workbook_import(user=user, file=file, sheet=sheet, columns=columns, form_class=form, save=create)

    return {
        "importer": run,
        "template": lambda: template_bytes(sheet=sheet, columns=columns),
        "import_help": help,
    }


# ---- cells and rows, for importers that check their rows by hand ----


def cell_text(value: Any) -> str:
    """A cell as one line of NFC text, inner spaces collapsed ("" for an empty cell)."""
    return " ".join(nfc(str(value)).split()) if value is not None else ""


def cell_date(value: Any) -> date | None:
    """A date cell, or text written dd/mm/yyyy or yyyy-mm-dd; None when it is neither."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def sheet_check(wb: Workbook, sheet: str, headers: Sequence[str]) -> RowError | None:
    """Refuse a workbook without the template's sheet or with its header row changed."""
    if sheet not in wb.sheetnames:
        return RowError(sheet, 0, "", f"Không có trang tính “{sheet}”: hãy dùng tệp mẫu tải từ hệ thống.")
    header = [cell_text(v) for v in next(sheet_rows(wb, sheet), ())]
    if header[: len(headers)] != list(headers):
        return RowError(sheet, 1, "", "Dòng tiêu đề đã bị thay đổi: hãy dùng tệp mẫu tải từ hệ thống.")
    return None


def data_rows(file: IO[bytes], sheet: str, headers: Sequence[str]) -> tuple[ImportResult, Iterator[tuple[Any, ...]]]:
    """Open an uploaded workbook for an importer that checks its rows by hand: the result to
    fill and the rows below the header; no rows, and the reason in the result, when the
    workbook lacks the template's sheet or its header row was changed."""
    result = ImportResult()
    wb = workbook_open(file)  # checked for size before it is parsed
    refused = sheet_check(wb, sheet, headers)
    if refused is not None:
        result.errors.append(refused)
        return result, iter(())
    rows = sheet_rows(wb, sheet)
    next(rows, None)  # the header row, checked above
    return result, rows


def example_template(*, sheet: str, headers: Sequence[str], example: Sequence[Any], widths: Sequence[int]) -> bytes:
    """A workbook to fill: `sheet` with the bold header row, one example row (dates shown
    dd/mm/yyyy) and the column widths; the header row stays in view."""
    wb = workbook_new()
    ws = wb.active
    assert ws is not None  # a new workbook has one sheet
    ws.title = sheet
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.append(list(example))
    for cell in ws[2]:
        if isinstance(cell.value, date):
            cell.number_format = "DD/MM/YYYY"
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    return workbook_bytes(wb)


def planned_save(
    result: ImportResult,
    planned: Iterable[tuple[int, dict[str, Any]]],
    *,
    sheet: str,
    headers: Sequence[str],
    save: Callable[..., Any],
    columns: dict[str, str],
    denied: RowError,
) -> ImportResult:
    """Save the rows already checked, in one transaction, unless checking found problems (then
    they are listed by row and column, in the order of `headers`). A row the service refuses
    is reported (its field's column from `columns`; `denied`, at its row, when the caller may
    not write it) and then nothing at all is saved."""
    if result.errors:
        order = {header: i for i, header in enumerate(headers)}
        result.errors.sort(key=lambda e: (e.row, order.get(e.column, len(order))))
        return result
    rows = list(planned)
    try:
        with transaction.atomic():
            for number, data in rows:
                try:
                    save(**data)
                except ValidationError as error:
                    found = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
                    for name, messages in found.items():
                        result.errors += [RowError(sheet, number, columns.get(name, ""), m) for m in messages]
                except PermissionDenied:
                    result.errors.append(RowError(sheet, number, denied.column, denied.message))
            if result.errors:
                raise _Rollback
            result.saved = len(rows)
    except _Rollback:
        result.saved = 0
    return result
