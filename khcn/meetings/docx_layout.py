"""How the Word templates of the meetings' documents (in `docx/`) are laid out.

`manage.py build_docx_templates` writes each template below into `docx/`, overwriting any
edits made to it in Word; `khcn.documents.docx_builder` says how to edit them in Word instead.
"""

from docx.document import Document as DocumentObject

from khcn.documents.docx_builder import (
    TEXT_WIDTH_MM,
    header_block,
    new_document,
    para,
    rule,
    signature_block,
    title_block,
)


def build_conclusion_notice() -> DocumentObject:
    """The Department's notice of the conclusion of a working session (thông báo kết luận)."""
    doc = new_document()
    header_block(doc, issuer=["{{ issuer_name }}"], number="Số:        /TB-SKHCN")
    title_block(doc, "Kết luận của {{ chair_line }} tại buổi làm việc với {{ cluster_line }}", kind="THÔNG BÁO")
    para(
        doc,
        "Ngày {{ meeting_date }}, tại {{ session_place }}, {{ department }} đã làm việc với {{ cluster_line }} "
        "về {{ purpose }}. Chủ trì buổi làm việc: {{ chair }}{{ co_chair_text }}.",
    )
    para(doc, "Tham dự buổi làm việc có: {{ attendees_line }}.")
    para(doc, "Sau khi nghe báo cáo của các đơn vị và ý kiến của các đại biểu, {{ chair_line }} kết luận như sau:")
    para(doc, "{%p for text in conclusion %}")
    para(doc, "{{ text }}")
    para(doc, "{%p endfor %}")
    para(doc, "{%p if directives %}")
    para(doc, "Các nhiệm vụ đề nghị các đơn vị thực hiện:", "Doc Heading")
    para(doc, "{%p for d in directives %}")
    para(doc, "{{ d.number }}. {{ d.text }} ({{ d.who }}{{ d.due }}).")
    para(doc, "{%p endfor %}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if requests %}")
    para(doc, "Về các kiến nghị của các đơn vị:", "Doc Heading")
    para(doc, "{%p for r in requests %}")
    para(doc, "{{ r.number }}. {{ r.unit }}: {{ r.text }} — {{ r.answer }}.")
    para(doc, "{%p endfor %}")
    para(doc, "{%p endif %}")
    closing = para(doc, "{{ department }} thông báo để các đơn vị biết, thực hiện./.")
    closing.paragraph_format.keep_with_next = True
    signature_block(
        doc,
        recipients=[
            "- {{ recipients_units }};",
            "- Giám đốc Sở (để báo cáo);",
            "- Các phòng, đơn vị thuộc Sở;",
            "- Lưu: VT.",
        ],
        position=["TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG"],
    )
    return doc


def build_invitation() -> DocumentObject:
    """The Department's invitation to a working session (giấy mời)."""
    doc = new_document()
    header_block(doc, issuer=["{{ issuer_name }}"], number="Số:        /GM-SKHCN")
    para(doc, "GIẤY MỜI", "Doc Title", before=18)
    para(doc, "Làm việc về {{ purpose }}", "Doc Title")
    rule(doc, width_mm=40, box_mm=TEXT_WIDTH_MM)
    para(doc, "{{ department }} trân trọng kính mời:")
    para(doc, "{%p for line in invitees %}")
    para(doc, "- {{ line }};")
    para(doc, "{%p endfor %}")
    para(doc, "Tham dự buổi làm việc do {{ chair }} chủ trì.")
    para(doc, "Thời gian: {{ time_line }}.")
    para(doc, "Địa điểm: {{ session_place }}.")
    para(doc, "Đề nghị các đơn vị chuẩn bị: {{ prepare }}{{ prepare_by }}.")
    closing = para(doc, "Rất mong các đại biểu đến dự đúng thời gian./.")
    closing.paragraph_format.keep_with_next = True
    signature_block(
        doc,
        recipients=["- Như trên;", "- Giám đốc Sở (để báo cáo);", "- Lưu: VT."],
        position=["TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG"],
    )
    return doc


DOCX_TEMPLATES = {
    "conclusion_notice.docx": build_conclusion_notice,
    "invitation.docx": build_invitation,
}
