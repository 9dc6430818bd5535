"""Workbooks KHCN sends out never carry a live formula (issue 12, defect 3).

Every export goes through `core.exports` (the guard below fails on a module that builds a
workbook itself); `khcn/demo/tests/test_exports_formula_safe.py` downloads every export.
"""

import ast
import zipfile
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from khcn.core.exports import (
    FORMULA_TRIGGERS,
    download_response,
    sheet_title,
    workbook_bytes,
    workbook_new,
    xlsx_response,
)

EVIL = ['=HYPERLINK("http://evil.example/","Bấm vào")', "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "=1+2"]
KHCN = Path(__file__).resolve().parents[2]


def _cells(content: bytes) -> list:  # type: ignore[type-arg]
    wb = load_workbook(BytesIO(content))
    return [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row]


def assert_formula_safe(content: bytes) -> int:
    """No cell of the workbook is a formula; formula-like text is text with a quote prefix.

    Returns how many formula-like texts it found (a test should see some, or it proves nothing).
    """
    with zipfile.ZipFile(BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name)
                assert b"<f>" not in xml and b"<f " not in xml, name
    found = 0
    for cell in _cells(content):
        assert cell.data_type != "f", (cell.coordinate, cell.value)
        text = cell.value
        if isinstance(text, str) and text.lstrip("\n").startswith(FORMULA_TRIGGERS):
            assert cell.data_type == "s" and cell.quotePrefix, (cell.coordinate, text)
            found += 1
    return found


@pytest.mark.parametrize("text", EVIL)
def test_formula_like_text_is_written_as_text_and_reads_back_unchanged(text):
    wb = workbook_new()
    ws = wb.active
    ws.append([text, "Mê Linh"])
    content = workbook_bytes(wb)
    assert assert_formula_safe(content) == 1
    cell = load_workbook(BytesIO(content)).active["A1"]
    assert cell.value == text.replace("\r", "\n") or cell.value == text  # XML keeps CR only when escaped
    assert load_workbook(BytesIO(content), read_only=True).active["B1"].value == "Mê Linh"
    assert not load_workbook(BytesIO(content)).active["B1"].quotePrefix


def test_numbers_stay_numbers_even_negative():
    response = xlsx_response(
        filename="x.xlsx", title="Số liệu", headers=["A", "B", "C"], rows=[[-5, Decimal("-2.5"), "-2+3"]]
    )
    ws = load_workbook(BytesIO(response.content)).active
    assert ws["A3"].value == -5 and ws["A3"].data_type == "n" and not ws["A3"].quotePrefix
    assert ws["B3"].value == -2.5 and ws["B3"].data_type == "n"
    assert ws["C3"].value == "-2+3" and ws["C3"].data_type == "s" and ws["C3"].quotePrefix


def test_list_export_title_and_headers_are_formula_safe_too():
    response = xlsx_response(filename="x.xlsx", title="=1+1", headers=["@A"], rows=[["=2"]])
    assert assert_formula_safe(response.content) == 3


def test_sheet_title_drops_characters_excel_refuses():
    assert sheet_title("Kỳ 6/2026: [thử] *?\\") == "Kỳ 6-2026- -thử- ---"
    assert len(sheet_title("x" * 40)) == 31
    assert sheet_title("///") == "---"


def test_a_workbook_not_made_by_workbook_new_is_refused():
    with pytest.raises(TypeError):
        workbook_bytes(Workbook())


# Who may touch openpyxl's entry points: writers start from core.exports, readers from core.imports.
ALLOWED = {
    "Workbook": {"core/exports.py", "core/imports.py"},  # imports: as a type only
    "save_workbook": set(),
    "save_virtual_workbook": set(),
    "load_workbook": {"core/imports.py"},
}


def _openpyxl_uses(tree: ast.AST) -> set[str]:
    used = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "openpyxl":
            used |= {alias.name for alias in node.names if alias.name in ALLOWED}
        elif isinstance(node, ast.Attribute) and node.attr in ALLOWED:
            base = node.value
            while isinstance(base, ast.Attribute):
                base = base.value
            if isinstance(base, ast.Name) and base.id == "openpyxl":
                used.add(node.attr)
    return used


def test_only_core_builds_or_opens_workbooks():
    """A new export or import that bypasses core.exports / core.imports fails here."""
    offenders = []
    for path in sorted(KHCN.rglob("*.py")):
        relative = path.relative_to(KHCN).as_posix()
        if "/tests/" in f"/{relative}" or "/migrations/" in relative:
            continue
        for name in _openpyxl_uses(ast.parse(path.read_text(encoding="utf-8"))):
            if relative not in ALLOWED[name]:
                offenders.append(f"{relative}: {name}")
    assert offenders == []


def test_the_guard_sees_both_ways_of_reaching_openpyxl():
    tree = ast.parse("import openpyxl\nfrom openpyxl.reader.excel import load_workbook\nopenpyxl.Workbook()\n")
    assert _openpyxl_uses(tree) == {"Workbook", "load_workbook"}


def test_text_stored_with_control_characters_exports_without_them():
    response = xlsx_response(filename="x.xlsx", title="T", headers=["A"], rows=[["Kiến\x0bnghị"]])
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["A3"].value == "Kiếnnghị"


@pytest.mark.parametrize("name", ["a\nb.xlsx", 'chỉ-tiêu "A".xlsx', "a/b\\c.xlsx"])
def test_download_name_with_user_text_makes_a_valid_header(name):
    response = download_response(b"x", filename=name)
    header = response["Content-Disposition"]
    assert header.startswith("attachment;") and "\n" not in header
    assert header.endswith(".xlsx") or header.endswith('.xlsx"')
