"""How the Word templates of research's documents (in `docx/`) are laid out.

`manage.py build_docx_templates` writes each template below into `docx/`, overwriting any
edits made to it in Word; `khcn.documents.docx_builder` says how to edit them in Word instead.
"""

from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from khcn.documents.docx_builder import (
    LANDSCAPE_TEXT_WIDTH_MM,
    TEXT_WIDTH_MM,
    control_row,
    data_cell,
    fixed_table,
    head_row,
    header_block,
    new_document,
    para,
    rule,
)


def build_council_minutes() -> DocumentObject:
    """Minutes of an advisory council's meeting (biên bản, Decree 30 Annex III form 1.9)."""
    doc = new_document()
    header_block(doc, issuer=["{{ issuer_name }}"], number="Số:        /BB-HĐTV")
    para(doc, "BIÊN BẢN", "Doc Title", before=18)
    para(doc, "Họp {{ council_kind }}", "Doc Title")
    para(doc, "{{ council_name }}", "Doc Title")
    rule(doc, width_mm=40, box_mm=TEXT_WIDTH_MM)
    para(doc, "Thời gian bắt đầu: {{ started }}.")
    para(doc, "Địa điểm: {{ department }}.")
    para(doc, "{{ subject_line }}.")
    para(doc, "I. Thành phần hội đồng", "Doc Heading")
    para(doc, "{%p for m in members %}")
    para(doc, "{{ m.number }}. {{ m.name }} — {{ m.role }}{{ m.where }}: {{ m.status }}.")
    para(doc, "{%p endfor %}")
    para(doc, "II. {{ results_heading }}", "Doc Heading")
    para(doc, "Số phiếu hợp lệ: {{ submitted }}/{{ eligible }} thành viên được {{ scoring }}.")
    # The same five columns hold either the points (maximum, mean, range) or, on the grade
    # scale, how many sheets gave each grade: the context names the headers and fills the cells.
    center, left = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
    table = fixed_table(doc, 4, [12, 78, 20, 25, 30], grid=True, padding_mm=1)
    head_row(table, ["{{ table_headers[0] }}", "{{ table_headers[1] }}", "{{ table_headers[2] }}",
                      "{{ table_headers[3] }}", "{{ table_headers[4] }}"])  # fmt: skip
    control_row(table, 1, "{%tr for row in rows %}")
    for cell, text, align in zip(
        table.rows[2].cells,
        ["{{ row[0] }}", "{{ row[1] }}", "{{ row[2] }}", "{{ row[3] }}", "{{ row[4] }}"],
        [center, left, center, center, center],
        strict=True,
    ):
        data_cell(cell, text, align=align)
    control_row(table, 3, "{%tr endfor %}")
    para(doc, "{{ result_line }}")
    para(doc, "{%p for r in reasons %}")
    para(doc, "- {{ r }}")
    para(doc, "{%p endfor %}")
    para(doc, "III. Kết luận của hội đồng", "Doc Heading")
    para(doc, "{%p for text in conclusion %}")
    para(doc, "{{ text }}")
    para(doc, "{%p endfor %}")
    # Acceptance councils only: what the host must fix, and the products it hands over.
    for key, lead in (
        ("required_fixes", "Nội dung hội đồng yêu cầu chỉnh sửa, hoàn thiện:"),
        ("final_products", "Sản phẩm cuối cùng của nhiệm vụ:"),
    ):
        para(doc, f"{{%p if {key} %}}")
        para(doc, lead)
        para(doc, f"{{%p for text in {key} %}}")
        para(doc, "- {{ text }}")
        para(doc, "{%p endfor %}")
        para(doc, "{%p endif %}")
    closing = para(doc, "Cuộc họp kết thúc vào {{ ended }}./.")
    closing.paragraph_format.keep_with_next = True
    signature = fixed_table(doc, 1, [TEXT_WIDTH_MM / 2, TEXT_WIDTH_MM / 2], grid=False, padding_mm=0.5)
    for cell, title, name in (
        (signature.cell(0, 0), "THƯ KÝ HỘI ĐỒNG", "{{ secretary }}"),
        (signature.cell(0, 1), "CHỦ TỊCH HỘI ĐỒNG", "{{ chair }}"),
    ):
        para(cell, title, "Doc Block", bold=True, size=14, before=12, first=True)
        for _ in range(4):
            para(cell, "", "Doc Block", size=14)
        para(cell, name, "Doc Block", bold=True, size=14)
    para(doc, "", "Doc End")
    return doc


def build_plan_annex() -> DocumentObject:
    """The annual plan's list of tasks, annexed to its approval decision (phụ lục kèm theo
    quyết định), A4 landscape for the wide table.

    Decree 30, Annex I (phụ lục văn bản): "Phụ lục" on its own line, bold; the title in
    capitals, bold; under it, in italics, the decision it goes with ("Kèm theo Quyết định số
    … ngày …"); a draft plan says "(Dự thảo)" instead.
    """
    doc = new_document(landscape=True)
    para(doc, "Phụ lục", "Doc Title", before=0)
    para(doc, "DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ THỰC HIỆN NĂM {{ plan_year }}", "Doc Title")
    para(doc, "{{ note }}", "Doc Block", italic=True, size=14)
    line = rule(doc, width_mm=50, box_mm=LANDSCAPE_TEXT_WIDTH_MM)
    line.paragraph_format.space_after = Pt(10)  # room between the line and the table
    center, left, right = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT
    widths: list[float] = [12, 24, 72, 28, 44, 26, 23, 23]
    assert sum(widths) == LANDSCAPE_TEXT_WIDTH_MM
    table = fixed_table(doc, 5, widths, grid=True, padding_mm=1)
    head_row(
        table,
        [
            "STT",
            "Mã nhiệm vụ",
            "Tên nhiệm vụ",
            "Loại hình",
            "Đơn vị đề xuất",
            "Phương thức",
            "Thời gian thực hiện",
            "Kinh phí (triệu đồng)",
        ],
    )
    control_row(table, 1, "{%tr for t in tasks %}")
    row = table.rows[2].cells
    for cell, text, align in zip(
        row,
        [
            "{{ t.number }}",
            "{{ t.code }}",
            "{{ t.title }}",
            "{{ t.task_type }}",
            "{{ t.proposer }}",
            "{{ t.mode }}",
            "{{ t.years }}",
            "{{ t.budget }}",
        ],
        [center, center, left, left, left, center, center, right],
        strict=True,
    ):
        data_cell(cell, text, align=align)
    control_row(table, 3, "{%tr endfor %}")
    total = table.rows[4].cells
    data_cell(total[0].merge(total[6]), "Tổng cộng ({{ count }} nhiệm vụ)", align=center, bold=True)
    data_cell(total[7], "{{ total }}", align=right, bold=True)
    para(doc, "", "Doc End")
    return doc


DOCX_TEMPLATES = {
    "council_minutes.docx": build_council_minutes,
    "plan_annex.docx": build_plan_annex,
}
