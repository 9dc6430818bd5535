"""Writes of the quality app: self-reports, reviews, courses, attendance, evaluation and the
follow-up items a course answers."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from khcn.meetings.models import FollowUpStatus, Topic
from khcn.meetings.tests.factories import FollowUpFactory
from khcn.quality import services
from khcn.quality.models import CourseAnswer, Participant, QmsMode, SelfReport, SelfReportStatus
from khcn.quality.tests.factories import CourseFactory, ParticipantFactory

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
FIGURES = {
    "mode": QmsMode.CERTIFICATION,
    "announced_on": date(2025, 6, 1),
    "valid_until": date(2028, 5, 31),
    "procedures_total": 80,
    "procedures_in_iso": 80,
    "last_review_on": date(2026, 5, 5),
}


@pytest.fixture(autouse=True)
def _day():  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime(2026, 9, 15, 9, tzinfo=HANOI), tick=False):
        yield


def test_an_officer_submits_only_for_their_own_unit(officer_a, ward_a, ward_b):
    services.selfreport_submit(user=officer_a, unit=ward_a, year=2026, **FIGURES)
    with pytest.raises(PermissionDenied):
        services.selfreport_submit(user=officer_a, unit=ward_b, year=2026, **FIGURES)
    assert not SelfReport.objects.filter(unit=ward_b).exists()


def test_more_procedures_in_iso_than_procedures_is_refused(officer_a, ward_a):
    with pytest.raises(ValidationError) as error:
        services.selfreport_submit(user=officer_a, unit=ward_a, year=2026, **{**FIGURES, "procedures_in_iso": 81})
    assert "procedures_in_iso" in error.value.message_dict


def test_an_accepted_report_is_final_and_a_return_needs_a_note(officer_a, dept_officer, ward_a):
    report = services.selfreport_submit(user=officer_a, unit=ward_a, year=2026, **FIGURES)
    with pytest.raises(PermissionDenied):
        services.selfreport_review(user=officer_a, report=report, accept=True)
    with pytest.raises(ValidationError):
        services.selfreport_review(user=dept_officer, report=report, accept=False, note="")
    services.selfreport_review(user=dept_officer, report=report, accept=True)
    assert SelfReport.objects.get(pk=report.pk).status == SelfReportStatus.ACCEPTED
    with pytest.raises(ValidationError):
        services.selfreport_submit(user=officer_a, unit=ward_a, year=2026, **FIGURES)


def test_linking_a_course_answers_the_training_request(dept_officer, ward_a):
    item = FollowUpFactory.create(unit=ward_a, topic=Topic.TRAINING, text="Đề nghị Sở tập huấn nghiệp vụ KH&CN.")
    course = CourseFactory.create(units=[ward_a])
    services.course_answers(user=dept_officer, course=course, followup=item)
    item.refresh_from_db()
    assert item.status == FollowUpStatus.ANSWERED  # the course is ahead
    assert f"/quality/courses/{course.pk}/" in item.resolution_url
    assert item.responses.count() == 1
    with pytest.raises(ValidationError):
        services.course_answers(user=dept_officer, course=course, followup=item)


def test_a_course_already_held_marks_the_request_done(dept_officer, ward_a):
    item = FollowUpFactory.create(unit=ward_a, topic=Topic.TRAINING)
    course = CourseFactory.create(starts_on=date(2026, 8, 1), ends_on=date(2026, 8, 2))
    services.course_answers(user=dept_officer, course=course, followup=item)
    item.refresh_from_db()
    assert item.status == FollowUpStatus.DONE and item.closed_at is not None


def test_a_unit_officer_cannot_link_courses(officer_a, ward_a):
    item = FollowUpFactory.create(unit=ward_a, topic=Topic.TRAINING)
    with pytest.raises(PermissionDenied):
        services.course_answers(user=officer_a, course=CourseFactory.create(units=[ward_a]), followup=item)
    assert not CourseAnswer.objects.exists()


def test_attendance_is_recorded_by_the_organiser_only(dept_officer, officer_a, ward_a):
    course = CourseFactory.create(units=[ward_a])
    one, two = ParticipantFactory.create(course=course), ParticipantFactory.create(course=course)
    with pytest.raises(PermissionDenied):
        services.attendance_record(user=officer_a, course=course, attended={one.pk: True})
    assert services.attendance_record(user=dept_officer, course=course, attended={one.pk: True, two.pk: False}) == 2
    assert list(Participant.objects.order_by("pk").values_list("attended", flat=True)) == [True, False]


@pytest.mark.parametrize("rating", [0, 6, -1])
def test_a_rating_outside_1_to_5_is_refused(officer_a, ward_a, rating):
    course = CourseFactory.create(units=[ward_a])
    mine = ParticipantFactory.create(course=course, user=officer_a, attended=True)
    with pytest.raises(ValidationError):
        services.evaluation_submit(user=officer_a, participant=mine, rating=rating)
    assert Participant.objects.get(pk=mine.pk).rating is None


def test_only_an_attendee_evaluates_once(officer_a, officer_b, ward_a):
    course = CourseFactory.create(units=[ward_a])
    absent = ParticipantFactory.create(course=course, user=officer_b, attended=False)
    with pytest.raises(ValidationError):
        services.evaluation_submit(user=officer_b, participant=absent, rating=4)
    mine = ParticipantFactory.create(course=course, user=officer_a, attended=True)
    with pytest.raises(ValidationError):  # someone else's row
        services.evaluation_submit(user=officer_b, participant=mine, rating=4)
    services.evaluation_submit(user=officer_a, participant=mine, rating=4, comment="Bổ ích")
    services.evaluation_submit(user=officer_a, participant=mine, rating=5)
    assert Participant.objects.filter(course=course, rating__isnull=False).count() == 1
    assert Participant.objects.get(pk=mine.pk).rating == 5


def test_a_course_invites_only_units_in_scope_and_ends_after_it_starts(dept_officer, ward_a):
    with pytest.raises(ValidationError):
        services.course_save(
            user=dept_officer,
            course=None,
            units=[ward_a],
            experts=[],
            title="Tọa đàm",
            kind="talk",
            starts_on=date(2026, 10, 2),
            ends_on=date(2026, 10, 1),
        )
    course = services.course_save(
        user=dept_officer,
        course=None,
        units=[ward_a],
        experts=[],
        title="Tọa đàm ISO",
        kind="talk",
        starts_on=date(2026, 10, 2),
        ends_on=date(2026, 10, 2),
    )
    assert list(course.units_invited.all()) == [ward_a]
