"""A unit's periodic report: values, narrative, review events and comments."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from khcn.core.models import TimeStampedModel, VersionedModel
from khcn.core.numbers import BoundedDecimalField


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    APPROVED = "approved", _("Approved")
    SIGNED_OFF = "signed_off", _("Signed off")


# For boards: units that have no report row yet are "not started".
NOT_STARTED = "not_started"
LOCKED_STATUSES = frozenset({ReportStatus.APPROVED, ReportStatus.SIGNED_OFF})
EDITABLE_STATUSES = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})


class Report(TimeStampedModel, VersionedModel):
    """One unit's report for one period (báo cáo định kỳ)."""

    scope_field = "unit"

    period = models.ForeignKey(
        "programs.ReportingPeriod", verbose_name=_("reporting period"), on_delete=models.PROTECT, related_name="reports"
    )
    unit = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("administrative unit"), on_delete=models.PROTECT, related_name="reports"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="report_one_per_unit_period"),
        ]
        indexes = [models.Index(fields=["period", "status"])]

    def __str__(self) -> str:
        return f"{self.unit} — {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:report_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_locked(self) -> bool:
        return self.status in LOCKED_STATUSES


class Value(models.Model):
    """The value a report gives for one indicator, in the column its type uses."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey("programs.Indicator", on_delete=models.PROTECT, related_name="values")
    number = BoundedDecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    numerator = BoundedDecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    denominator = BoundedDecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    flag = models.BooleanField(null=True, blank=True)
    date_value = models.DateField(null=True, blank=True)
    text = models.CharField(max_length=500, blank=True)
    explanation = models.TextField(
        _("explanation"), blank=True, help_text=_("Why the value moved far from the last period.")
    )
    reopened = models.BooleanField(_("re-opened for correction"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("value")
        verbose_name_plural = _("values")
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="value_one_per_indicator"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.display()}"

    def is_empty(self) -> bool:
        return (
            self.number is None
            and self.numerator is None
            and self.denominator is None
            and self.flag is None
            and self.date_value is None
            and not self.text
        )

    def as_number(self) -> Decimal | None:
        """The comparable number: the number itself, or a ratio as a percentage."""
        if self.number is not None:
            return self.number
        if self.numerator is not None and self.denominator:
            return self.numerator * 100 / self.denominator
        if self.flag is not None:
            return Decimal(int(self.flag))
        return None

    def display(self) -> str:
        from khcn.reporting.formatting import format_value

        return format_value(self)


class ReportSection(models.Model):
    """The narrative a report gives under one heading (results, difficulties, requests…)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=20)
    text = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="section_one_per_key"),
        ]


class ReportEvent(models.Model):
    """One move of a report's workflow, for its timeline: who, when, from what, to what, why."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.action} {self.created_at:%Y-%m-%d %H:%M}"


class ValueComment(models.Model):
    """A reviewer's comment on one value of a report."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="comments")
    indicator = models.ForeignKey("programs.Indicator", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "pk"]


class ReminderRule(models.Model):
    """When to remind units that have not submitted: N days before (negative) or after the deadline.

    Set once for all units and periods (issue: "reminder rules set once for all units").
    """

    days_from_due = models.SmallIntegerField(
        _("days from the deadline"),
        unique=True,
        help_text=_("-3 reminds three days before the deadline, 2 two days after it."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("reminder rule")
        verbose_name_plural = _("reminder rules")
        ordering = ["days_from_due"]

    def __str__(self) -> str:
        return f"{self.days_from_due:+d}"


class ReminderLog(models.Model):
    """A reminder sent to a unit for a period, so that a rule never fires twice."""

    period = models.ForeignKey("programs.ReportingPeriod", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("geo.AdminUnit", on_delete=models.CASCADE, related_name="+")
    rule = models.ForeignKey(ReminderRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recipients = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["period", "unit", "rule"], name="reminder_once_per_rule", condition=models.Q(rule__isnull=False)
            ),
        ]


def _attachment_path(instance: "Attachment", filename: str) -> str:
    return f"reports/{instance.report_id}/{filename}"


class Attachment(models.Model):
    """A file attached to a report, or as evidence to one of its values (a decision, a photo, a list)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    indicator = models.ForeignKey(
        "programs.Indicator",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("evidence for"),
    )
    file = models.FileField(_("file"), upload_to=_attachment_path)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name
