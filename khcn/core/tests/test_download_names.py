"""Downloaded files are named by what they are (unit, period, number), never by a database id."""

import ast
from pathlib import Path

import pytest

from khcn.core.exports import download_name

KHCN = Path(__file__).resolve().parents[2]
# Every way a view names a file it sends (khcn.core.exports, khcn.core.uploads, Django).
SENDERS = {"download_response", "xlsx_response", "table_xlsx_response", "upload_response", "FileResponse"}
ID_NAMES = {"pk", "id"}


def _is_id(node: ast.AST) -> bool:
    """`x.pk`, `x.id`, `x.report_id`, `pk`: what only the database knows."""
    if isinstance(node, ast.Attribute):
        return node.attr in ID_NAMES or node.attr.endswith("_id") or node.attr.endswith("_pk")
    if isinstance(node, ast.Name):
        return node.id in ID_NAMES or node.id.endswith("_pk")
    return False


def _ids_in(node: ast.AST) -> list[str]:
    return [ast.unparse(n) for n in ast.walk(node) if _is_id(n)]


def _name_of(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _file_name_arguments() -> list[tuple[str, ast.AST]]:
    """(where, the expression naming the file) for every call that sends a file, app code only."""
    found: list[tuple[str, ast.AST]] = []
    for path in sorted(KHCN.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name_of(node) in SENDERS:
                for kw in node.keywords:
                    if kw.arg == "filename":
                        found.append((f"{path.relative_to(KHCN.parent)}:{node.lineno}", kw.value))
    return found


def test_the_walk_finds_the_downloads_of_every_app():
    where = " ".join(w for w, _ in _file_name_arguments())
    for app in ("reporting", "meetings", "research", "programs", "geo", "accounts", "audit"):
        assert f"khcn/{app}/" in where, f"no download found in {app}: the walk is broken"


@pytest.mark.parametrize(("where", "expression"), _file_name_arguments(), ids=lambda v: v if isinstance(v, str) else "")
def test_no_downloaded_file_is_named_by_a_database_id(where, expression):
    assert not _ids_in(expression), f"{where} names a file by {_ids_in(expression)}: {ast.unparse(expression)}"


def test_the_walk_catches_an_id_in_a_file_name():
    assert _ids_in(ast.parse('f"bao-cao-{report.pk}.docx"', mode="eval"))
    assert _ids_in(ast.parse('download_name("bien-ban", council.id, ext="docx")', mode="eval"))
    assert not _ids_in(ast.parse('download_name("bao-cao", report.unit.full_name, ext="docx")', mode="eval"))


def test_download_name_is_an_ascii_slug_of_what_the_file_is():
    name = download_name("Báo cáo", "07-CTr/TU", "Xã Mê Linh", "6 tháng đầu năm 2026", ext="docx")
    assert name == "bao-cao-07-ctr-tu-xa-me-linh-6-thang-dau-nam-2026.docx"
    assert download_name("Biên bản", "Hội đồng “Đường Lâm”", None, "", ext="docx") == "bien-ban-hoi-dong-duong-lam.docx"
    assert download_name("", ext="pdf") == "tep.pdf"
    assert len(download_name("x" * 300, ext="xlsx")) == 125
