"""The PDF versions: same content as the .docx, A4 with Decree 30 margins, page numbers from page 2."""

from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from pypdf import PdfReader

from khcn.reporting.documents import city_summary_pdf, report_pdf
from khcn.reporting.tests.helpers import SECTIONS, entries, fill

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
A4_POINTS = (595, 842)


def read_pdf(data: bytes) -> PdfReader:
    assert data[:5] == b"%PDF-", "a PDF starts with its signature"
    return PdfReader(BytesIO(data))


def page_texts(reader: PdfReader) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


@pytest.fixture
def submitted(period, officer_a, ward_a, indicators, time_machine):
    time_machine.move_to(datetime(2027, 1, 5, 8, 30, tzinfo=HANOI), tick=False)
    return fill(period=period, unit=ward_a, user=officer_a, values=entries(indicators), submit=True, sections=SECTIONS)


def test_report_pdf_has_the_header_title_sections_and_table(submitted):
    reader = read_pdf(report_pdf(report=submitted))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == A4_POINTS
    text = " ".join(page_texts(reader))
    for expected in (
        "ỦY BAN NHÂN DÂN XÃ MÊ LINH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Mê Linh, ngày 05 tháng 01 năm 2027",
        "BÁO CÁO",
        "Kết quả A & B <tốt> trong kỳ.",
        "Chỉ tiêu A1",
        "1.200",
        "95,8%",
        "TM. ỦY BAN NHÂN DÂN",
        "Nơi nhận:",
    ):
        assert expected in text, expected
    assert "UBND THÀNH PHỐ HÀ NỘI" not in text, "a commune's committee has no superior-body line"
    assert "Kết quả thực hiện Chương trình thử năm 2026" in text
    assert reader.metadata is not None and reader.metadata.title == "Kết quả thực hiện Chương trình thử năm 2026"


def test_page_number_is_shown_from_page_two(submitted, indicators):
    long_text = "\n\n".join(f"Đoạn thứ {i}: nội dung báo cáo dài để tài liệu sang trang sau." for i in range(60))
    submitted.sections.filter(key="results").update(text=long_text)
    reader = read_pdf(report_pdf(report=submitted))
    assert len(reader.pages) >= 2
    first, second = page_texts(reader)[:2]
    # pypdf reads the top-margin box after the page body: the page number is the last word
    assert first.split()[-1] != "1"
    assert second.split()[-1] == "2", second[-40:]


def test_city_summary_pdf(period, dept_officer, submitted):
    text = " ".join(page_texts(read_pdf(city_summary_pdf(period=period, user=dept_officer))))
    assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ" in text
    assert "Tổng hợp kết quả thực hiện" in text
    assert "KT. GIÁM ĐỐC" in text


def test_pdf_downloads_are_scoped(client, submitted, officer_a, officer_b, dept_officer):
    url = reverse("reporting:report_pdf", args=[submitted.pk])
    client.force_login(officer_b)
    assert client.get(url).status_code == 404
    client.force_login(officer_a)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert client.get(reverse("reporting:period_summary_pdf", args=[submitted.period_id])).status_code == 403
    client.force_login(dept_officer)
    assert client.get(reverse("reporting:period_summary_pdf", args=[submitted.period_id])).content[:5] == b"%PDF-"
