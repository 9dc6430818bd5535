"""Working sessions with clusters of units, and the follow-up items they leave behind.

A round (đợt làm việc) groups the sessions (buổi làm việc) the Department holds with
clusters of units to prepare a year's plan and check a programme. Each session has its
cluster, attendees with attendance, agenda items linked to the units' reports, minutes
with a section per unit, and a conclusion. Requests from units and directives to them are
follow-up items, tracked until resolved; items also come from periodic reports.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from khcn.accounts.scoping import UnitPath
from khcn.core.models import TimeStampedModel, VersionedModel


class MeetingRound(TimeStampedModel, VersionedModel):
    """A round of working sessions (đợt làm việc), e.g. on the 2025 plan and Programme 07."""

    name = models.CharField(_("name"), max_length=255)
    year = models.PositiveSmallIntegerField(_("year"))
    purpose = models.TextField(_("purpose"), blank=True)
    plan_year = models.PositiveSmallIntegerField(_("plan year it prepares"), null=True, blank=True)
    period = models.ForeignKey(
        "programs.ReportingPeriod",
        verbose_name=_("reporting period checked"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The units' reports for this period are linked to the agenda."),
    )
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("session round")
        verbose_name_plural = _("session rounds")
        ordering = ["-year", "-pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("meetings:round_detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        for name in ("year", "plan_year"):
            value = getattr(self, name)
            if value is not None and not 2000 <= value <= 2100:
                errors[name] = ValidationError(_("Enter a year between 2000 and 2100."), code="year")
        if not errors and self.plan_year is not None and self.plan_year < self.year:
            errors["plan_year"] = ValidationError(
                _("The plan year cannot come before the year of the round."), code="plan_year"
            )
        if errors:
            raise ValidationError(errors)


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CONCLUDED = "concluded", _("Concluded")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingLevel(models.TextChoices):
    """Who reports to whom: the units to the Department, or the Department to the city (issue 18).
    A city-level session's cluster is the province itself, so only those who see the province
    (the Department's staff) see it and its items."""

    UNITS = "units", _("The Department with units")
    CITY = "city", _("The Department reports to the city")


class Meeting(TimeStampedModel, VersionedModel):
    """A working session (buổi làm việc) of the Department with a cluster of units, or of a city
    leader with the Department (`level`)."""

    # A unit sees the sessions whose cluster holds it.
    scope_rules = (UnitPath("cluster__unit", many=True),)

    round = models.ForeignKey(
        MeetingRound,
        verbose_name=_("session round"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    level = models.CharField(
        _("level"), max_length=5, choices=MeetingLevel.choices, default=MeetingLevel.UNITS, db_index=True
    )
    title = models.CharField(_("title"), max_length=300)
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=255, help_text=_("Usually the host unit's office."))
    host_unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("host unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    units: "models.ManyToManyField[Any, Any]" = models.ManyToManyField(
        "geo.AdminUnit", through="MeetingUnit", verbose_name=_("units of the cluster"), related_name="meetings"
    )
    chair = models.CharField(_("chair"), max_length=255, blank=True, help_text=_("Name and position."))
    co_chair = models.CharField(_("co-chair"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED, db_index=True
    )
    minutes = models.TextField(_("minutes (general part)"), blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("working session")
        verbose_name_plural = _("working sessions")
        ordering = ["-starts_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting_detail", args=[self.pk])


class MeetingUnit(models.Model):
    """A unit of the session's cluster: what it must prepare, by when, and its part of the minutes."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="cluster")
    unit = models.ForeignKey("geo.AdminUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    prepare = models.TextField(
        _("to prepare"), blank=True, help_text=_("What the unit must bring: its report, its proposals…")
    )
    prepare_by = models.DateField(_("prepare by"), null=True, blank=True)
    report = models.ForeignKey(
        "reporting.Report",
        verbose_name=_("report discussed"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notes = models.TextField(_("minutes for this unit"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "unit"], name="meeting_unit_once")]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.unit}"


class AttendeeKind(models.TextChoices):
    CITY_LEADER = "city_leader", _("City leader")
    DEPARTMENT_LEADER = "dept_leader", _("Department leader")
    DEPARTMENT_OFFICE = "dept_office", _("Department division")
    UNIT_LEADER = "unit_leader", _("Unit leader or officer")
    EXPERT = "expert", _("Expert or scientist")
    PRESS = "press", _("Press")
    OTHER = "other", _("Other")


class Attendee(models.Model):
    """Someone invited to a session, and whether they attended."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    kind = models.CharField(_("kind"), max_length=12, choices=AttendeeKind.choices)
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=255, blank=True)
    unit = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "geo.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return self.name


class FollowUpKind(models.TextChoices):
    REQUEST = "request", _("Request")
    DIRECTIVE = "directive", _("Directive")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    ANSWERED = "answered", _("Answered")
    DONE = "done", _("Done")
    REJECTED = "rejected", _("Rejected")
    TRANSFERRED = "transferred", _("Transferred")


# Statuses that end an item: it no longer counts as open or overdue.
CLOSED_STATUSES = frozenset({FollowUpStatus.DONE, FollowUpStatus.REJECTED, FollowUpStatus.TRANSFERRED})


class Topic(models.TextChoices):
    TRAINING = "training", _("Training")
    QUALITY = "quality", _("ISO 9001 and quality management")
    AGRICULTURE = "agriculture", _("Agriculture")
    ENVIRONMENT = "environment", _("Environment")
    IP = "ip", _("IP and trademarks")
    DIGITAL = "digital", _("Digital transformation")
    FUNDING = "funding", _("Funding")
    STAFFING = "staffing", _("Staffing")
    POLICY = "policy", _("Policy guidance")
    TECHNOLOGY = "technology", _("Technology transfer")
    INITIATIVES = "initiatives", _("Initiatives")
    REPORTING = "reporting", _("Reporting")
    COMMUNICATION = "communication", _("Communication")
    OTHER = "other", _("Other")


class AssigneeKind(models.TextChoices):
    OFFICE = "office", _("A division of the Department")
    UNIT = "unit", _("The unit")
    CITY = "city", _("The city (People's Committee, other departments)")
    EXPERT = "expert", _("An expert")


class FollowUp(TimeStampedModel, VersionedModel):
    """A request from a unit or a directive to it, tracked until it is resolved."""

    scope_field = "unit"

    kind = models.CharField(_("kind"), max_length=10, choices=FollowUpKind.choices)
    unit = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("administrative unit"), on_delete=models.PROTECT, related_name="followups"
    )
    text = models.TextField(_("text"))
    topic = models.CharField(_("topic"), max_length=16, choices=Topic.choices, default=Topic.OTHER, db_index=True)
    raised_by = models.CharField(_("raised by"), max_length=255, blank=True, help_text=_("Who said it, as recorded."))
    assignee_kind = models.CharField(
        _("who must act"), max_length=8, choices=AssigneeKind.choices, default=AssigneeKind.OFFICE
    )
    assignee_office = models.ForeignKey(
        "geo.Organisation",
        verbose_name=_("Department division"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followups",
        limit_choices_to={"kind": "department_office"},
    )
    assignee_name = models.CharField(_("expert or body"), max_length=255, blank=True)
    due_on = models.DateField(_("deadline"), null=True, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=12, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN, db_index=True
    )
    status_reason = models.TextField(
        _("reason"), blank=True, help_text=_("Why it was rejected, or where it was transferred.")
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last overdue reminder"), null=True, blank=True, editable=False)
    resolution = models.CharField(
        _("resolved by"),
        max_length=500,
        blank=True,
        help_text=_("What resolved it: a proposal, a training event, a connection with an expert, a document…"),
    )
    resolution_url = models.URLField(_("link"), blank=True)
    is_public = models.BooleanField(
        _("shown on the public tracker"), default=False, help_text=_("Opt-in, item by item.")
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("working session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
    )
    source_report = models.ForeignKey(
        "reporting.Report",
        verbose_name=_("raised in report"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followups",
    )
    moved_from = models.ForeignKey(
        "self",
        verbose_name=_("moved from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moved_to",
        editable=False,
        help_text=_("The item of an abolished unit this one continues."),
    )
    source_text = models.TextField(
        _("source sentence"),
        blank=True,
        help_text=_("The sentence of the article or minutes the item was read from, as written."),
    )
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("follow-up item")
        verbose_name_plural = _("follow-up items")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "due_on"], name="followup_status_due"),
            models.Index(fields=["unit", "status"], name="followup_unit_status"),
            models.Index(fields=["updated_at"], name="followup_updated"),  # the boards' cache stamp
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("meetings:item_detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    @property
    def is_overdue(self) -> bool:
        return not self.is_closed and self.due_on is not None and self.due_on < timezone.localdate()

    def assignee_label(self) -> str:
        """Who must act: the division by name; the Department itself while no division is set."""
        if self.assignee_kind == AssigneeKind.OFFICE:
            if self.assignee_office_id:
                return str(self.assignee_office)
            return str(_("Department of Science and Technology (no division assigned yet)"))
        if self.assignee_kind == AssigneeKind.UNIT:
            return str(self.unit)
        return self.assignee_name or str(self.get_assignee_kind_display())


def _response_path(instance: "FollowUpResponse", filename: str) -> str:
    return f"followups/{instance.item_id}/{filename}"


class FollowUpResponse(models.Model):
    """An answer or a progress note on an item, optionally with a file, and the status it set."""

    item = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="responses")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("response"))
    status = models.CharField(_("status set"), max_length=12, choices=FollowUpStatus.choices, blank=True)
    file = models.FileField(_("file"), upload_to=_response_path, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]
