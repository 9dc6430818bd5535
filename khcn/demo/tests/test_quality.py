"""The demo's ISO 9001 records and courses: Phúc Thọ as the seed gives it, the board's gaps
shown, and the seeds' training requests answered by a course."""

import pytest

from khcn.accounts.models import User
from khcn.geo.models import AdminUnit, UnitLevel
from khcn.meetings.models import FollowUp, FollowUpStatus, Topic
from khcn.quality.models import (
    Course,
    CourseAnswer,
    CourseKind,
    QmsMode,
    QualitySystem,
    SelfReport,
    SelfReportStatus,
)
from khcn.quality.selectors import GAPS, qms_board

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(loaded_demo, db):  # type: ignore[no-untyped-def]
    return loaded_demo


def test_phuc_tho_keeps_iso_at_the_district_and_its_communes_with_every_procedure(demo):
    district = AdminUnit.objects.get(name="Phúc Thọ", level=UnitLevel.DISTRICT, valid_to__isnull=False)
    records = QualitySystem.objects.filter(unit__path__startswith=district.path)
    assert records.filter(unit=district).exists()
    # every commune and town of the registry (18); the district's record quotes the seed's 21
    assert records.filter(unit__level=UnitLevel.COMMUNE).count() == district.children.count() > 0
    assert "21 xã, thị trấn" in records.get(unit=district).scope
    assert all(r.procedures_in_iso == r.procedures_total > 0 for r in records)
    assert {r.mode for r in records} == {QmsMode.SELF_ANNOUNCEMENT}
    assert all(r.is_demo for r in QualitySystem.objects.all())


def test_the_board_shows_the_gaps_and_the_former_units(demo):
    rows = qms_board(user=User.objects.get(username="chuyenvien"))
    shown = {gap for row in rows for gap in row.gaps}
    assert shown == set(GAPS)
    assert any(not row.current and row.qms for row in rows)
    assert any(row.qms and not row.gaps for row in rows)


def test_the_seeds_training_requests_are_answered_by_courses(demo):
    requests = FollowUp.objects.filter(topic=Topic.TRAINING)
    assert requests.count() >= 2
    answered = set(CourseAnswer.objects.values_list("followup_id", flat=True))
    assert set(requests.values_list("pk", flat=True)) <= answered
    assert 2 <= Course.objects.filter(is_demo=True).count() <= 3


def test_quang_minh_asks_for_iso_guidance_a_course_answers_and_its_gap_closes(demo):
    item = FollowUp.objects.get(topic=Topic.QUALITY, unit__name="Quang Minh", is_demo=True)
    assert "ISO 9001" in item.text and item.status == FollowUpStatus.DONE
    answer = CourseAnswer.objects.select_related("course").get(followup=item)
    assert answer.course.kind == CourseKind.TALK and "ISO 9001" in answer.course.title
    assert item.created_at < answer.linked_at < item.closed_at
    attendee = answer.course.participants.get(unit=item.unit, user__username="xaquangminh")
    assert attendee.attended is True
    # The record as it stood showed the gaps; the self-report after the talk closed them.
    qms = QualitySystem.objects.get(unit=item.unit)
    before = qms.history.earliest()
    assert before.procedures_in_iso < before.procedures_total
    report = SelfReport.objects.get(unit=item.unit, year=demo.day.year)
    assert report.is_demo and report.status == SelfReportStatus.ACCEPTED
    assert report.submitted_at.date() > answer.course.ends_on
    row = next(r for r in qms_board(user=User.objects.get(username="chuyenvien")) if r.unit == item.unit)
    assert row.gaps == []
