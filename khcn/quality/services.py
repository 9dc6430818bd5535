"""Writes of QMS records, self-reports, inspections and courses.

Every write checks the caller's permission on the unit it names (unit AND write scope,
accounts.scoping), saves through `full_clean`, bumps the version of versioned rows and keeps
history (django-simple-history, attributed to the caller).
"""

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khcn.accounts.scoping import unit_check_writable, visible
from khcn.core.concurrency import locked_current
from khcn.core.history import attribute_to
from khcn.core.text import nfc
from khcn.core.uploads import check_upload, upload_name
from khcn.geo.models import AdminUnit
from khcn.meetings.models import CLOSED_STATUSES, FollowUp, FollowUpStatus
from khcn.quality.models import (
    RATING_MAX,
    RATING_MIN,
    Course,
    CourseAnswer,
    CourseFile,
    Inspection,
    Participant,
    QmsFigures,
    QualitySystem,
    SelfReport,
    SelfReportStatus,
)

WRONG_STATUS = "wrong_status"
NOT_IN_FORCE = "not_in_force"
NOT_ATTENDED = "not_attended"
RATING = "rating"
ALREADY_LINKED = "already_linked"


def _require(user: Any, perm: str, obj: Any = None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _save(obj: Any, user: Any) -> None:
    obj.updated_by = user
    attribute_to(obj, user)
    obj.full_clean()
    obj.save()


def qms_save(*, user: Any, unit: AdminUnit, expected_version: int | None, **fields: Any) -> QualitySystem:
    """Create or edit the QMS record of `unit` (the Department only)."""
    _require(user, "quality.change_qualitysystem", unit)
    with transaction.atomic():
        current = QualitySystem.objects.filter(unit=unit).first()
        if current is None:
            qms = QualitySystem(unit=unit, created_by=user)
        else:
            qms = locked_current(current, expected_version=expected_version)
            qms.version += 1
        for name, value in fields.items():
            setattr(qms, name, nfc(value).strip() if isinstance(value, str) else value)
        _save(qms, user)
    return qms


def selfreport_submit(*, user: Any, unit: AdminUnit, year: int, note: str = "", **figures: Any) -> SelfReport:
    """The unit's self-report for `year`: a unit in force, by its officer or the Department.

    Sending again replaces a submitted or returned report; an accepted one is final. The figures
    become the unit's QMS record (created if missing), so the board shows them at once.
    """
    _require(user, "quality.submit_selfreport", unit)
    if not unit.is_current(timezone.localdate()):
        raise ValidationError(_("This unit is no longer in force; its records can only be read."), code=NOT_IN_FORCE)
    with transaction.atomic():
        report = SelfReport.objects.select_for_update().filter(unit=unit, year=year).first()
        if report is None:
            report = SelfReport(unit=unit, year=year, created_by=user)
        elif report.status == SelfReportStatus.ACCEPTED:
            raise ValidationError(_("The report of this year is already accepted."), code=WRONG_STATUS)
        else:
            report.version += 1
        for name in QmsFigures.FIGURES:
            if name in figures:
                setattr(report, name, figures[name])
        report.note = nfc(note).strip()
        report.status = SelfReportStatus.SUBMITTED
        report.submitted_at = timezone.now()
        report.review_note = ""
        _save(report, user)
        qms = QualitySystem.objects.select_for_update().filter(unit=unit).first()
        if qms is None:
            qms = QualitySystem(unit=unit, created_by=user)
        else:
            qms.version += 1
        for name in QmsFigures.FIGURES:
            setattr(qms, name, getattr(report, name))
        qms._change_reason = _("Self-report %(year)s") % {"year": year}  # type: ignore[attr-defined]
        _save(qms, user)
    return report


def selfreport_review(
    *, user: Any, report: SelfReport, accept: bool, note: str = "", expected_version: int | None = None
) -> SelfReport:
    """Accept a submitted self-report, or return it with a note saying what to fix."""
    _require(user, "quality.review_selfreport", report)
    note = nfc(note).strip()
    if not accept and not note:
        raise ValidationError({"note": ValidationError(_("Say what the unit should fix."), code="note")})
    with transaction.atomic():
        current = locked_current(report, expected_version=expected_version)
        if current.status != SelfReportStatus.SUBMITTED:
            raise ValidationError(_("Only a submitted report can be reviewed."), code=WRONG_STATUS)
        current.status = SelfReportStatus.ACCEPTED if accept else SelfReportStatus.RETURNED
        current.review_note = note
        current.reviewed_by = user
        current.version += 1
        _save(current, user)
    return current


def inspection_create(*, user: Any, unit: AdminUnit, **fields: Any) -> Inspection:
    """Record the Department's inspection of a unit's QMS."""
    _require(user, "quality.add_inspection", unit)
    inspection = Inspection(unit=unit, created_by=user)
    for name, value in fields.items():
        setattr(inspection, name, nfc(value).strip() if isinstance(value, str) else value)
    with transaction.atomic():
        _save(inspection, user)
    return inspection


# ---- Courses ----


def course_save(
    *,
    user: Any,
    course: Course | None,
    units: list[AdminUnit],
    experts: list[Any],
    expected_version: int | None = None,
    **fields: Any,
) -> Course:
    """Create or edit a course (the Department); the units invited must be in the caller's scope."""
    _require(user, "quality.manage_course")
    for unit in units:
        unit_check_writable(user=user, unit=unit, field="units_invited")
    with transaction.atomic():
        if course is None:
            course = Course(created_by=user)
        else:
            course = locked_current(course, expected_version=expected_version)
            course.version += 1
        for name, value in fields.items():
            setattr(course, name, nfc(value).strip() if isinstance(value, str) else value)
        _save(course, user)
        course.units_invited.set(units)
        course.experts.set(experts)
    return course


def participant_add(
    *, user: Any, course: Course, name: str = "", unit: AdminUnit | None = None, account: Any = None
) -> Participant:
    """Invite a person (an account, or a name for someone without one) to a course."""
    _require(user, "quality.manage_course")
    if unit is not None:
        unit_check_writable(user=user, unit=unit)
    if account is not None:
        if course.participants.filter(user=account).exists():
            raise ValidationError({"account": ValidationError(_("Already invited."), code="duplicate")})
        name = name or account.get_full_name() or account.get_username()
    participant = Participant(course=course, user=account, name=nfc(name).strip(), unit=unit, created_by=user)
    with transaction.atomic():
        _save(participant, user)
    return participant


def attendance_record(*, user: Any, course: Course, attended: dict[int, bool | None]) -> int:
    """Record who attended (the organiser); `attended` maps participant ids of this course to
    True, False or None (not recorded). Returns how many changed."""
    _require(user, "quality.manage_course")
    changed = 0
    with transaction.atomic():
        for participant in course.participants.select_for_update().filter(pk__in=list(attended)):
            value = attended[participant.pk]
            if participant.attended != value:
                participant.attended = value
                _save(participant, user)
                changed += 1
    return changed


def evaluation_submit(*, user: Any, participant: Participant, rating: int, comment: str = "") -> Participant:
    """An attendee rates the course (1 to 5) with a comment; sending again replaces it."""
    if participant.attended is not True or participant.user_id != getattr(user, "pk", None):
        raise ValidationError(_("Only the people who attended evaluate the course."), code=NOT_ATTENDED)
    _require(user, "quality.evaluate_course", participant)
    if not isinstance(rating, int) or not RATING_MIN <= rating <= RATING_MAX:
        raise ValidationError({"rating": ValidationError(_("Choose 1 to 5."), code=RATING)})
    with transaction.atomic():
        participant.rating = rating
        participant.comment = nfc(comment).strip()
        participant.evaluated_at = timezone.now()
        _save(participant, user)
    return participant


def course_file_add(*, user: Any, course: Course, upload: UploadedFile, caption: str = "") -> CourseFile:
    """Attach a material to a course (kind, content and size checked, core.uploads)."""
    _require(user, "quality.manage_course")
    name = check_upload(upload)
    stored = CourseFile(course=course, file_name=name, caption=nfc(caption).strip(), uploaded_by=user)
    with transaction.atomic():
        stored.file.save(upload_name(upload), upload, save=False)
        stored.full_clean()
        stored.save()
    return stored


def course_answers(*, user: Any, course: Course, followup: FollowUp, today: date | None = None) -> CourseAnswer:
    """Link a course to the follow-up item (a unit's request for training or ISO guidance) it
    answers. The item is answered through the meetings service: "answered" while the course is
    ahead, "done" once it has ended; the item's resolution links to the course."""
    from khcn.meetings.services import item_respond

    _require(user, "quality.manage_course")
    if not visible(FollowUp.objects.filter(pk=followup.pk), user, action="change").exists():
        raise ValidationError({"followup": ValidationError(_("No such follow-up item in your scope."))})
    unit_check_writable(user=user, unit=followup.unit, field="followup")
    if CourseAnswer.objects.filter(course=course, followup=followup).exists():
        raise ValidationError({"followup": ValidationError(_("Already linked."), code=ALREADY_LINKED)})
    today = today or timezone.localdate()
    with transaction.atomic():
        answer = CourseAnswer.objects.create(course=course, followup=followup, linked_by=user)
        if followup.status not in CLOSED_STATUSES:
            status = FollowUpStatus.DONE if course.ends_on < today else FollowUpStatus.ANSWERED
            text = _("Answered by the %(kind)s “%(title)s” (%(start)s–%(end)s).") % {
                "kind": course.get_kind_display(),
                "title": course.title,
                "start": f"{course.starts_on:%d/%m/%Y}",
                "end": f"{course.ends_on:%d/%m/%Y}",
            }
            item_respond(
                user=user,
                item=followup,
                text=text,
                status=status,
                resolution=text,
                resolution_url=settings.KHCN_SITE_URL + reverse("quality:course_detail", args=[course.pk]),
            )
    return answer
