"""The pieces every Decree 30 document shares: the date line, section numbers, place names."""

from datetime import date

import pytest

from khcn.documents.decree30 import date_line, date_parts, place_name, results_summary, roman, title_text
from khcn.geo.models import AdminUnit, UnitType


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 1, 5), "Hà Nội, ngày 05 tháng 01 năm 2026"),
        (date(2026, 2, 28), "Hà Nội, ngày 28 tháng 02 năm 2026"),
        (date(2026, 3, 9), "Hà Nội, ngày 09 tháng 3 năm 2026"),
        (date(2026, 12, 10), "Hà Nội, ngày 10 tháng 12 năm 2026"),
    ],
)
def test_date_line_pads_days_below_10_and_months_1_and_2(day, expected):
    assert date_line(place="Hà Nội", day=day) == expected
    assert date_parts(day)["year"] == str(day.year)


def test_roman_numerals_and_place_names():
    assert [roman(n) for n in (1, 2, 4, 5, 9, 14)] == ["I", "II", "IV", "V", "IX", "XIV"]
    assert place_name(AdminUnit(name="Mê Linh", unit_type=UnitType.COMMUNE)) == "Mê Linh"
    assert place_name(AdminUnit(name="5", unit_type=UnitType.WARD)) == "Phường 5"


def test_results_summary_says_the_verb_once_and_has_no_dash():
    summary = results_summary(
        program="Thực hiện Nghị quyết số 57-NQ/TW về đột phá phát triển khoa học, công nghệ (demo)",
        period="Năm 2026",
    )
    assert summary == "Kết quả thực hiện Nghị quyết số 57-NQ/TW về đột phá phát triển khoa học, công nghệ năm 2026"
    assert "—" not in summary and "(demo)" not in summary
    assert (
        results_summary(
            program="Chương trình số 07-CTr/TU", period="6 tháng đầu năm 2024", lead="Tổng hợp kết quả thực hiện"
        )
        == "Tổng hợp kết quả thực hiện Chương trình số 07-CTr/TU 6 tháng đầu năm 2024"
    )


def test_title_text_drops_the_demo_mark_only():
    assert (
        title_text("Hội đồng xác định nhiệm vụ: gà Mía Đường Lâm (demo)")
        == "Hội đồng xác định nhiệm vụ: gà Mía Đường Lâm"
    )
    assert title_text("Kế hoạch (năm 2025)  (Demo) ") == "Kế hoạch (năm 2025)"
