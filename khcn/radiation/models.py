"""Radiation and nuclear safety (an toàn bức xạ hạt nhân, issue 18 item 8): the facilities
that use radiation, their sources and devices, their licences with expiry, and incidents.

Inspections of a facility are recorded in `enforcement` (area "radiation", the facility's id).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from khcn.accounts.scoping import OrganisationPath, Through, UnitPath
from khcn.core.models import TimeStampedModel, VersionedModel

KV_MAX = 1000  # the highest tube voltage of an X-ray device KHCN records, kV
MA_MAX = 2000  # the highest tube current, mA
ACTIVITY_MAX_GBQ = 10_000_000  # 10 PBq: above any source a city facility holds


class FacilityKind(models.TextChoices):
    MEDICAL_XRAY = "medical_xray", _("Medical X-ray")
    NUCLEAR_MEDICINE = "nuclear_medicine", _("Nuclear medicine")
    RADIOTHERAPY = "radiotherapy", _("Radiotherapy")
    INDUSTRIAL = "industrial", _("Industrial (radiography, gauges)")
    RESEARCH = "research", _("Research and teaching")
    OTHER = "other", _("Other")


class Facility(TimeStampedModel, VersionedModel):
    """A facility using radiation (cơ sở bức xạ): the organisation and where it works."""

    scope_rules = (UnitPath("unit"), OrganisationPath("organisation"))
    owner_fields = ("unit", "organisation")

    name = models.CharField(_("name"), max_length=255)
    organisation = models.ForeignKey(
        "geo.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("commune or ward"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=FacilityKind.choices)
    safety_officer = models.CharField(_("radiation safety officer"), max_length=255, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("radiation facility")
        verbose_name_plural = _("radiation facilities")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("radiation:record_detail", args=["facilities", self.pk])

    def owner(self) -> tuple[object, object]:
        return self.unit if self.unit_id else None, self.organisation if self.organisation_id else None


class OnFacility:
    """A record that belongs to its facility's unit and organisation."""

    owner_fields = ("facility", "facility")

    def owner(self) -> tuple[object, object]:
        facility = self.facility if self.facility_id else None  # type: ignore[attr-defined]
        return (facility.unit, facility.organisation) if facility else (None, None)


class SourceKind(models.TextChoices):
    XRAY = "xray", _("X-ray device")
    SEALED = "sealed", _("Sealed radioactive source")
    UNSEALED = "unsealed", _("Unsealed radioactive source")
    ACCELERATOR = "accelerator", _("Accelerator")
    OTHER = "other", _("Other")


class SourceStatus(models.TextChoices):
    IN_USE = "in_use", _("In use")
    STORED = "stored", _("Stored")
    RETIRED = "retired", _("Returned or disposed of")


class Source(OnFacility, TimeStampedModel, VersionedModel):
    """A radiation source or device of a facility."""

    scope_rules = (Through("facility"),)

    facility = models.ForeignKey(Facility, verbose_name=_("facility"), on_delete=models.PROTECT, related_name="sources")
    kind = models.CharField(_("kind"), max_length=20, choices=SourceKind.choices)
    model_name = models.CharField(_("make and model"), max_length=255)
    serial = models.CharField(_("serial number"), max_length=100)
    isotope = models.CharField(_("isotope"), max_length=30, blank=True, help_text=_("For example Co-60, Cs-137."))
    activity_gbq = models.DecimalField(
        _("activity (GBq)"),
        max_digits=12,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(ACTIVITY_MAX_GBQ)],
    )
    kv_max = models.PositiveSmallIntegerField(
        _("highest voltage (kV)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(KV_MAX)]
    )
    ma_max = models.PositiveSmallIntegerField(
        _("highest current (mA)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(MA_MAX)]
    )
    status = models.CharField(_("status"), max_length=10, choices=SourceStatus.choices, default=SourceStatus.IN_USE)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("radiation source or device")
        verbose_name_plural = _("radiation sources and devices")
        ordering = ["facility__name", "serial", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["facility", "kind", "serial"], name="source_serial_once_per_facility")
        ]

    def __str__(self) -> str:
        return f"{self.model_name} · {self.serial}"

    def get_absolute_url(self) -> str:
        return reverse("radiation:record_detail", args=["sources", self.pk])

    def clean(self) -> None:
        if self.kind in (SourceKind.SEALED, SourceKind.UNSEALED) and self.activity_gbq is None:
            raise ValidationError(
                {"activity_gbq": ValidationError(_("Enter the activity of a radioactive source."), code="activity")}
            )
        if self.kind == SourceKind.XRAY and self.kv_max is None:
            raise ValidationError(
                {"kv_max": ValidationError(_("Enter the highest voltage of an X-ray device."), code="kv")}
            )


class LicenceState(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRING = "expiring", _("Expiring soon")
    EXPIRED = "expired", _("Expired")


class Licence(OnFacility, TimeStampedModel, VersionedModel):
    """A licence for radiation work (giấy phép tiến hành công việc bức xạ) and its validity.

    A renewal is a new licence naming the one it renews."""

    scope_rules = (Through("facility"),)

    facility = models.ForeignKey(
        Facility, verbose_name=_("facility"), on_delete=models.PROTECT, related_name="licences"
    )
    number = models.CharField(_("licence number"), max_length=60, unique=True)
    activities = models.TextField(_("activities licensed"))
    issued_by = models.CharField(_("issued by"), max_length=255, blank=True)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"))
    renews = models.ForeignKey(
        "self",
        verbose_name=_("renewal of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="renewals",
    )
    # The state last alerted on ("<expiry>:expiring" or ":expired"), so the daily job tells once.
    alerted_key = models.CharField(max_length=40, blank=True, editable=False)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at", "alerted_key"])

    class Meta:
        verbose_name = _("radiation licence")
        verbose_name_plural = _("radiation licences")
        ordering = ["expires_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__gt=models.F("issued_on")), name="licence_expires_after_issue"
            )
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("radiation:record_detail", args=["licences", self.pk])

    def clean(self) -> None:
        if self.issued_on and self.expires_on and self.expires_on <= self.issued_on:
            raise ValidationError({"expires_on": ValidationError(_("Enter a day after the issue."), code="expires_on")})
        if self.renews_id and self.renews_id == self.pk:
            raise ValidationError({"renews": ValidationError(_("A licence cannot renew itself."), code="renews")})
        if self.renews is not None and self.facility_id and self.renews.facility_id != self.facility_id:
            raise ValidationError(
                {"renews": ValidationError(_("Choose a licence of the same facility."), code="renews")}
            )

    def state(self, today: date, notice_days: int) -> str:
        """Valid, expiring within `notice_days`, or expired on `today`."""
        if self.expires_on < today:
            return LicenceState.EXPIRED
        if (self.expires_on - today).days <= notice_days:
            return LicenceState.EXPIRING
        return LicenceState.VALID


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor")
    MODERATE = "moderate", _("Moderate")
    SERIOUS = "serious", _("Serious")


class Incident(OnFacility, TimeStampedModel, VersionedModel):
    """A radiation incident (sự cố bức xạ) at a facility and the measures taken."""

    scope_rules = (Through("facility"),)

    facility = models.ForeignKey(
        Facility, verbose_name=_("facility"), on_delete=models.PROTECT, related_name="incidents"
    )
    occurred_on = models.DateField(_("occurred on"))
    description = models.TextField(_("description"))
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.MINOR)
    measures = models.TextField(_("measures taken"), blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("radiation incident")
        verbose_name_plural = _("radiation incidents")
        ordering = ["-occurred_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.facility} · {self.occurred_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("radiation:record_detail", args=["incidents", self.pk])
