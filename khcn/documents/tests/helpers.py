"""Reading generated .docx files back with python-docx, and filling reports for them."""

from io import BytesIO
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from khcn.programs.models import SectionKey
from khcn.reporting import services
from khcn.reporting.models import Report
from khcn.reporting.validation import Entry


def open_docx(data: bytes) -> DocumentObject:
    assert data[:2] == b"PK", "a .docx is a zip file"
    return Document(BytesIO(data))


def texts(paragraphs: list[Paragraph]) -> list[str]:
    return [p.text for p in paragraphs]


def cell_texts(table: Table, row: int, col: int) -> list[str]:
    return [p.text for p in table.cell(row, col).paragraphs if p.text.strip()]


def find_paragraph(paragraphs: list[Paragraph], text: str) -> Paragraph:
    for p in paragraphs:
        if p.text == text:
            return p
    raise AssertionError(f"no paragraph {text!r} in {texts(paragraphs)!r}")


def has_top_border(paragraph: Paragraph) -> bool:
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.find(f"{qn('w:pBdr')}/{qn('w:top')}") is not None


def table_rows(table: Table) -> list[list[str]]:
    """Each row's cell texts; a cell merged across columns counts once."""
    out = []
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            if previous is None or cell._tc is not previous:
                cells.append(cell.text.strip())
            previous = cell._tc
        out.append(cells)
    return out


def all_xml(doc: DocumentObject) -> str:
    parts = [doc.element.xml]
    for section in doc.sections:
        parts += [section.header._element.xml, section.first_page_header._element.xml]
    return "".join(parts)


def entries(ind: dict[str, Any], **override: Entry) -> dict[int, Entry]:
    """A valid set of values for the test programme; `override` by indicator key."""
    out = {
        "received": Entry(value="1.200"),
        "on_time": Entry(value="1.150"),
        "rate": Entry(value="95,8"),
        "cashless": Entry(value="87"),
        "radios": Entry(numerator="5", denominator="18"),
        "plan": Entry(value="1"),
    }
    out.update(override)
    return {ind[key].pk: entry for key, entry in out.items()}


SECTIONS = {
    SectionKey.RESULTS: "Kết quả A & B <tốt> trong kỳ.\n\nĐã triển khai mô hình chợ thông minh.",
    SectionKey.REQUESTS: "- Tập huấn cho cán bộ\n- Hỗ trợ mô hình nông nghiệp công nghệ cao",
}


def fill(
    *, period: Any, unit: Any, user: Any, values: dict[int, Entry], submit: bool, sections: dict | None = None
) -> Report:
    """Open the unit's report for the period, save the values and sections, maybe submit."""
    report = services.report_open(period=period, unit=unit, user=user)
    outcome = services.report_save(
        report=report,
        user=user,
        entries=values,
        sections=sections or {},
        expected_version=report.version,
        submit=submit,
    )
    assert outcome.ok, outcome.errors
    report.refresh_from_db()
    return report
