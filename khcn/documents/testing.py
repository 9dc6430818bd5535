"""Reading generated .docx files back with python-docx, for any app's document tests."""

from io import BytesIO

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph


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
