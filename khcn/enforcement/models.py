"""Inspections and administrative sanctions (thanh tra, kiểm tra; xử phạt vi phạm hành chính,
issue 18 item 9) across the Department's registers.

An inspection names the organisation inspected, its area (metrology, radiation, ...) and,
optionally, the record of that area it concerned by (area, id): this app never imports the
registers; they register how their records are named and linked (`links.py`).
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from khcn.accounts.scoping import OrganisationPath, Through, UnitPath
from khcn.core.bounds import ID_MAX
from khcn.core.models import TimeStampedModel, VersionedModel


class Area(models.TextChoices):
    METROLOGY = "metrology", _("Metrology")
    QUALITY = "quality", _("Standards and quality")
    RADIATION = "radiation", _("Radiation safety")
    TASKS = "tasks", _("S&T tasks")
    IP = "ip", _("Intellectual property")
    FUND = "fund", _("S&T development fund")
    OTHER = "other", _("Other")


class InspectionKind(models.TextChoices):
    INSPECTION = "inspection", _("Inspection (thanh tra)")
    CHECK = "check", _("Check (kiểm tra)")


class Inspection(TimeStampedModel, VersionedModel):
    """An inspection or check of one organisation in one area, its team and what it found."""

    scope_rules = (UnitPath("unit"), OrganisationPath("organisation"))
    owner_fields = ("unit", "organisation")

    organisation = models.ForeignKey(
        "geo.Organisation", verbose_name=_("organisation inspected"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("commune or ward"), on_delete=models.PROTECT, related_name="+"
    )
    area = models.CharField(_("area"), max_length=12, choices=Area.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=InspectionKind.choices, default=InspectionKind.CHECK)
    record_id = models.PositiveBigIntegerField(
        _("record inspected (id)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(ID_MAX)],
        help_text=_("The id of the facility, instrument or other record of this area, if one."),
    )
    decision_number = models.CharField(_("decision setting up the team"), max_length=60, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    team = models.TextField(_("team"), blank=True)
    findings = models.TextField(_("findings"), blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("inspection or check")
        verbose_name_plural = _("inspections and checks")
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["area", "record_id"], name="inspection_area_record")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="inspection_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.starts_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("enforcement:record_detail", args=["inspections", self.pk])

    def owner(self) -> tuple[object, object]:
        return self.unit if self.unit_id else None, self.organisation if self.organisation_id else None

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": ValidationError(_("Enter a day on or after the start."), code="ends_on")})


class RemedyState(models.TextChoices):
    NONE = "none", _("No remedy required")
    PENDING = "pending", _("Remedy pending")
    OVERDUE = "overdue", _("Remedy overdue")
    DONE = "done", _("Remedied")


def fine_max() -> int:
    return int(settings.KHCN_SANCTION_FINE_MAX)


class Decision(TimeStampedModel, VersionedModel):
    """A decision on an administrative sanction (quyết định xử phạt vi phạm hành chính) made
    after an inspection: the violation, the fine, the remedial measures and their follow-up."""

    scope_rules = (Through("inspection"),)
    owner_fields = ("inspection", "inspection")

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection or check"), on_delete=models.PROTECT, related_name="decisions"
    )
    number = models.CharField(_("decision number"), max_length=60, unique=True)
    issued_on = models.DateField(_("issued on"))
    violation = models.TextField(_("violation"))
    fine_vnd = models.PositiveBigIntegerField(
        _("fine (VND)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(fine_max)]
    )
    remedies = models.TextField(_("remedial measures"), blank=True)
    remedy_due_on = models.DateField(_("remedy deadline"), null=True, blank=True)
    remedy_done_on = models.DateField(_("remedied on"), null=True, blank=True)
    alerted_key = models.CharField(max_length=40, blank=True, editable=False)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at", "alerted_key"])

    class Meta:
        verbose_name = _("sanction decision")
        verbose_name_plural = _("sanction decisions")
        ordering = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("enforcement:record_detail", args=["decisions", self.pk])

    def owner(self) -> tuple[object, object]:
        inspection = self.inspection if self.inspection_id else None
        return (inspection.unit, inspection.organisation) if inspection else (None, None)

    def clean(self) -> None:
        errors = {}
        if self.remedies and not self.remedy_due_on:
            errors["remedy_due_on"] = ValidationError(_("Enter the deadline of the remedial measures."), code="due")
        if self.remedy_done_on and not self.remedy_due_on:
            errors["remedy_done_on"] = ValidationError(_("Enter the deadline first."), code="done")
        if self.inspection_id and self.issued_on and self.issued_on < self.inspection.starts_on:
            errors["issued_on"] = ValidationError(_("Enter a day on or after the inspection started."), code="issued")
        if errors:
            raise ValidationError(errors)

    def remedy_state(self, today: date) -> str:
        if self.remedy_due_on is None:
            return RemedyState.NONE
        if self.remedy_done_on is not None:
            return RemedyState.DONE
        return RemedyState.OVERDUE if self.remedy_due_on < today else RemedyState.PENDING
