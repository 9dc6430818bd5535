"""Workbook imports: the guard every upload passes before it is parsed, and what an import reports.

An .xlsx is a zip of XML files, so a small upload can unpack to gigabytes (250,000 rows of
one repeated cell, or one 200 MB cell, fit in a few hundred KB). `workbook_open` therefore
checks, in this order and before openpyxl reads anything: the file's size, the sizes the
zip declares for its parts (Python never unpacks more than is declared) and their
compression ratio, and the longest run of text in each sheet and in the shared strings.
`sheet_rows` then reads a sheet row by row and stops at the first row, column or cell over
its limit. The limits are the KHCN_IMPORT_* settings. A refusal is an `ImportRefused`;
importers decorated with `import_guarded` turn it into their one error.
"""

import functools
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any, ParamSpec

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

# Error reports list the problems of at most this many rows, then say how many more there are.
SHOWN_ERROR_ROWS = 200
# A part of the zip that unpacks to more than this may be at most RATIO times its packed size.
# Real sheets pack 5 to 30 times; one cell repeated 250,000 times packs far better.
RATIO_CHECKED_FROM = 1024 * 1024
MAX_RATIO = 100
# The longest text a cell can hold, in bytes of XML per character (UTF-8 and &amp; escapes):
# a generous bound, so that the check before parsing never refuses a cell the exact check accepts.
XML_BYTES_PER_CHAR = 6
CHUNK = 1024 * 1024


@dataclass
class RowError:
    """One problem: the sheet, the row (0 for the whole file), the column header, the message."""

    sheet: str
    row: int
    column: str
    message: str
    code: str = ""  # set on refusals of the whole file (ImportRefused.code)


@dataclass
class ImportResult:
    """Every problem found (nothing is saved while there is one), rows read and records saved."""

    errors: list[RowError] = field(default_factory=list)
    rows: int = 0
    saved: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def shown_errors(self) -> list[RowError]:
        """The problems of the first SHOWN_ERROR_ROWS rows with any: enough to start correcting."""
        rows: set[tuple[str, int]] = set()
        shown = []
        for error in self.errors:
            key = (error.sheet, error.row)
            if key not in rows and len(rows) == SHOWN_ERROR_ROWS:
                continue
            rows.add(key)
            shown.append(error)
        return shown

    @property
    def hidden_rows(self) -> int:
        """How many more rows have problems than `shown_errors` lists."""
        return max(0, len({(e.sheet, e.row) for e in self.errors}) - SHOWN_ERROR_ROWS)


class ImportRefused(Exception):
    """An upload refused as a whole: not a workbook, or over one of the import limits."""

    def __init__(self, message: str, *, code: str, sheet: str = "", row: int = 0, column: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.error = RowError(sheet, row, column, message, code)


P = ParamSpec("P")


def import_guarded(func: Callable[P, ImportResult]) -> Callable[P, ImportResult]:
    """Let an importer stop at the first refusal: it answers with that one error, saving nothing."""

    @functools.wraps(func)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> ImportResult:
        try:
            return func(*args, **kwargs)
        except ImportRefused as refusal:
            return ImportResult(errors=[refusal.error])

    return guarded


def _size(file: IO[bytes]) -> int:
    size = getattr(file, "size", None)
    if isinstance(size, int):
        return size
    file.seek(0, 2)
    size = file.tell()
    file.seek(0)
    return size


def _n(number: int) -> str:
    return f"{number:,}".replace(",", ".")  # 30.000, as Vietnamese write it


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def _not_a_workbook() -> ImportRefused:
    return ImportRefused(_("The file is not an Excel workbook (.xlsx)."), code="not_xlsx")


def _longest_text(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bool:
    """Whether some text between two XML tags in the part is longer than `limit` bytes.

    Reads the part in chunks (never all of it at once) and stops at the first such run.
    """
    run = 0
    with archive.open(info) as part:
        while chunk := part.read(CHUNK):
            pieces = chunk.replace(b">", b"<").split(b"<")
            if len(pieces) == 1:
                run += len(chunk)
            else:
                if run + len(pieces[0]) > limit or max(len(p) for p in pieces[1:]) > limit:
                    return True
                run = len(pieces[-1])
            if run > limit:
                return True
    return False


def workbook_open(file: IO[bytes]) -> Workbook:
    """Open an uploaded .xlsx for reading, after the checks that need no parsing.

    Raises ImportRefused with a message saying which limit the file passed and what to do.
    """
    size = _size(file)
    max_bytes = settings.KHCN_IMPORT_MAX_MB * 1024 * 1024
    if size > max_bytes:
        raise ImportRefused(
            _("The file is %(size)s MB; workbooks of at most %(limit)s MB are taken. Split it into smaller files.")
            % {"size": _mb(size), "limit": settings.KHCN_IMPORT_MAX_MB},
            code="file_too_large",
        )
    file.seek(0)
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _not_a_workbook() from None
    with archive:
        parts = archive.infolist()
        unpacked = sum(info.file_size for info in parts)
        packed_too_well = any(
            info.file_size > RATIO_CHECKED_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1)
            for info in parts
        )
        if unpacked > settings.KHCN_IMPORT_MAX_UNPACKED_MB * 1024 * 1024 or packed_too_well:
            raise ImportRefused(
                _(
                    "The workbook unpacks to %(size)s MB, far more than its rows need (at most %(limit)s MB are "
                    "taken). Copy only the rows to import into a new workbook and upload that."
                )
                % {"size": _mb(unpacked), "limit": settings.KHCN_IMPORT_MAX_UNPACKED_MB},
                code="unpacked_too_large",
            )
        text_limit = settings.KHCN_IMPORT_MAX_CELL_CHARS * XML_BYTES_PER_CHAR
        for info in parts:
            if info.filename.startswith("xl/") and info.filename.endswith(".xml"):
                try:
                    too_long = _longest_text(archive, info, text_limit)
                except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
                    raise _not_a_workbook() from None
                if too_long:
                    raise _cell_too_long()
    file.seek(0)
    try:
        return load_workbook(file, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise _not_a_workbook() from None


def _cell_too_long(sheet: str = "", row: int = 0, column: str = "") -> ImportRefused:
    return ImportRefused(
        _("A cell holds more than %(limit)s characters. Shorten it, or attach the text as a file.")
        % {"limit": _n(settings.KHCN_IMPORT_MAX_CELL_CHARS)},
        code="cell_too_long",
        sheet=sheet,
        row=row,
        column=column,
    )


def sheet_rows(wb: Workbook, sheet: str) -> Iterator[tuple[Any, ...]]:
    """The sheet's rows as values (the header row first), stopping at the first row over a limit.

    Refuses at once a sheet whose declared size is over the limits, then checks each row as it
    is read: no more than KHCN_IMPORT_MAX_ROWS rows after the header, no value beyond column
    KHCN_IMPORT_MAX_COLUMNS, no text longer than KHCN_IMPORT_MAX_CELL_CHARS.
    """
    ws = wb[sheet]
    max_rows, max_columns = settings.KHCN_IMPORT_MAX_ROWS, settings.KHCN_IMPORT_MAX_COLUMNS
    too_many_rows = ImportRefused(
        ngettext(
            "The sheet “%(sheet)s” has more than %(limit)s row to import; split it into smaller files.",
            "The sheet “%(sheet)s” has more than %(limit)s rows to import; split it into smaller files.",
            max_rows,
        )
        % {"sheet": sheet, "limit": _n(max_rows)},
        code="too_many_rows",
        sheet=sheet,
    )
    too_many_columns = ImportRefused(
        _("The sheet “%(sheet)s” has more than %(limit)s columns; use the workbook downloaded from the system.")
        % {"sheet": sheet, "limit": max_columns},
        code="too_many_columns",
        sheet=sheet,
    )
    declared_rows, declared_columns = ws.max_row, ws.max_column  # from the sheet's <dimension>, if any
    if declared_columns and declared_columns > max_columns:
        raise too_many_columns
    if declared_rows and declared_rows > max_rows + 1:
        raise too_many_rows
    ws.reset_dimensions()  # rows are not padded to a declared width
    for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if number > max_rows + 1:
            raise too_many_rows
        if len(row) > max_columns and any(value not in (None, "") for value in row[max_columns:]):
            too_many_columns.error.row = number
            raise too_many_columns
        for index, value in enumerate(row[:max_columns]):
            if isinstance(value, str) and len(value) > settings.KHCN_IMPORT_MAX_CELL_CHARS:
                raise _cell_too_long(sheet, number, get_column_letter(index + 1))
        yield row[:max_columns]
