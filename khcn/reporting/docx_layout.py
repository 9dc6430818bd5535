"""How the Word templates of reporting's documents (in `docx/`) are laid out.

`manage.py build_docx_templates` writes each template below into `docx/`, overwriting any
edits made to it in Word; `khcn.documents.docx_builder` says how to edit them in Word instead.
"""

from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH

from khcn.documents.docx_builder import (
    control_row,
    data_cell,
    fixed_table,
    head_row,
    header_block,
    new_document,
    para,
    signature_block,
    title_block,
)


def build_report() -> DocumentObject:
    """A unit's periodic report (báo cáo định kỳ của UBND cấp xã/huyện)."""
    doc = new_document()
    # A People's Committee has no superior-body line above its name (Decree 30, Annex I).
    header_block(doc, issuer=["ỦY BAN NHÂN DÂN", "{{ issuer_name }}"], number="Số:        /BC-UBND", parent=False)
    title_block(doc, "{{ summary }}")

    para(doc, "{%p for s in sections %}")
    para(doc, "{{ s.number }}. {{ s.label }}", "Doc Heading")
    para(doc, '{%p for text in (s.paragraphs or ["Không có nội dung."]) %}')
    para(doc, "{{ text }}")
    para(doc, "{%p endfor %}")
    para(doc, "{%p if s.with_indicators %}")
    para(doc, "Kết quả thực hiện các chỉ tiêu chủ yếu:")
    center, left = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
    table = fixed_table(doc, 7, [12, 55, 17, 27, 27, 27], grid=True, padding_mm=1)
    head_row(table, ["STT", "Chỉ tiêu", "Đơn vị tính", "Kỳ trước", "Kỳ này", "Kế hoạch"])
    control_row(table, 1, "{%tr for g in groups %}")
    group = table.rows[2].cells
    data_cell(group[0], "{{ g.code }}", align=center, bold=True)
    merged = group[1].merge(group[5])
    data_cell(merged, "{{ g.name }}", align=left, bold=True)
    control_row(table, 3, "{%tr for r in g.rows %}")
    row = table.rows[4].cells
    for cell, text, align in zip(
        row,
        ["{{ r.number }}", "{{ r.name }}", "{{ r.unit }}", "{{ r.previous }}", "{{ r.current }}", "{{ r.target }}"],
        [center, left, center, center, center, center],
        strict=True,
    ):
        data_cell(cell, text, align=align)
    control_row(table, 5, "{%tr endfor %}")
    control_row(table, 6, "{%tr endfor %}")
    para(doc, "{%p endif %}")
    para(doc, "{%p endfor %}")
    closing = para(doc, "Ủy ban nhân dân {{ unit_in_text }} báo cáo {{ department }} theo dõi, tổng hợp./.")
    closing.paragraph_format.keep_with_next = True  # never a signature page without text

    signature_block(
        doc,
        recipients=["- {{ department }};", "- Lưu: VT."],
        position=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
    )
    return doc


def build_city_summary() -> DocumentObject:
    """The Department's summary of a period for the city (báo cáo tổng hợp của Sở)."""
    doc = new_document()
    header_block(doc, issuer=["{{ issuer_name }}"], number="Số:        /BC-SKHCN")
    title_block(doc, "{{ summary }}")

    para(doc, "I. Tình hình gửi báo cáo của các đơn vị", "Doc Heading")
    para(
        doc,
        "Kỳ báo cáo {{ period_name }} (số liệu từ ngày {{ data_from }} đến ngày {{ data_to }}, hạn gửi "
        "báo cáo ngày {{ due_on }}) có {{ total }} đơn vị phải báo cáo. Đến ngày {{ as_of }}, "
        "{{ reported }} đơn vị đã gửi báo cáo (đạt {{ reported_percent }}), trong đó {{ approved }} "
        "báo cáo đã được Sở duyệt và {{ late }} báo cáo gửi chậm so với thời hạn; {{ not_reported }} "
        "đơn vị chưa gửi hoặc đang hoàn thiện báo cáo, trong đó {{ overdue }} đơn vị đã quá hạn.",
    )
    para(doc, "II. Kết quả thực hiện các chỉ tiêu", "Doc Heading")
    para(doc, "Tổng hợp từ các báo cáo đã gửi và đã được duyệt, kết quả thực hiện các chỉ tiêu như sau:")
    center, left = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
    table = fixed_table(doc, 4, [13, 52, 32, 20, 28, 20], grid=True, padding_mm=1)
    head_row(
        table,
        ["Mã", "Chỉ tiêu", "Kết quả toàn {{ province_word }}", "Kế hoạch", "Đánh giá", "Số đơn vị báo cáo"],
    )
    control_row(table, 1, "{%tr for r in rows %}")
    row = table.rows[2].cells
    for cell, text, align in zip(
        row,
        ["{{ r.code }}", "{{ r.name }}", "{{ r.figure }}", "{{ r.target }}", "{{ r.progress }}", "{{ r.reported }}"],
        [center, left, center, center, center, center],
        strict=True,
    ):
        data_cell(cell, text, align=align)
    control_row(table, 3, "{%tr endfor %}")
    closing = para(doc, "{{ department }} báo cáo {{ parent_in_text }}./.")
    closing.paragraph_format.keep_with_next = True  # never a signature page without text

    signature_block(
        doc,
        recipients=["- {{ parent_recipient }} (để báo cáo);", "- Giám đốc Sở (để báo cáo);", "- Lưu: VT."],
        position=["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
    )
    return doc


DOCX_TEMPLATES = {
    "report.docx": build_report,
    "city_summary.docx": build_city_summary,
}
