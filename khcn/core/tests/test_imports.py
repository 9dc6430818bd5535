"""Workbook uploads are refused before they can exhaust the server (issue 12, defect 5).

Each importer goes through core.imports (`test_exports.test_only_core_builds_or_opens_workbooks`
fails on one that opens a workbook itself). Zip bombs are built here for real; that parsing
stopped early is shown by counting the rows openpyxl produced and by tracemalloc, never by time.
"""

import random
import re
import string
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from io import BytesIO
from typing import Any

import pytest
from openpyxl import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from khcn.core.imports import SHOWN_ERROR_ROWS, ImportResult, RowError
from khcn.meetings import excel as meetings_excel
from khcn.programs import excel as programs_excel
from khcn.reporting import excel as reporting_excel

pytestmark = pytest.mark.django_db
SHEET_XML = "xl/worksheets/sheet1.xml"


@dataclass(frozen=True)
class Importer:
    name: str
    sheet: str
    headers: list[str]
    run: Callable[[Any, BytesIO], ImportResult]  # (pytest request, file) -> result


IMPORTERS = [
    Importer(
        "reporting",
        reporting_excel.SHEET,
        reporting_excel.HEADERS,
        lambda rq, f: reporting_excel.workbook_import(
            period=rq.getfixturevalue("period"), user=rq.getfixturevalue("dept_officer"), file=f
        ),
    ),
    Importer(
        "programs",
        programs_excel.SHEET,
        programs_excel.HEADERS,
        lambda rq, f: programs_excel.targets_import(
            user=rq.getfixturevalue("dept_officer"), program=rq.getfixturevalue("program"), file=f
        ),
    ),
    Importer(
        "meetings",
        meetings_excel.SHEET,
        meetings_excel.HEADERS,
        lambda rq, f: meetings_excel.items_import(user=rq.getfixturevalue("dept_officer"), file=f),
    ),
]


def _xlsx(sheet: str, rows: list[list[Any]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    for row in rows:
        ws.append(row)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _replace(content: bytes, name: str, data: bytes) -> BytesIO:
    """The workbook with one part replaced (deflated, as Excel writes it)."""
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, data if info.filename == name else source.read(info.filename))
    out.seek(0)
    return out


def _bomb(importer: Importer, rows: int, *, numbered: bool) -> BytesIO:
    """A real zip bomb: the importer's header, then `rows` rows of the same cells, no <dimension>."""
    content = _xlsx(importer.sheet, [importer.headers])
    xml = zipfile.ZipFile(BytesIO(content)).read(SHEET_XML).decode()
    xml = re.sub(r"<dimension [^>]*/>", "", xml)
    cells = "".join(f'<c t="inlineStr"><is><t>{letter}</t></is></c>' for letter in "ABCDEF")
    body = (
        "".join(f'<row r="{n}">{cells}</row>' for n in range(2, rows + 2)) if numbered else f"<row>{cells}</row>" * rows
    )
    xml = xml.replace("</sheetData>", body + "</sheetData>")
    return _replace(content, SHEET_XML, xml.encode())


@pytest.fixture
def rows_read(monkeypatch) -> Iterator[list[int]]:  # type: ignore[no-untyped-def]
    """How many rows openpyxl has produced from any sheet, counted as they are read."""
    count = [0]
    original = ReadOnlyWorksheet._cells_by_row  # type: ignore[attr-defined]

    def counting(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        for row in original(self, *args, **kwargs):
            count[0] += 1
            yield row

    monkeypatch.setattr(ReadOnlyWorksheet, "_cells_by_row", counting)
    yield count


def _peak(run: Callable[[], ImportResult]) -> tuple[ImportResult, int]:
    tracemalloc.start()
    try:
        result = run()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _refused(result: ImportResult, code: str) -> RowError:
    assert [e.code for e in result.errors] == [code], result.errors
    return result.errors[0]


# -- the two uploads of the issue -------------------------------------------------------------


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda i: i.name)
def test_zip_bomb_of_250000_rows_is_refused_before_parsing(request, importer, rows_read):
    bomb = _bomb(importer, 250_000, numbered=False)
    assert len(bomb.getvalue()) < 500_000  # a small upload...
    assert zipfile.ZipFile(bomb).getinfo(SHEET_XML).file_size > 30_000_000  # ...that unpacks to 30 MB
    bomb.seek(0)
    result, peak = _peak(lambda: importer.run(request, bomb))
    error = _refused(result, "unpacked_too_large")
    assert "giải nén" in error.message and "MB" in error.message
    assert rows_read[0] == 0  # openpyxl never read a row
    assert peak < 8_000_000  # the 30 MB sheet was never in memory


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda i: i.name)
def test_one_huge_cell_is_refused_before_parsing(request, importer, rows_read):
    content = _xlsx(importer.sheet, [importer.headers, ["x"]])
    xml = zipfile.ZipFile(BytesIO(content)).read(SHEET_XML)
    rng = random.Random(12)  # letters that do not compress away: only the cell check can refuse it
    huge = "".join(rng.choices(string.ascii_letters, k=2_000_000)).encode()
    upload = _replace(content, SHEET_XML, xml.replace(b"<t>x</t>", b"<t>" + huge + b"</t>"))
    assert len(upload.getvalue()) < 2_000_000
    result, peak = _peak(lambda: importer.run(request, upload))
    error = _refused(result, "cell_too_long")
    assert error.message.startswith("Có ô chứa hơn 10.000 ký tự")
    assert rows_read[0] == 0
    assert peak < 8_000_000


# -- every importer, every limit --------------------------------------------------------------


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda i: i.name)
def test_file_over_the_size_limit_is_refused(request, importer, settings):
    settings.KHCN_IMPORT_MAX_MB = 1
    upload = BytesIO(b"\0" * (1024 * 1024 + 1))
    assert "1 MB" in _refused(importer.run(request, upload), "file_too_large").message


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda i: i.name)
def test_workbook_unpacking_over_the_limit_is_refused(request, importer, settings):
    settings.KHCN_IMPORT_MAX_UNPACKED_MB = 0
    upload = BytesIO(_xlsx(importer.sheet, [importer.headers]))
    _refused(importer.run(request, upload), "unpacked_too_large")


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda i: i.name)
def test_a_file_that_is_not_a_workbook_is_refused(request, importer):
    _refused(importer.run(request, BytesIO(b"PK\x03\x04 not really a zip")), "not_xlsx")


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda i: i.name)
def test_sheet_declaring_too_many_rows_is_refused_without_reading_them(request, importer, settings, rows_read):
    settings.KHCN_IMPORT_MAX_ROWS = 5
    upload = BytesIO(_xlsx(importer.sheet, [importer.headers] + [["x"]] * 6))  # openpyxl writes A1:J7
    error = _refused(importer.run(request, upload), "too_many_rows")
    assert error.message == f"Trang tính “{importer.sheet}” có hơn 5 dòng cần nhập; hãy chia thành nhiều tệp nhỏ hơn."
    assert rows_read[0] == 0


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda i: i.name)
def test_reading_stops_at_the_first_row_over_the_limit(request, importer, settings, rows_read):
    """A sheet that hides its size (no <dimension>) is read only up to the limit."""
    settings.KHCN_IMPORT_MAX_ROWS = 1_000
    _refused(importer.run(request, _bomb(importer, 50_000, numbered=True)), "too_many_rows")
    assert rows_read[0] == 1_000 + 2  # the header, the rows allowed, the one over


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda i: i.name)
def test_sheet_with_too_many_columns_is_refused(request, importer, settings):
    settings.KHCN_IMPORT_MAX_COLUMNS = 12
    upload = BytesIO(_xlsx(importer.sheet, [importer.headers, [None] * 19 + ["x"]]))
    _refused(importer.run(request, upload), "too_many_columns")


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda i: i.name)
def test_cell_over_the_length_limit_is_refused_with_its_row(request, importer, settings):
    """Just over the limit: the check before parsing lets it through, the row check does not."""
    settings.KHCN_IMPORT_MAX_CELL_CHARS = 50
    upload = BytesIO(_xlsx(importer.sheet, [importer.headers, ["Kiến nghị " * 6]]))
    error = _refused(importer.run(request, upload), "cell_too_long")
    assert (error.sheet, error.row, error.column) == (importer.sheet, 2, "A")


def test_error_report_lists_the_first_200_rows_and_counts_the_rest():
    result = ImportResult(errors=[RowError("S", row, col, "sai") for row in range(2, 502) for col in ("A", "B")])
    assert len({e.row for e in result.shown_errors}) == SHOWN_ERROR_ROWS
    assert len(result.shown_errors) == 2 * SHOWN_ERROR_ROWS
    assert result.hidden_rows == 500 - SHOWN_ERROR_ROWS
    assert ImportResult(errors=[RowError("S", 2, "A", "sai")]).hidden_rows == 0


def test_import_page_shows_at_most_200_bad_rows(client, dept_officer):
    rows = [meetings_excel.HEADERS] + [["không phải số", "", "", "", "", "", "", "Trả lời"]] * 450
    upload = BytesIO(_xlsx(meetings_excel.SHEET, rows))
    upload.name = "cap-nhat.xlsx"
    client.force_login(dept_officer)
    response = client.post("/meetings/items/import/", {"file": upload})
    assert response.status_code == 422
    page = response.content.decode()
    assert page.count("Mã nội dung phải là số") == SHOWN_ERROR_ROWS
    assert "… và 250 dòng lỗi khác." in page
