"""The building blocks of the Word templates, laid out per Decree 30/2020/NĐ-CP, Annex I.

DOMAIN.md §8: A4 portrait (landscape for wide tables), margins 20/20/30/15 mm, Times New
Roman, body 14 pt justified with a 1 cm first-line indent and 6 pt between paragraphs, the
two-column header block (issuing body and number on the left, Quốc hiệu/Tiêu ngữ and
place/date on the right), the title with its summary, the signature block and "Nơi nhận:",
and the page number centred at the top from page 2.

Each app lays out its own templates with these in its `docx_layout.py` (`DOCX_TEMPLATES`
maps a file name to the function building it) and fills them from its `documents.py`.
Build them once (this overwrites the files in each app's `docx/`, and any edits made to
them in Word)::

    .venv/bin/python manage.py build_docx_templates

Editing the templates in Word instead (the normal way once they exist)
-----------------------------------------------------------------------

Staff edit the Word template, code fills it (STYLE.md). Open a template (e.g.
`khcn/reporting/docx/report.docx`) in Word or LibreOffice Writer and change wording, fonts,
spacing, column widths or the "Nơi nhận:" list as for any document; save as .docx (Word
2007+ format) under the same name. Then keep these rules:

- Text in `{{ … }}` is filled by the code (e.g. `{{ place }}`, `{{ r.current }}`). Keep each
  tag whole, typed in one go and formatted as a whole (format the tag to format the value),
  and do not rename what is inside the braces.
- A paragraph holding `{%p … %}` and a table row holding `{%tr … %}` are control lines:
  they disappear from the result and repeat or hide what lies between them (the sections
  and their paragraphs, the indicator rows). Keep each on its own paragraph/row, in pairs
  (`for`/`endfor`, `if`/`endif`).
- Paragraph styles "Doc Block", "Doc Title", "Doc Heading", "Doc Table", "Doc Table Head",
  "Doc Recipients" and "Normal" (body text) carry the layout; change a style to change every
  paragraph using it. The short lines under the issuing body, the motto and the summary are
  top borders of small "Doc Rule" paragraphs; their length is set by the paragraph's left
  and right indents.
- Page number: the header of pages 2+ holds a PAGE field; "Different first page" is on.
- After editing, run the tests of the app that owns the template (e.g.
  `.venv/bin/python -m pytest -q khcn/reporting`): they render it and check the layout and
  the filled values.
"""

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
TEXT_WIDTH_MM = 210 - 30 - 15  # A4 width minus left and right margins
LANDSCAPE_TEXT_WIDTH_MM = 297 - 30 - 15

# pPr children that must follow w:pBdr (ECMA-376 order), so the border is inserted before them.
_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
    "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
# rPr children from w:sz on, in ECMA-376 order.
_AFTER_SZ = (
    "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign",
    "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath",
)  # fmt: skip


# -- document and styles ------------------------------------------------------------------


def _set_fonts(rpr: BaseOxmlElement, size_pt: float | None = None) -> None:
    """Times New Roman for every script (also East Asian and complex), Vietnamese language.

    Children go in schema order (Word refuses a file whose rPr children are out of order).
    """
    fonts = rpr.get_or_add_rFonts()
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]  # drop theme fonts (asciiTheme…), which would win over ours
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    if size_pt is not None:
        for tag in ("w:sz", "w:szCs"):
            old = rpr.find(qn(tag))
            if old is not None:
                rpr.remove(old)
            el = OxmlElement(tag)
            el.set(qn("w:val"), str(int(size_pt * 2)))
            rpr.insert_element_before(el, *_AFTER_SZ[_AFTER_SZ.index(tag) + 1 :])
    old_lang = rpr.find(qn("w:lang"))
    if old_lang is not None:
        rpr.remove(old_lang)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    rpr.insert_element_before(lang, *_AFTER_SZ[_AFTER_SZ.index("w:lang") + 1 :])


def _paragraph_style(
    doc: DocumentObject,
    name: str,
    *,
    size: float = 14,
    bold: bool = False,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
    first_line_mm: float = 0,
    before: float = 0,
    after: float = 0,
    keep_with_next: bool = False,
) -> ParagraphStyle:
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.quick_style = True
    style.font.size = Pt(size)
    style.font.bold = bold
    fmt = style.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = Mm(first_line_mm)
    fmt.left_indent = Mm(0)
    fmt.right_indent = Mm(0)
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.keep_with_next = keep_with_next
    return style


def new_document(*, landscape: bool = False) -> DocumentObject:
    """A4 portrait (or landscape, for wide tables) with Decree 30 margins, the styles, and the
    page number from page 2."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = section.footer_distance = Mm(10)

    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None:
            _set_fonts(rpr, 14)

    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    _set_fonts(normal.element.get_or_add_rPr(), 14)
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Mm(10)
    fmt.space_before = Pt(6)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.15
    fmt.widow_control = True

    _paragraph_style(doc, "Doc Block", size=13)
    _paragraph_style(doc, "Doc Title", size=14, bold=True, keep_with_next=True)
    _paragraph_style(
        doc, "Doc Heading", bold=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line_mm=10, before=6,
        keep_with_next=True,
    )  # fmt: skip
    _paragraph_style(doc, "Doc Table", size=12, align=WD_ALIGN_PARAGRAPH.LEFT, before=2, after=2)
    _paragraph_style(doc, "Doc Table Head", size=12, bold=True, before=2, after=2)
    _paragraph_style(doc, "Doc Recipients", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    rule = _paragraph_style(doc, "Doc Rule", size=2, before=4, keep_with_next=False)
    rule.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    rule.paragraph_format.line_spacing = Pt(2)
    end = _paragraph_style(doc, "Doc End", size=1)  # the paragraph Word needs after a final table
    end.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    end.paragraph_format.line_spacing = Pt(1)

    # Page number: Arabic, 14 pt, centred in the top margin, not on page 1.
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    first = section.first_page_header.paragraphs[0]
    first.style = doc.styles["Doc Block"]
    header = section.header.paragraphs[0]
    header.style = doc.styles["Doc Block"]
    _page_field(header)
    return doc


def _page_field(paragraph: Paragraph) -> None:
    """A PAGE field (begin / instruction / separate / cached text / end)."""

    def fld(kind: str) -> BaseOxmlElement:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        return el

    run = paragraph.add_run()
    run.font.size = Pt(14)
    run._r.append(fld("begin"))
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run._r.append(instr)
    paragraph.add_run()._r.append(fld("separate"))
    cached = paragraph.add_run("2")
    cached.font.size = Pt(14)
    paragraph.add_run()._r.append(fld("end"))


# -- paragraphs and tables ----------------------------------------------------------------


def para(
    container: DocumentObject | _Cell,
    text: str = "",
    style: str = "Normal",
    *,
    bold: bool | None = None,
    italic: bool | None = None,
    size: float | None = None,
    align: WD_ALIGN_PARAGRAPH | None = None,
    before: float | None = None,
    first: bool = False,
) -> Paragraph:
    """Add a paragraph (in a cell, `first` reuses the cell's initial empty paragraph)."""
    if first and isinstance(container, _Cell):
        paragraph = container.paragraphs[0]
        paragraph.style = style  # python-docx accepts a style name
    else:
        paragraph = container.add_paragraph(style=style)
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        if size is not None:
            run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    if before is not None:
        paragraph.paragraph_format.space_before = Pt(before)
    return paragraph


def rule(container: DocumentObject | _Cell, *, width_mm: float, box_mm: float) -> Paragraph:
    """A short solid line, centred in a box `box_mm` wide: the top border of a tiny paragraph."""
    paragraph = para(container, style="Doc Rule")
    side = Mm(max((box_mm - width_mm) / 2, 0))
    paragraph.paragraph_format.left_indent = side
    paragraph.paragraph_format.right_indent = side
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for attr, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(attr), value)
    borders.append(top)
    ppr.insert_element_before(borders, *_AFTER_PBDR)
    return paragraph


def _twips(mm: float) -> str:
    return str(round(mm * 1440 / 25.4))


def fixed_table(doc: DocumentObject, rows: int, widths_mm: list[float], *, grid: bool, padding_mm: float) -> Table:
    """A fixed-layout table with the given column widths and left/right cell padding.

    `grid` draws all borders; without it the table is invisible (header and signature blocks).
    """
    table = doc.add_table(rows=rows, cols=len(widths_mm))
    if grid:
        table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), _twips(sum(widths_mm)))
    margins = OxmlElement("w:tblCellMar")
    for side in ("w:left", "w:right"):
        el = OxmlElement(side)
        el.set(qn("w:w"), _twips(padding_mm))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tbl_pr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)
    return table


def _repeat_header(row_index: int, table: Table) -> None:
    """Mark a row as the header repeated at the top of each page."""
    trpr = table.rows[row_index]._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def control_row(table: Table, index: int, tag: str) -> None:
    """A row holding only a docxtpl `{%tr … %}` tag (removed when rendering)."""
    para(table.rows[index].cells[0], tag, "Doc Table", first=True)


def header_block(doc: DocumentObject, *, issuer: list[str], number: str, parent: bool = True) -> None:
    """Decree 30 boxes 1–4: issuing body and number left, motto and place/date right.

    `parent=False` leaves out the superior-body line, for bodies that have none (a People's
    Committee, whose own name heads its documents).
    """
    # Widest usual lines, Times New Roman bold: "SỞ KHOA HỌC VÀ CÔNG NGHỆ" 13 pt ≈ 70 mm,
    # "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" 12 pt ≈ 88 mm; together they just fit 165 mm.
    left, right = 72.5, TEXT_WIDTH_MM - 72.5
    table = fixed_table(doc, 2, [left, right], grid=False, padding_mm=0.5)
    cell = table.cell(0, 0)
    if parent:
        para(cell, "{{ parent_body }}", "Doc Block", first=True)
    for i, line in enumerate(issuer):
        para(cell, line, "Doc Block", bold=True, first=not parent and i == 0)
    rule(cell, width_mm=30, box_mm=left - 1)
    cell = table.cell(0, 1)
    para(cell, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Doc Block", bold=True, size=12, first=True)
    para(cell, "Độc lập - Tự do - Hạnh phúc", "Doc Block", bold=True, size=13)
    rule(cell, width_mm=56, box_mm=right - 1)
    para(table.cell(1, 0), number, "Doc Block", before=6, first=True)
    para(
        table.cell(1, 1),
        "{{ place }}, ngày {{ day }} tháng {{ month }} năm {{ year }}",
        "Doc Block",
        italic=True,
        size=14,
        before=6,
        first=True,
    )


def title_block(doc: DocumentObject, summary: str, kind: str = "BÁO CÁO") -> None:
    """Decree 30 box 5a: document type and summary, centred, with a short line under it."""
    para(doc, kind, "Doc Title", before=18)
    para(doc, summary, "Doc Title")
    rule(doc, width_mm=40, box_mm=TEXT_WIDTH_MM)


def signature_block(doc: DocumentObject, *, recipients: list[str], position: list[str]) -> None:
    """Decree 30 boxes 7 and 9: "Nơi nhận:" on the left, the signer's position on the right."""
    table = fixed_table(doc, 1, [78, TEXT_WIDTH_MM - 78], grid=False, padding_mm=0.5)
    left, right = table.cell(0, 0), table.cell(0, 1)
    para(left, "Nơi nhận:", "Doc Recipients", bold=True, italic=True, size=12, before=12, first=True)
    for line in recipients:
        para(left, line, "Doc Recipients")
    for i, line in enumerate(position):
        para(right, line, "Doc Block", bold=True, size=14, before=12 if i == 0 else None, first=i == 0)
    for _ in range(4):  # room for the signature and seal
        para(right, "", "Doc Block", size=14)
    para(right, "{{ signer_name }}", "Doc Block", bold=True, size=14)
    trpr = table.rows[0]._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))  # the block stays on one page
    para(doc, "", "Doc End")


def head_row(table: Table, labels: list[str]) -> None:
    for cell, label in zip(table.rows[0].cells, labels, strict=True):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        para(cell, label, "Doc Table Head", first=True)
    _repeat_header(0, table)


def data_cell(cell: _Cell, text: str, *, align: WD_ALIGN_PARAGRAPH, bold: bool = False) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    para(cell, text, "Doc Table", bold=bold or None, align=align, first=True)
