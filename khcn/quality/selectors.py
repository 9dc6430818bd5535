"""Reads of QMS records and courses, scoped like every list (accounts.scoping)."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from khcn.accounts.scoping import get_visible_or_404, visible
from khcn.geo.models import AdminUnit, UnitLevel
from khcn.quality.models import Course, Inspection, Participant, QmsMode, QualitySystem, SelfReport


def qms_list(*, user: Any) -> QuerySet[QualitySystem]:
    return visible(QualitySystem.objects.select_related("unit"), user)


def selfreport_list(*, user: Any) -> QuerySet[SelfReport]:
    return visible(SelfReport.objects.select_related("unit", "created_by", "reviewed_by"), user)


def inspection_list(*, user: Any) -> QuerySet[Inspection]:
    return visible(Inspection.objects.select_related("unit"), user)


def unit_get(*, user: Any, pk: int) -> AdminUnit:
    """A local administration in the user's scope (a commune, ward or former district), else 404."""
    units = AdminUnit.objects.filter(level__in=[UnitLevel.COMMUNE, UnitLevel.DISTRICT])
    return get_visible_or_404(units, user, pk=pk)


# The gaps the board highlights (issue 16, item 2).
GAP_NO_RECORD = "no_record"
GAP_NO_REVIEW = "no_review"
GAP_PROCEDURES = "procedures"
GAP_ANNOUNCEMENT = "announcement"
GAP_NO_SELF_REPORT = "no_self_report"
GAPS = (GAP_NO_RECORD, GAP_NO_REVIEW, GAP_PROCEDURES, GAP_ANNOUNCEMENT, GAP_NO_SELF_REPORT)


@dataclass
class BoardRow:
    unit: AdminUnit
    qms: QualitySystem | None
    reported: bool
    current: bool
    gaps: list[str] = field(default_factory=list)

    @property
    def gap_count(self) -> int:
        return len(self.gaps)


def qms_gaps(*, qms: QualitySystem | None, reported: bool, today: date) -> list[str]:
    """What a unit's QMS lacks on `today`: no record; no management review this year; procedures
    without an ISO process; no announcement, or one past its validity; no self-report this year."""
    if qms is None:
        return [GAP_NO_RECORD] + ([] if reported else [GAP_NO_SELF_REPORT])
    gaps = []
    if qms.last_review_on is None or qms.last_review_on.year < today.year:
        gaps.append(GAP_NO_REVIEW)
    if qms.procedures_total == 0 or qms.procedures_in_iso < qms.procedures_total:
        gaps.append(GAP_PROCEDURES)
    if qms.mode == QmsMode.NONE or qms.announced_on is None or (qms.valid_until and qms.valid_until < today):
        gaps.append(GAP_ANNOUNCEMENT)
    if not reported:
        gaps.append(GAP_NO_SELF_REPORT)
    return gaps


def applied_in(year: int) -> QuerySet[QualitySystem]:
    """The administrations helped to build and apply an ISO 9001 system that did so in `year`:
    their system certified or announced conforming (công bố phù hợp) that year. Province-wide,
    for the city board (seed 004: Hà Nội first in the country)."""
    return QualitySystem.objects.exclude(mode=QmsMode.NONE).filter(announced_on__year=year)


def _applied_in_year(qms: QualitySystem | None, year: int) -> bool:
    """The test of `applied_in`, on a record already read."""
    return (
        qms is not None and qms.mode != QmsMode.NONE and qms.announced_on is not None and qms.announced_on.year == year
    )


def qms_board(
    *, user: Any, today: date | None = None, gap: str = "", q: str = "", applied_year: int | None = None
) -> list[BoardRow]:
    """Every local administration in the user's scope with its QMS and gaps: the communes and
    wards in force, and former units that kept a record (history, no gaps counted).
    `applied_year` keeps the units of `applied_in(applied_year)`."""
    from khcn.core.text import fold

    today = today or timezone.localdate()
    in_force = Q(valid_to__isnull=True) | Q(valid_to__gte=today)
    units = visible(
        AdminUnit.objects.filter((in_force & Q(level=UnitLevel.COMMUNE)) | Q(quality_system__isnull=False)).order_by(
            "sort_key", "pk"
        ),
        user,
    ).distinct()
    records = {r.unit_id: r for r in qms_list(user=user)}
    reported = set(selfreport_list(user=user).filter(year=today.year).values_list("unit_id", flat=True))
    rows = []
    folded = fold(q) if q else ""
    for unit in units:
        if folded and folded not in fold(unit.full_name):
            continue
        current = unit.is_current(today)
        row = BoardRow(unit=unit, qms=records.get(unit.pk), reported=unit.pk in reported, current=current)
        if current:
            row.gaps = qms_gaps(qms=row.qms, reported=row.reported, today=today)
        if gap and gap not in row.gaps:
            continue
        if applied_year and not _applied_in_year(row.qms, applied_year):
            continue
        rows.append(row)
    return rows


def course_list(*, user: Any) -> QuerySet[Course]:
    """Courses the user may see: all for the Department, the ones their unit is invited to."""
    return visible(Course.objects.all(), user).annotate(
        invited_count=Count("participants", distinct=True),
        attended_count=Count("participants", filter=Q(participants__attended=True), distinct=True),
    )


def course_get(*, user: Any, pk: int) -> Course:
    queryset = visible(Course.objects.all(), user).prefetch_related(
        "experts", "units_invited", "files", "answers__followup__unit"
    )
    return get_visible_or_404(queryset, user, pk=pk)


def participant_list(*, course: Course) -> QuerySet[Participant]:
    return course.participants.select_related("unit", "user")


def followup_courses(*, item: Any, user: Any) -> list[Any]:
    """The courses linked to a follow-up item (CourseAnswer) that `user` may see, for the item's
    page (registered with meetings.linked in QualityConfig.ready): one query."""
    from khcn.meetings.linked import LinkedRecord

    courses = visible(Course.objects.filter(answers__followup=item), user).order_by("starts_on", "pk")
    return [
        LinkedRecord(
            title=course.title,
            url=course.get_absolute_url(),
            kind=course.get_kind_display(),
            starts_on=course.starts_on,
            ends_on=course.ends_on,
        )
        for course in courses
    ]


def my_courses(*, user: Any) -> QuerySet[Participant]:
    """The courses an officer was invited to and attended (a record per officer)."""
    return Participant.objects.filter(user=user).select_related("course").order_by("-course__starts_on", "-pk")
