"""A unit's periodic report as a Decree 30 .docx: header, date line, title, sections, table, layout."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from khcn.documents.testing import all_xml, cell_texts, find_paragraph, has_top_border, open_docx, table_rows, texts
from khcn.reporting.documents import report_docx
from khcn.reporting.tests.helpers import SECTIONS, entries, fill
from khcn.reporting.validation import Entry

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def submitted(period, last_period, officer_a, ward_a, indicators, time_machine):
    """Mê Linh's report for 2026, submitted on 5 January 2027 (Hà Nội time), after one for mid-2026."""
    time_machine.move_to(datetime(2026, 6, 16, 9, tzinfo=HANOI), tick=False)
    previous = entries(
        indicators,
        received=Entry(value="1.000"),
        on_time=Entry(value="950"),
        cashless=Entry(value="80"),
        radios=Entry(numerator="4", denominator="18"),
    )
    fill(period=last_period, unit=ward_a, user=officer_a, values=previous, submit=True)
    time_machine.move_to(datetime(2027, 1, 5, 8, 30, tzinfo=HANOI), tick=False)
    return fill(period=period, unit=ward_a, user=officer_a, values=entries(indicators), submit=True, sections=SECTIONS)


def test_header_block_names_the_bodies_number_place_and_date(submitted):
    doc = open_docx(report_docx(report=submitted))
    header = doc.tables[0]
    # A commune's People's Committee has no superior-body line (Decree 30): its name alone.
    assert cell_texts(header, 0, 0) == ["ỦY BAN NHÂN DÂN", "XÃ MÊ LINH"]
    left = header.cell(0, 0).paragraphs
    assert all(r.bold for p in left[0:2] for r in p.runs)
    assert has_top_border(left[2]), "short line under the issuing body"

    assert cell_texts(header, 0, 1) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    motto, slogan, rule = header.cell(0, 1).paragraphs[:3]
    assert motto.runs[0].bold and Pt(12) <= motto.runs[0].font.size <= Pt(13)
    assert slogan.runs[0].bold and slogan.runs[0].font.size == Pt(13)
    assert has_top_border(rule), "solid line under the motto"

    assert re.fullmatch(r"Số:\s+/BC-UBND", cell_texts(header, 1, 0)[0])
    place_date = header.cell(1, 1).paragraphs[0]
    assert place_date.text == "Mê Linh, ngày 05 tháng 01 năm 2027"  # the day it was submitted
    assert all(r.italic for r in place_date.runs) and place_date.runs[0].font.size == Pt(14)


def test_draft_is_dated_today(period, officer_a, ward_a, indicators, time_machine):
    time_machine.move_to(datetime(2026, 12, 3, 23, 30, tzinfo=HANOI), tick=False)  # 16:30 UTC, period open
    report = fill(period=period, unit=ward_a, user=officer_a, values=entries(indicators), submit=False)
    doc = open_docx(report_docx(report=report))
    assert cell_texts(doc.tables[0], 1, 1) == ["Mê Linh, ngày 03 tháng 12 năm 2026"]


def test_title_sections_and_signature(submitted):
    doc = open_docx(report_docx(report=submitted))
    body = doc.paragraphs
    title = find_paragraph(body, "BÁO CÁO")
    summary = find_paragraph(body, "Kết quả thực hiện Chương trình thử năm 2026")
    for p in (title, summary):
        assert (p.alignment or p.style.paragraph_format.alignment) == WD_ALIGN_PARAGRAPH.CENTER
        assert all(r.bold if r.bold is not None else p.style.font.bold for r in p.runs)
        assert (p.runs[0].font.size or p.style.font.size) == Pt(14)
    assert has_top_border(body[body.index(summary) + 1]), "short line under the summary"
    headings = [p.text for p in body if p.style.name == "Doc Heading"]
    assert headings == [
        "I. Kết quả đạt được",
        "II. Các mô hình, thí điểm đang triển khai",
        "III. Khó khăn, vướng mắc",
        "IV. Kiến nghị, đề xuất",
        "V. Phương hướng, nhiệm vụ kỳ tới",
    ]
    all_text = texts(body)
    # Narrative: one paragraph per line, text escaped properly, empty sections say so.
    assert "Kết quả A & B <tốt> trong kỳ." in all_text
    assert "Đã triển khai mô hình chợ thông minh." in all_text
    requests = all_text.index("IV. Kiến nghị, đề xuất")
    assert all_text[requests + 1 : requests + 3] == [
        "- Tập huấn cho cán bộ",
        "- Hỗ trợ mô hình nông nghiệp công nghệ cao",
    ]
    assert all_text.count("Không có nội dung.") == 3
    assert "Ủy ban nhân dân xã Mê Linh báo cáo Sở Khoa học và Công nghệ Hà Nội theo dõi, tổng hợp./." in all_text
    assert "{{" not in all_xml(doc) and "{%" not in all_xml(doc)

    signature = doc.tables[-1]
    assert cell_texts(signature, 0, 0) == ["Nơi nhận:", "- Sở Khoa học và Công nghệ Hà Nội;", "- Lưu: VT."]
    recipients = signature.cell(0, 0).paragraphs[0].runs[0]
    assert recipients.bold and recipients.italic and recipients.font.size == Pt(12)
    assert cell_texts(signature, 0, 1) == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    assert all(r.bold for p in signature.cell(0, 1).paragraphs[:2] for r in p.runs)


def test_indicator_table_shows_previous_current_and_target(submitted):
    doc = open_docx(report_docx(report=submitted))
    table = doc.tables[1]
    rows = table_rows(table)
    assert rows[0] == ["STT", "Chỉ tiêu", "Đơn vị tính", "Kỳ trước", "Kỳ này", "Kế hoạch"]
    assert rows[1] == ["A", "Nhóm A"]
    by_name = {r[1]: r for r in rows[2:]}
    assert by_name["Chỉ tiêu A1"] == ["1", "Chỉ tiêu A1", "hồ sơ", "1.000", "1.200", ""]
    assert by_name["Chỉ tiêu A3"][3:5] == ["95,8%", "95,8%"]
    assert by_name["Chỉ tiêu A4"] == ["4", "Chỉ tiêu A4", "%", "80%", "87%", "90%"]
    assert by_name["Chỉ tiêu A5"][3:] == ["4/18", "5/18", ""]
    assert by_name["Chỉ tiêu A6"][3:5] == ["Có", "Có"]
    assert by_name["Chỉ tiêu A7"][3:] == ["", "", ""]  # optional, left empty
    assert [r[0] for r in rows[2:]] == ["1", "2", "3", "4", "5", "6", "7"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None, "header row repeats on each page"
    # The table sits under "I. Kết quả đạt được", before section II.
    body = doc.element.body
    heading_two = next(p for p in doc.paragraphs if p.text.startswith("II. "))
    assert list(body).index(table._tbl) < list(body).index(heading_two._p)


def test_page_margins_font_and_page_numbers(submitted):
    doc = open_docx(report_docx(report=submitted))
    section = doc.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    margins = [section.top_margin.mm, section.bottom_margin.mm, section.left_margin.mm, section.right_margin.mm]
    assert [round(m, 1) for m in margins] == [20.0, 20.0, 30.0, 15.0]

    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(a)) for a in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")} == {"Times New Roman"}
    fmt = normal.paragraph_format
    assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert round(fmt.first_line_indent.mm) == 10
    assert fmt.space_before >= Pt(6)
    # No paragraph or run picks another font.
    xml = doc.element.xml
    assert set(re.findall(r'w:ascii="([^"]+)"', xml)) <= {"Times New Roman"}

    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml
    number = section.header.paragraphs[0]
    assert (number.alignment or number.style.paragraph_format.alignment) == WD_ALIGN_PARAGRAPH.CENTER
    assert doc.core_properties.title == "Kết quả thực hiện Chương trình thử năm 2026"


def test_title_names_the_programme_once_without_demo_mark_or_dash(submitted):
    program = submitted.period.program
    program.name = "Thực hiện Nghị quyết số 57-NQ/TW về đột phá phát triển khoa học, công nghệ (demo)"
    program.save()
    doc = open_docx(report_docx(report=submitted))
    summary = doc.paragraphs[[p.text for p in doc.paragraphs].index("BÁO CÁO") + 1].text
    assert summary == "Kết quả thực hiện Nghị quyết số 57-NQ/TW về đột phá phát triển khoa học, công nghệ năm 2026"
    assert "Thực hiện Thực hiện" not in all_xml(doc).replace("thực hiện", "Thực hiện")


def test_download_is_named_by_programme_unit_and_period(client, submitted, officer_a):
    client.force_login(officer_a)
    response = client.get(reverse("reporting:report_docx", args=[submitted.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-t-01-xa-me-linh-nam-2026.docx"'
