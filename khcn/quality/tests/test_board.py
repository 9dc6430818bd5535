"""The ISO board's gap rules, on hand-made records and pinned days."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from khcn.quality import selectors, services
from khcn.quality.models import QmsMode, QualitySystem
from khcn.quality.selectors import (
    GAP_ANNOUNCEMENT,
    GAP_NO_RECORD,
    GAP_NO_REVIEW,
    GAP_NO_SELF_REPORT,
    GAP_PROCEDURES,
    qms_gaps,
)
from khcn.quality.tests.factories import QualitySystemFactory, SelfReportFactory

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = date(2026, 9, 15)


def _qms(**fields: object) -> QualitySystem:
    return QualitySystem(**{**{f: getattr(QualitySystemFactory, f) for f in QualitySystem.FIGURES}, **fields})


def test_a_complete_system_with_this_years_report_has_no_gap():
    assert qms_gaps(qms=_qms(), reported=True, today=DAY) == []


def test_no_record_is_a_gap_and_so_is_the_missing_report():
    assert qms_gaps(qms=None, reported=False, today=DAY) == [GAP_NO_RECORD, GAP_NO_SELF_REPORT]


@pytest.mark.parametrize(
    ("fields", "gap"),
    [
        ({"last_review_on": date(2025, 12, 20)}, GAP_NO_REVIEW),  # last year's review
        ({"last_review_on": None}, GAP_NO_REVIEW),
        ({"procedures_in_iso": 119}, GAP_PROCEDURES),
        ({"procedures_total": 0, "procedures_in_iso": 0}, GAP_PROCEDURES),
        ({"valid_until": date(2026, 9, 14)}, GAP_ANNOUNCEMENT),  # expired the day before
        ({"mode": QmsMode.NONE, "announced_on": None}, GAP_ANNOUNCEMENT),
    ],
)
def test_each_gap_rule(fields, gap):
    assert qms_gaps(qms=_qms(**fields), reported=True, today=DAY) == [gap]


def test_an_announcement_valid_until_today_is_no_gap():
    assert qms_gaps(qms=_qms(valid_until=DAY), reported=True, today=DAY) == []


def test_a_review_ages_into_a_gap_when_the_year_turns():
    qms = _qms(last_review_on=date(2026, 4, 2))
    assert GAP_NO_REVIEW not in qms_gaps(qms=qms, reported=True, today=date(2026, 12, 31))
    assert GAP_NO_REVIEW in qms_gaps(qms=qms, reported=True, today=date(2027, 1, 1))


def test_board_lists_the_units_in_scope_with_their_gaps(dept_officer, officer_a, ward_a, ward_b):
    QualitySystemFactory.create(unit=ward_a)
    SelfReportFactory.create(unit=ward_a)
    QualitySystemFactory.create(unit=ward_b, procedures_in_iso=100)
    rows = {r.unit.pk: r for r in selectors.qms_board(user=dept_officer, today=DAY)}
    assert rows[ward_a.pk].gaps == []
    assert rows[ward_b.pk].gaps == [GAP_PROCEDURES, GAP_NO_SELF_REPORT]
    only_a = selectors.qms_board(user=officer_a, today=DAY)
    assert [r.unit.pk for r in only_a] == [ward_a.pk]
    filtered = selectors.qms_board(user=dept_officer, today=DAY, gap=GAP_PROCEDURES)
    assert ward_b.pk in {r.unit.pk for r in filtered} and ward_a.pk not in {r.unit.pk for r in filtered}


def test_a_self_report_closes_the_gaps_it_answers(officer_a, ward_a):
    QualitySystemFactory.create(unit=ward_a, last_review_on=date(2025, 11, 3), procedures_in_iso=90)
    with time_machine.travel(datetime(2026, 9, 15, 9, tzinfo=HANOI), tick=False):
        before = selectors.qms_board(user=officer_a)[0]
        assert before.gaps == [GAP_NO_REVIEW, GAP_PROCEDURES, GAP_NO_SELF_REPORT]
        figures = {f: getattr(QualitySystem.objects.get(unit=ward_a), f) for f in QualitySystem.FIGURES}
        figures.update(last_review_on=date(2026, 9, 1), procedures_in_iso=120)
        services.selfreport_submit(user=officer_a, unit=ward_a, year=2026, **figures)
        after = selectors.qms_board(user=officer_a)[0]
    assert after.gaps == []
    qms = QualitySystem.objects.get(unit=ward_a)
    assert qms.procedures_in_iso == 120 and qms.version == 2


def test_former_units_keep_their_record_without_gaps(dept_officer):
    from khcn.geo.models import AdminUnit, UnitLevel

    district = AdminUnit.objects.get(name="Phúc Thọ", level=UnitLevel.DISTRICT, valid_to__isnull=False)
    QualitySystemFactory.create(unit=district, last_review_on=date(2024, 12, 1))
    rows = {r.unit.pk: r for r in selectors.qms_board(user=dept_officer, today=DAY)}
    assert rows[district.pk].current is False and rows[district.pk].gaps == []
