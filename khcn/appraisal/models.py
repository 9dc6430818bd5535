"""Technology appraisal of investment projects (thẩm định công nghệ / ý kiến về công nghệ dự án
đầu tư, issue 18): the dossier an investment authority sends the Department, the project and
its technology, the experts consulted, and the opinion the Department issues.

The Department answers within KHCN_APPRAISAL_DAYS calendar days of receiving the dossier (a
setting: the time limit is unconfirmed, DOMAIN.md names none). The limit is worked out once,
when the dossier is recorded (`due_on`), so changing the setting later does not move the
limits of dossiers already received.
"""

from datetime import date
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from khcn.accounts.roles import DEPARTMENT_ROLES
from khcn.accounts.scoping import AllRows, UnitPath
from khcn.core.models import SoftDeleteModel, TimeStampedModel, VersionedModel
from khcn.core.text import fold, nfc


class Sector(models.TextChoices):
    INDUSTRY = "industry", _("Industry and manufacturing")
    AGRICULTURE = "agriculture", _("Agriculture")
    CONSTRUCTION = "construction", _("Construction and building materials")
    ENERGY = "energy", _("Energy")
    TRANSPORT = "transport", _("Transport")
    ENVIRONMENT = "environment", _("Environment and waste treatment")
    HEALTH = "health", _("Health and pharmaceuticals")
    ICT = "ict", _("Information and communication technology")
    SERVICES = "services", _("Trade and services")
    OTHER = "other", _("Other")


class Conclusion(models.TextChoices):
    AGREE = "agree", _("Agree")
    CONDITIONAL = "conditional", _("Agree with conditions")
    DISAGREE = "disagree", _("Disagree")


class Appraisal(TimeStampedModel, VersionedModel, SoftDeleteModel):
    """One dossier of an investment project sent for the Department's opinion on its technology."""

    # The Department keeps the registry; a unit's officer reads the projects located in it.
    scope_rules = (AllRows(DEPARTMENT_ROLES), UnitPath("unit"))

    # The dossier
    sending_body = models.CharField(_("sent by"), max_length=255, help_text=_("The investment authority."))
    incoming_number = models.CharField(_("document number"), max_length=60)
    received_on = models.DateField(_("received on"), db_index=True)
    due_on = models.DateField(_("time limit"), db_index=True, editable=False)
    # The project
    project_name = models.CharField(_("project"), max_length=500)
    investor_name = models.CharField(_("investor"), max_length=255)
    investor = models.ForeignKey(
        "geo.Organisation",
        verbose_name=_("investor in the registry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey("geo.AdminUnit", verbose_name=_("located in"), on_delete=models.PROTECT, related_name="+")
    address = models.CharField(_("address"), max_length=255, blank=True)
    capital_million = models.DecimalField(
        _("investment capital (million VND)"), max_digits=12, decimal_places=1, null=True, blank=True
    )
    sector = models.CharField(_("sector"), max_length=16, choices=Sector.choices)
    # The technology
    technology = models.TextField(_("technology"), help_text=_("The process and what it produces."))
    origin = models.CharField(_("origin of the technology"), max_length=255, blank=True)
    equipment = models.TextField(_("key equipment"), blank=True)
    # The opinion
    opinion_number = models.CharField(_("opinion document number"), max_length=60, blank=True)
    opinion_date = models.DateField(_("opinion issued on"), null=True, blank=True, db_index=True)
    conclusion = models.CharField(_("conclusion"), max_length=12, choices=Conclusion.choices, blank=True)
    conditions = models.TextField(_("conditions and remarks"), blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    overdue_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)
    search_folded = models.CharField(max_length=1200, editable=False, default="")

    history = HistoricalRecords(excluded_fields=["updated_at", "search_folded", "reminded_at", "overdue_reminded_at"])

    class Meta:
        verbose_name = _("technology appraisal")
        verbose_name_plural = _("technology appraisals")
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return self.project_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.project_name = " ".join(nfc(self.project_name).split())
        self.search_folded = fold(" ".join((self.project_name, self.investor_name, self.incoming_number)))[:1200]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("appraisal:appraisal_detail", args=[self.pk])

    @property
    def is_answered(self) -> bool:
        return self.opinion_date is not None

    def is_late(self, today: date) -> bool:
        """Past its time limit without an opinion."""
        return self.opinion_date is None and today > self.due_on

    @property
    def answered_late(self) -> bool:
        return self.opinion_date is not None and self.opinion_date > self.due_on


class Consultation(models.Model):
    """An expert of the registry consulted on a dossier, and the opinion they gave."""

    scope_rules = (AllRows(DEPARTMENT_ROLES), UnitPath("appraisal__unit"))

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="consultations")
    expert = models.ForeignKey("experts.Expert", verbose_name=_("expert"), on_delete=models.PROTECT, related_name="+")
    asked_on = models.DateField(_("asked on"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    opinion = models.TextField(_("the expert's opinion"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("expert consulted")
        verbose_name_plural = _("experts consulted")
        ordering = ["appraisal", "pk"]
        constraints = [models.UniqueConstraint(fields=["appraisal", "expert"], name="appraisal_expert_once")]

    def __str__(self) -> str:
        return str(self.expert)
