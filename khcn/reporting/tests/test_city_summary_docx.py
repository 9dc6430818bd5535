"""The Department's summary of a period as a Decree 30 .docx: header, completeness, city table."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from docx.shared import Pt

from khcn.documents.testing import all_xml, cell_texts, find_paragraph, open_docx, table_rows
from khcn.reporting import selectors, services
from khcn.reporting.documents import city_summary_docx
from khcn.reporting.tests.helpers import entries, fill

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def approved(period, officer_a, dept_officer, ward_a, indicators, time_machine):
    """Mê Linh submits two days after the deadline (20/12/2026) and the Department approves."""
    time_machine.move_to(datetime(2026, 12, 22, 10, tzinfo=HANOI), tick=False)
    report = fill(period=period, unit=ward_a, user=officer_a, values=entries(indicators), submit=True)
    services.report_approve(report=report, user=dept_officer)
    return report


def test_header_title_and_signature(period, dept_officer, approved):
    doc = open_docx(city_summary_docx(period=period, user=dept_officer))
    header = doc.tables[0]
    assert cell_texts(header, 0, 0) == ["UBND THÀNH PHỐ HÀ NỘI", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"]
    assert all(r.bold for r in header.cell(0, 0).paragraphs[1].runs)
    assert cell_texts(header, 0, 1) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert re.fullmatch(r"Số:\s+/BC-SKHCN", cell_texts(header, 1, 0)[0])
    place_date = header.cell(1, 1).paragraphs[0]
    assert place_date.text == "Hà Nội, ngày 22 tháng 12 năm 2026"
    assert all(r.italic for r in place_date.runs)

    find_paragraph(doc.paragraphs, "BÁO CÁO")
    find_paragraph(doc.paragraphs, "Tổng hợp kết quả thực hiện Chương trình thử năm 2026")
    headings = [p.text for p in doc.paragraphs if p.style.name == "Doc Heading"]
    assert headings == ["I. Tình hình gửi báo cáo của các đơn vị", "II. Kết quả thực hiện các chỉ tiêu"]
    find_paragraph(doc.paragraphs, "Sở Khoa học và Công nghệ Hà Nội báo cáo Ủy ban nhân dân Thành phố./.")

    signature = doc.tables[-1]
    assert cell_texts(signature, 0, 0) == [
        "Nơi nhận:",
        "- UBND Thành phố (để báo cáo);",
        "- Giám đốc Sở (để báo cáo);",
        "- Lưu: VT.",
    ]
    assert signature.cell(0, 0).paragraphs[0].runs[0].font.size == Pt(12)
    assert cell_texts(signature, 0, 1) == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert "{{" not in all_xml(doc) and "{%" not in all_xml(doc)
    section = doc.sections[0]
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin)] == [20, 20]
    assert [round(m.mm) for m in (section.left_margin, section.right_margin)] == [30, 15]


def test_completeness_figures_come_from_the_board(period, dept_officer, approved):
    board = selectors.period_board(period=period, user=dept_officer)
    assert board.total > 100  # every commune-level unit of Hà Nội
    doc = open_docx(city_summary_docx(period=period, user=dept_officer))
    text = next(p.text for p in doc.paragraphs if p.text.startswith("Kỳ báo cáo Năm 2026"))
    assert "(số liệu từ ngày 15/12/2025 đến ngày 14/12/2026, hạn gửi báo cáo ngày 20/12/2026)" in text
    assert f"có {board.total} đơn vị phải báo cáo" in text
    assert f"Đến ngày 22/12/2026, 1 đơn vị đã gửi báo cáo (đạt {round(100 / board.total)}%)" in text
    assert "trong đó 1 báo cáo đã được Sở duyệt và 1 báo cáo gửi chậm so với thời hạn" in text
    assert f"{board.total - 1} đơn vị chưa gửi hoặc đang hoàn thiện báo cáo" in text
    # Past the deadline: Mê Linh sent two days late; the others sent nothing, which is not "late".
    assert f"trong đó {board.total - 1} đơn vị đã quá hạn." in text
    assert "đơn vị gửi báo cáo chậm" not in text


def test_city_table_has_figures_targets_and_progress(period, dept_officer, approved):
    doc = open_docx(city_summary_docx(period=period, user=dept_officer))
    rows = table_rows(doc.tables[1])
    assert rows[0] == ["Mã", "Chỉ tiêu", "Kết quả toàn Thành phố", "Kế hoạch", "Đánh giá", "Số đơn vị báo cáo"]
    by_code = {r[0]: r for r in rows[1:]}
    assert list(by_code) == ["A1", "A2", "A3", "A4", "A5", "A6", "A7"]
    assert by_code["A1"] == ["A1", "Chỉ tiêu A1", "1.200 hồ sơ", "", "", "1"]
    assert by_code["A3"][2] == "95,8%"
    assert by_code["A4"] == ["A4", "Chỉ tiêu A4", "87%", "90%", "Có nguy cơ không đạt", "1"]
    assert by_code["A5"][2] == "5/18"
    assert by_code["A6"][2] == "1 đơn vị"
    assert by_code["A7"][2:] == ["", "", "", "0"]


def test_summary_is_scoped_to_the_user(period, officer_a, approved):
    doc = open_docx(city_summary_docx(period=period, user=officer_a))
    text = next(p.text for p in doc.paragraphs if p.text.startswith("Kỳ báo cáo"))
    assert "có 1 đơn vị phải báo cáo" in text


def test_department_name_without_the_city(period, dept_officer, approved, settings):
    settings.KHCN_DEPARTMENT_NAME = "Sở Khoa học và Công nghệ"
    doc = open_docx(city_summary_docx(period=period, user=dept_officer))
    assert cell_texts(doc.tables[0], 0, 0) == ["UBND THÀNH PHỐ HÀ NỘI", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"]
    assert cell_texts(doc.tables[-1], 0, 1) == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
