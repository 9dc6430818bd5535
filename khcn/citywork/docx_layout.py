"""How the Word template of the Department's report to the city (in `docx/`) is laid out.

`manage.py build_docx_templates` writes it into `docx/`; see `khcn.documents.docx_builder`.
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


def build_city_report() -> DocumentObject:
    """The Department's report (báo cáo) to the city's People's Committee, Party Committee or the
    Ministry: the officer's text in four parts, and the figures KHCN computed as a table."""
    doc = new_document()
    header_block(doc, issuer=["{{ issuer_name }}"], number="Số: {{ number }}")
    title_block(doc, "{{ summary }}")
    para(doc, "Kính gửi: {{ recipient }}.", align=WD_ALIGN_PARAGRAPH.CENTER)
    para(doc, "{{ department }} báo cáo {{ scope_line }} như sau:")
    para(doc, "I. KẾT QUẢ THỰC HIỆN", "Doc Heading")
    para(doc, "{%p for text in results %}")
    para(doc, "{{ text }}")
    para(doc, "{%p endfor %}")
    para(doc, "{%p if figures %}")
    para(doc, "Các chỉ tiêu chủ yếu năm {{ year }} (số liệu tổng hợp từ hệ thống KHCN):")
    center, left = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
    table = fixed_table(doc, 4, [12, 88, 35, 30], grid=True, padding_mm=1)
    head_row(table, ["STT", "Chỉ tiêu", "Kết quả năm {{ year }}", "Xếp hạng toàn quốc"])
    control_row(table, 1, "{%tr for f in figures %}")
    row = table.rows[2].cells
    texts = ["{{ f.number }}", "{{ f.label }}", "{{ f.value }}", "{{ f.rank }}"]
    for cell, text, align in zip(row, texts, [center, left, center, center], strict=True):
        data_cell(cell, text, align=align)
    control_row(table, 3, "{%tr endfor %}")
    para(doc, "{%p endif %}")
    para(doc, "{%p for p in programmes %}")
    para(doc, "Kết quả thực hiện {{ p.programme }} ({{ p.period }}, tổng hợp từ báo cáo của các đơn vị):")
    table = fixed_table(doc, 4, [12, 73, 30, 30, 20], grid=True, padding_mm=1)
    head_row(table, ["STT", "Chỉ tiêu", "Kết quả", "Mục tiêu", "Số đơn vị báo cáo"])
    control_row(table, 1, "{%tr for line in p.lines %}")
    row = table.rows[2].cells
    texts = ["{{ loop.index }}", "{{ line.name }}", "{{ line.figure }}", "{{ line.target }}", "{{ line.reported }}"]
    for cell, text, align in zip(row, texts, [center, left, center, center, center], strict=True):
        data_cell(cell, text, align=align)
    control_row(table, 3, "{%tr endfor %}")
    para(doc, "{%p endfor %}")
    para(doc, "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", "Doc Heading")
    para(doc, "{%p for text in difficulties %}")
    para(doc, "{{ text }}")
    para(doc, "{%p endfor %}")
    para(doc, "III. KIẾN NGHỊ, ĐỀ XUẤT", "Doc Heading")
    para(doc, "{%p for text in proposals %}")
    para(doc, "{{ text }}")
    para(doc, "{%p endfor %}")
    para(doc, "IV. NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI", "Doc Heading")
    para(doc, "{%p for text in next_tasks %}")
    para(doc, "{{ text }}")
    para(doc, "{%p endfor %}")
    closing = para(doc, "{{ department }} trân trọng báo cáo./.")
    closing.paragraph_format.keep_with_next = True
    signature_block(
        doc,
        recipients=["- Như trên;", "- Giám đốc Sở;", "- Các phòng, đơn vị thuộc Sở;", "- Lưu: VT."],
        position=["GIÁM ĐỐC"],
    )
    return doc


DOCX_TEMPLATES = {"city_report.docx": build_city_report}
