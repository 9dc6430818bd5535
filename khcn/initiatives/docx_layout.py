"""How the Word templates of the initiatives' documents (in `docx/`) are laid out.

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


def build_city_decision() -> DocumentObject:
    """The decision on an initiative's city-wide scope of influence and effect (quyết định cá
    biệt, Decree 30 Annex III form 1.4): bases, "QUYẾT ĐỊNH:", the articles, the signature."""
    doc = new_document()
    header_block(doc, issuer=["{{ issuer_name }}"], number="Số: {{ number }}")
    title_block(doc, "Về việc công nhận phạm vi ảnh hưởng và hiệu quả áp dụng của sáng kiến", kind="QUYẾT ĐỊNH")
    para(doc, "{{ authority }}", "Doc Title", before=6)
    para(doc, "{%p for basis in bases %}")
    para(doc, "{{ basis }}")
    para(doc, "{%p endfor %}")
    para(doc, "QUYẾT ĐỊNH:", "Doc Title", before=6)
    para(doc, "{%p if recognised %}")
    para(
        doc,
        "Điều 1. Công nhận sáng kiến “{{ title }}” của tác giả {{ authors }} ({{ owner }}) có phạm vi "
        "ảnh hưởng {{ scope_text }} và hiệu quả áp dụng: {{ effectiveness }}.",
    )
    para(doc, "{%p else %}")
    para(
        doc,
        "Điều 1. Không công nhận phạm vi ảnh hưởng cấp thành phố của sáng kiến “{{ title }}” của tác giả "
        "{{ authors }} ({{ owner }}). Lý do: {{ reasons }}. Sáng kiến giữ nguyên công nhận ở cấp cơ sở.",
    )
    para(doc, "{%p endif %}")
    para(
        doc,
        "Sáng kiến đã được công nhận ở cấp cơ sở theo {{ base_decision }}; điểm trung bình của hội đồng: {{ mean }}.",
    )
    para(
        doc,
        "Điều 2. Quyết định này là căn cứ để xét tặng danh hiệu thi đua và hình thức khen thưởng theo quy định; "
        "có hiệu lực kể từ ngày ký.",
    )
    closing = para(
        doc,
        "Điều 3. {{ executors }}, {{ owner }} và các tác giả có tên tại Điều 1 chịu trách nhiệm thi hành "
        "Quyết định này./.",
    )
    closing.paragraph_format.keep_with_next = True
    signature_block(
        doc,
        recipients=["- Như Điều 3;", "- Hội đồng Sáng kiến {{ city }};", "- Lưu: VT."],
        position=["{{ signer_position }}"],
    )
    return doc


def build_certificate() -> DocumentObject:
    """The certificate of an initiative recognised city-wide (giấy chứng nhận)."""
    doc = new_document()
    header_block(doc, issuer=["{{ issuer_name }}"], number="Số: {{ number }}")
    para(doc, "GIẤY CHỨNG NHẬN", "Doc Title", before=24)
    para(doc, "Sáng kiến có phạm vi ảnh hưởng {{ scope_text }}", "Doc Title")
    rule(doc, width_mm=40, box_mm=TEXT_WIDTH_MM)
    para(doc, "{{ authority }} chứng nhận:", before=12)
    para(doc, "Sáng kiến: “{{ title }}”.")
    para(doc, "Tác giả: {{ authors }}.")
    para(doc, "Đơn vị áp dụng: {{ owner }}.")
    para(doc, "Lĩnh vực: {{ field }}.")
    para(doc, "Hiệu quả áp dụng: {{ effectiveness }}.")
    closing = para(
        doc,
        "Được công nhận có phạm vi ảnh hưởng {{ scope_text }} và hiệu quả áp dụng theo Quyết định số {{ number }} "
        "ngày {{ decision_day }} của {{ issuer_in_sentence }}./.",
    )
    closing.paragraph_format.keep_with_next = True
    signature_block(doc, recipients=["- Tác giả;", "- {{ owner }};", "- Lưu: VT."], position=["{{ signer_position }}"])
    return doc


DOCX_TEMPLATES = {
    "city_decision.docx": build_city_decision,
    "certificate.docx": build_certificate,
}
