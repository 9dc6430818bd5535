"""Standards, metrology and quality (tiêu chuẩn, đo lường, chất lượng; issue 18 item 7):
measuring instruments subject to verification and their verifications, conformity
announcements received, and the testing and calibration laboratories of the city.

The verification cycle belongs to the instrument's kind and is data (`InstrumentKind`), so
the Department keeps it as the Ministry's list changes. Inspections are kept in `enforcement`.
"""

import calendar
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from khcn.accounts.roles import Role
from khcn.accounts.scoping import AllRows, OrganisationPath, Through, UnitPath
from khcn.core.models import TimeStampedModel, VersionedModel

CYCLE_MIN, CYCLE_MAX = 1, 120  # months between two verifications


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day (31/01 + 1 month = 28 or 29/02)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class InstrumentKind(TimeStampedModel, VersionedModel):
    """A kind of group 2 measuring instrument (phương tiện đo nhóm 2) and its verification cycle."""

    scope_rules = (AllRows(frozenset(Role.values)),)
    owner_fields = ("name", "name")

    name = models.CharField(_("name"), max_length=200, unique=True)
    cycle_months = models.PositiveSmallIntegerField(
        _("verification cycle (months)"), validators=[MinValueValidator(CYCLE_MIN), MaxValueValidator(CYCLE_MAX)]
    )
    note = models.CharField(_("legal basis or note"), max_length=300, blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("instrument kind")
        verbose_name_plural = _("instrument kinds")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("metrology:record_detail", args=["kinds", self.pk])

    def owner(self) -> tuple[object, object]:
        return None, None


class InstrumentStatus(models.TextChoices):
    IN_USE = "in_use", _("In use")
    OUT_OF_SERVICE = "out_of_service", _("Out of service")


class DueState(models.TextChoices):
    OK = "ok", _("Verified")
    DUE = "due", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    NEVER = "never", _("No valid verification")


class Instrument(TimeStampedModel, VersionedModel):
    """A measuring instrument subject to verification, its owner and where it is used."""

    scope_rules = (UnitPath("unit"), OrganisationPath("organisation"))
    owner_fields = ("unit", "organisation")

    kind = models.ForeignKey(InstrumentKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="+")
    model_name = models.CharField(_("make and model"), max_length=200, blank=True)
    serial = models.CharField(_("serial number"), max_length=100)
    organisation = models.ForeignKey(
        "geo.Organisation", verbose_name=_("owner organisation"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("commune or ward"), on_delete=models.PROTECT, related_name="+"
    )
    location = models.CharField(_("where it is used"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=InstrumentStatus.choices, default=InstrumentStatus.IN_USE
    )
    # The next verification due, kept by the verification service from the latest verification.
    next_due_on = models.DateField(_("next verification due"), null=True, blank=True, editable=False)
    alerted_key = models.CharField(max_length=40, blank=True, editable=False)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at", "alerted_key"])

    class Meta:
        verbose_name = _("measuring instrument")
        verbose_name_plural = _("measuring instruments")
        ordering = ["next_due_on", "serial", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "serial", "organisation"], name="instrument_serial_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} · {self.serial}"

    def get_absolute_url(self) -> str:
        return reverse("metrology:record_detail", args=["instruments", self.pk])

    def owner(self) -> tuple[object, object]:
        return self.unit if self.unit_id else None, self.organisation if self.organisation_id else None

    def due_state(self, today: date, notice_days: int) -> str:
        if self.next_due_on is None:
            return DueState.NEVER
        if self.next_due_on < today:
            return DueState.OVERDUE
        if (self.next_due_on - today).days <= notice_days:
            return DueState.DUE
        return DueState.OK


class Result(models.TextChoices):
    PASS = "pass", _("Passed")
    FAIL = "fail", _("Failed")


class Verification(TimeStampedModel, VersionedModel):
    """A verification of an instrument (kiểm định): who verified it, the result, the
    certificate or stamp, and — when it passed — the next due date from the kind's cycle."""

    scope_rules = (Through("instrument"),)
    owner_fields = ("instrument", "instrument")

    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="verifications"
    )
    verified_on = models.DateField(_("verified on"))
    body = models.CharField(_("verifying body"), max_length=255)
    result = models.CharField(_("result"), max_length=4, choices=Result.choices)
    certificate = models.CharField(_("certificate or stamp number"), max_length=100, blank=True)
    next_due_on = models.DateField(_("next verification due"), null=True, blank=True, editable=False)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")
        ordering = ["-verified_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.instrument} · {self.verified_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("metrology:record_detail", args=["verifications", self.pk])

    def owner(self) -> tuple[object, object]:
        return self.instrument.owner() if self.instrument_id else (None, None)

    def clean(self) -> None:
        if self.result == Result.PASS and not self.certificate:
            raise ValidationError(
                {"certificate": ValidationError(_("Enter the certificate or stamp number."), code="certificate")}
            )

    def compute_next_due(self) -> None:
        """Passed: verified on + the kind's cycle; failed: none (the instrument may not be used)."""
        if self.result == Result.PASS and self.verified_on and self.instrument_id:
            self.next_due_on = add_months(self.verified_on, self.instrument.kind.cycle_months)
        else:
            self.next_due_on = None


class AnnouncementKind(models.TextChoices):
    STANDARD = "standard", _("Conformity with a standard (hợp chuẩn)")
    REGULATION = "regulation", _("Conformity with a technical regulation (hợp quy)")


class Announcement(TimeStampedModel, VersionedModel):
    """A conformity announcement received by the Department (công bố hợp chuẩn, hợp quy)."""

    scope_rules = (UnitPath("unit"), OrganisationPath("organisation"))
    owner_fields = ("unit", "organisation")

    organisation = models.ForeignKey(
        "geo.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("commune or ward"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=AnnouncementKind.choices)
    product = models.CharField(_("product, goods or service"), max_length=300)
    standard_code = models.CharField(
        _("standard or regulation"), max_length=100, help_text=_("For example QCVN 16:2019/BXD.")
    )
    number = models.CharField(_("receipt number"), max_length=60, unique=True)
    received_on = models.DateField(_("received on"))
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("conformity announcement")
        verbose_name_plural = _("conformity announcements")
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.number} · {self.product}"

    def get_absolute_url(self) -> str:
        return reverse("metrology:record_detail", args=["announcements", self.pk])

    def owner(self) -> tuple[object, object]:
        return self.unit if self.unit_id else None, self.organisation if self.organisation_id else None


class Laboratory(TimeStampedModel, VersionedModel):
    """A testing or calibration laboratory, its accreditation (e.g. VILAS) and capacity; seed
    004: the Department asked the city to invest in these labs."""

    scope_rules = (UnitPath("unit"), OrganisationPath("organisation"))
    owner_fields = ("unit", "organisation")

    name = models.CharField(_("name"), max_length=255)
    organisation = models.ForeignKey(
        "geo.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("commune or ward"), on_delete=models.PROTECT, related_name="+"
    )
    fields_covered = models.TextField(_("fields tested or calibrated"))
    accreditation = models.CharField(
        _("accreditation number"), max_length=60, blank=True, help_text=_("For example VILAS 123.")
    )
    accreditation_expires_on = models.DateField(_("accreditation expires on"), null=True, blank=True)
    capacity = models.TextField(_("capacity and investment needs"), blank=True)
    alerted_key = models.CharField(max_length=40, blank=True, editable=False)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at", "alerted_key"])

    class Meta:
        verbose_name = _("laboratory")
        verbose_name_plural = _("laboratories")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("metrology:record_detail", args=["laboratories", self.pk])

    def owner(self) -> tuple[object, object]:
        return self.unit if self.unit_id else None, self.organisation if self.organisation_id else None

    def clean(self) -> None:
        if self.accreditation_expires_on and not self.accreditation:
            raise ValidationError(
                {"accreditation": ValidationError(_("Enter the accreditation number."), code="accreditation")}
            )
