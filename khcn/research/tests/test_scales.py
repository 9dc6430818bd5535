"""The scales are the research app's tables, translated; a setting of the same name replaces one."""

import pytest
from django.utils import translation

from khcn.research import national_db, scales
from khcn.research.models import Council, CouncilKind, ResearchTask


def test_the_scoring_criteria_are_out_of_100_and_read_in_the_language_of_the_page():
    council = Council(kind=CouncilKind.SCREENING)
    assert sum(top for _c, _l, top in scales.criteria(council)) == 100
    with translation.override("vi"):
        assert scales.criteria(council)[0] == ("urgency", "Tính cấp thiết của vấn đề", 20)
    with translation.override("en"):
        assert scales.criteria(council)[0] == ("urgency", "Urgency of the problem", 20)


def test_the_acceptance_has_its_own_criteria_and_bands():
    council = Council(kind=CouncilKind.ACCEPTANCE)
    assert [code for code, _l, _t in scales.criteria(council)] == ["products", "quality", "application", "report"]
    assert sum(top for _c, _l, top in scales.criteria(council)) == 100
    with translation.override("vi"):
        labels = [scales.grade_label(code) for code in ("excellent", "good", "average", "fail")]
    assert labels == ["Xuất sắc", "Khá", "Trung bình", "Không đạt"]
    with translation.override("en"):
        assert scales.grade_label("good") == "Good"


def test_a_setting_replaces_a_table(settings):
    settings.KHCN_SCORING_CRITERIA = [("need", "Nhu cầu", 60), ("cost", "Chi phí", 40)]
    settings.KHCN_ACCEPTANCE_BANDS = [(50, "pass", "Đạt"), (0, "fail", "Không đạt")]
    assert scales.criteria(Council(kind=CouncilKind.SELECTION)) == [("need", "Nhu cầu", 60), ("cost", "Chi phí", 40)]
    assert scales.criteria(Council(kind=CouncilKind.ACCEPTANCE))[0][0] == "products"  # that table stays ours
    assert [code for _low, code, _label in scales.acceptance_bands()] == ["pass", "fail"]


def test_an_empty_setting_falls_back_to_the_table(settings):
    settings.KHCN_SCORING_CRITERIA = []
    assert scales.scoring_criteria() is scales.DEFAULT_SCORING_CRITERIA


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_national_export_names_a_band_in_vietnamese_whatever_the_page_language(language):
    with translation.override(language):
        assert national_db.grade_label(ResearchTask(grade="good")) == "Khá"
