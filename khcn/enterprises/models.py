"""S&T enterprises (doanh nghiệp khoa học và công nghệ), issue 18 item 5.

The Department certifies an enterprise as an S&T enterprise (giấy chứng nhận doanh nghiệp khoa
học và công nghệ) on the S&T results it makes its products from; the certificate opens
incentives (tax exemption or reduction, land, credit). A certificate is amended when its
particulars change and may be revoked; a revoked certificate stays in the register and its
history. Seed 004: Hà Nội is second in the country for S&T enterprises.
"""

from datetime import date
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from khcn.accounts.roles import DEPARTMENT_ROLES
from khcn.accounts.scoping import AllRows, OrganisationPath, Through, UnitPath
from khcn.core.models import TimeStampedModel, VersionedModel
from khcn.core.text import nfc


class Certificate(TimeStampedModel, VersionedModel):
    """A certificate of S&T enterprise issued to an organisation."""

    scope_rules = (AllRows(DEPARTMENT_ROLES), UnitPath("organisation__unit"), OrganisationPath("organisation"))

    number = models.CharField(_("certificate number"), max_length=60, unique=True)
    issued_on = models.DateField(_("issued on"), db_index=True)
    organisation = models.ForeignKey(
        "geo.Organisation", verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="+"
    )
    results = models.TextField(_("S&T results the certificate rests on"))
    research_result = models.ForeignKey(
        "research.ResearchTask",
        verbose_name=_("published research result"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("When the results come from a task whose results the Department published."),
    )
    products = models.TextField(_("products made from the results"), blank=True)
    note = models.TextField(_("notes"), blank=True)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_decision = models.CharField(_("revocation decision"), max_length=60, blank=True)
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("S&T enterprise certificate")
        verbose_name_plural = _("S&T enterprise certificates")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(revoked_on__isnull=True) | models.Q(revoked_on__gte=models.F("issued_on")),
                name="enterprise_revoked_after_issue",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.organisation}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.number = " ".join(nfc(self.number).split())
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("enterprises:certificate_detail", args=[self.pk])

    @property
    def is_revoked(self) -> bool:
        return self.revoked_on is not None

    def is_valid_on(self, day: date) -> bool:
        return self.issued_on <= day and (self.revoked_on is None or self.revoked_on > day)


class IncentiveKind(models.TextChoices):
    TAX_EXEMPTION = "tax_exemption", _("Tax exemption")
    TAX_REDUCTION = "tax_reduction", _("Tax reduction")
    LAND = "land", _("Land")
    CREDIT = "credit", _("Credit")
    OTHER = "other", _("Other incentive")


class Incentive(TimeStampedModel, VersionedModel):
    """An incentive granted to the certified enterprise."""

    scope_rules = (Through("certificate"),)

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="incentives")
    kind = models.CharField(_("incentive"), max_length=20, choices=IncentiveKind.choices)
    granted_on = models.DateField(_("granted on"))
    reference = models.CharField(_("decision or document"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("incentive")
        verbose_name_plural = _("incentives")
        ordering = ["granted_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.certificate.number}"


class Amendment(TimeStampedModel, VersionedModel):
    """A change of a certificate (its particulars amended), with its date and what changed."""

    scope_rules = (Through("certificate"),)

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="amendments")
    changed_on = models.DateField(_("changed on"))
    what_changed = models.TextField(_("what changed"))
    reference = models.CharField(_("decision or document"), max_length=100, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("certificate change")
        verbose_name_plural = _("certificate changes")
        ordering = ["changed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.certificate.number} · {self.changed_on:%d/%m/%Y}"
