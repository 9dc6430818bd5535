"""ISO 9001 quality management systems of the local administrations, and the Department's
training courses, workshops and talks (issue 16, items 2 and 3).

The seeds: units build and keep a QMS to TCVN ISO 9001:2015 (Phúc Thọ: the district and 21
communes and towns, 100% of administrative procedures in ISO processes) and ask the Department
for ISO guidance and, most often, for training (tập huấn, bồi dưỡng) of their officers.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from khcn.accounts.roles import DEPARTMENT_ROLES
from khcn.accounts.scoping import AllRows, OwnRows, Through, UnitPath
from khcn.core.bounds import YEAR_MAX, YEAR_MIN
from khcn.core.models import TimeStampedModel, VersionedModel

PROCEDURES_MAX = 5000  # administrative procedures one local administration handles
ACTIONS_MAX = 999  # corrective actions open at one time
RATING_MIN, RATING_MAX = 1, 5


class QmsMode(models.TextChoices):
    NONE = "none", _("Not announced yet")
    CERTIFICATION = "certification", _("Certification")
    SELF_ANNOUNCEMENT = "self_announcement", _("Self-announcement of conformity")


class QmsFigures(models.Model):
    """The figures a QMS record and a yearly self-report share."""

    mode = models.CharField(
        _("certification or announcement"), max_length=20, choices=QmsMode.choices, default=QmsMode.NONE
    )
    announced_on = models.DateField(_("certified or announced on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    procedures_total = models.PositiveSmallIntegerField(
        _("administrative procedures"), default=0, validators=[MaxValueValidator(PROCEDURES_MAX)]
    )
    procedures_in_iso = models.PositiveSmallIntegerField(
        _("procedures with an ISO process"), default=0, validators=[MaxValueValidator(PROCEDURES_MAX)]
    )
    last_internal_audit_on = models.DateField(_("last internal audit"), null=True, blank=True)
    last_review_on = models.DateField(_("last management review"), null=True, blank=True)
    open_corrective_actions = models.PositiveSmallIntegerField(
        _("corrective actions open"), default=0, validators=[MaxValueValidator(ACTIONS_MAX)]
    )

    FIGURES = (
        "mode",
        "announced_on",
        "valid_until",
        "procedures_total",
        "procedures_in_iso",
        "last_internal_audit_on",
        "last_review_on",
        "open_corrective_actions",
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors = {}
        if self.procedures_in_iso > self.procedures_total:
            errors["procedures_in_iso"] = ValidationError(
                _("At most the number of administrative procedures."), code="procedures"
            )
        if self.announced_on and self.valid_until and self.valid_until < self.announced_on:
            errors["valid_until"] = ValidationError(_("Enter a day after the announcement."), code="valid_until")
        if self.mode != QmsMode.NONE and not self.announced_on:
            errors["announced_on"] = ValidationError(
                _("Enter the day of the certificate or announcement."), code="announced_on"
            )
        if errors:
            raise ValidationError(errors)


class QualitySystem(TimeStampedModel, VersionedModel, QmsFigures):
    """The state of one local administration's QMS to TCVN ISO 9001:2015."""

    scope_field = "unit"

    unit = models.OneToOneField(
        "geo.AdminUnit", verbose_name=_("administrative unit"), on_delete=models.PROTECT, related_name="quality_system"
    )
    scope = models.TextField(_("scope of the QMS"), blank=True)
    guidance = models.TextField(_("consultant or guidance given"), blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("quality management system")
        verbose_name_plural = _("quality management systems")
        ordering = ["unit__sort_key", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(procedures_in_iso__lte=models.F("procedures_total")),
                name="qms_iso_within_procedures",
            )
        ]

    def __str__(self) -> str:
        return str(self.unit)

    def get_absolute_url(self) -> str:
        return reverse("quality:unit_detail", args=[self.unit_id])


class SelfReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


class SelfReport(TimeStampedModel, VersionedModel, QmsFigures):
    """A unit's yearly self-report on its QMS; submitting it updates the unit's QMS record."""

    scope_field = "unit"

    unit = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("administrative unit"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(YEAR_MIN), MaxValueValidator(YEAR_MAX)]
    )
    note = models.TextField(_("notes"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SelfReportStatus.choices, default=SelfReportStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_note = models.TextField(_("review note"), blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("ISO self-report")
        verbose_name_plural = _("ISO self-reports")
        ordering = ["-year", "unit__sort_key", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="selfreport_one_per_unit_year"),
            models.CheckConstraint(
                condition=models.Q(procedures_in_iso__lte=models.F("procedures_total")),
                name="selfreport_iso_within_procedures",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("quality:unit_detail", args=[self.unit_id]) + f"#report-{self.pk}"


class Inspection(TimeStampedModel):
    """The Department's inspection of a unit's QMS and what it found."""

    scope_field = "unit"

    unit = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("administrative unit"), on_delete=models.PROTECT, related_name="+"
    )
    inspected_on = models.DateField(_("inspected on"))
    inspector = models.CharField(_("inspector"), max_length=255)
    findings = models.TextField(_("findings"))
    corrective_actions = models.TextField(_("corrective actions required"), blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("ISO inspection")
        verbose_name_plural = _("ISO inspections")
        ordering = ["-inspected_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.unit} · {self.inspected_on:%d/%m/%Y}"


class CourseKind(models.TextChoices):
    TRAINING = "training", _("Training course (tập huấn)")
    REFRESHER = "refresher", _("Refresher course (bồi dưỡng)")
    TALK = "talk", _("Talk (tọa đàm)")
    WORKSHOP = "workshop", _("Workshop (hội thảo)")


class Course(TimeStampedModel, VersionedModel):
    """A course, workshop or talk the Department organises for the units' officers."""

    # The Department sees every course; a unit's officers the ones their unit is invited to.
    scope_rules = (AllRows(DEPARTMENT_ROLES), UnitPath("units_invited", many=True))

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=CourseKind.choices, default=CourseKind.TRAINING)
    topic = models.TextField(_("topic"), blank=True)
    trainers = models.CharField(
        _("trainers"), max_length=500, blank=True, help_text=_("Trainers not in the expert directory.")
    )
    experts = models.ManyToManyField(
        "experts.Expert", verbose_name=_("trainers from the expert directory"), blank=True, related_name="courses"
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    units_invited = models.ManyToManyField(
        "geo.AdminUnit", verbose_name=_("units invited"), blank=True, related_name="courses"
    )
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="course_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("quality:course_detail", args=[self.pk])

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": ValidationError(_("Enter a day on or after the start."), code="ends_on")})


class Participant(TimeStampedModel):
    """A person invited to a course: whether they attended (the organiser records it) and, once
    they did, their evaluation (one per attendee)."""

    scope_rules = (Through("course"), OwnRows("user"))

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="course_participations",
    )
    name = models.CharField(_("name"), max_length=255)
    unit = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, validators=[MinValueValidator(RATING_MIN), MaxValueValidator(RATING_MAX)]
    )
    comment = models.TextField(_("comment"), blank=True)
    evaluated_at = models.DateTimeField(_("evaluated at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["course", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "user"], condition=models.Q(user__isnull=False), name="participant_once_per_course"
            ),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=RATING_MIN, rating__lte=RATING_MAX),
                name="participant_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CourseFile(models.Model):
    """Slides, handouts or photos of a course."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to="courses/%Y/%m/")
    file_name = models.CharField(_("file name"), max_length=255)
    caption = models.CharField(_("caption"), max_length=255, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("course material")
        verbose_name_plural = _("course materials")
        ordering = ["course", "pk"]

    def __str__(self) -> str:
        return self.caption or self.file_name


class CourseAnswer(models.Model):
    """A follow-up item (a unit's request for training or ISO guidance) a course answers."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="answers")
    followup = models.ForeignKey("meetings.FollowUp", on_delete=models.PROTECT, related_name="course_answers")
    linked_at = models.DateTimeField(auto_now_add=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("request answered")
        verbose_name_plural = _("requests answered")
        ordering = ["course", "pk"]
        constraints = [models.UniqueConstraint(fields=["course", "followup"], name="course_answer_once")]

    def __str__(self) -> str:
        return f"{self.course} → {self.followup_id}"
