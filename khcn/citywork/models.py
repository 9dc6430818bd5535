"""The Department as a reporting party (issue 18): its periodic reports to the city or the
Ministry, and the national rank the city reads beside each figure of the city board.

The sessions with city leaders, the Department's requests to the city and the leaders'
directives are `meetings` records one level up (a session of level "city" whose party is the
province); this app gathers them and builds the report from the figures the registries give
(`khcn.core.city_figures`).
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from khcn.core.bounds import YEAR_MAX, YEAR_MIN
from khcn.core.models import TimeStampedModel, VersionedModel

RANK_MAX = 63  # provinces of the country, before (63) and after (34) the 2025 reform


class CityRank(TimeStampedModel, VersionedModel):
    """Where the province stood in the country on one figure in one year, entered by hand
    (the ranking comes from the Ministry or the press, not from KHCN's records)."""

    figure_key = models.CharField(_("figure"), max_length=60)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(YEAR_MIN), MaxValueValidator(YEAR_MAX)]
    )
    national_rank = models.PositiveSmallIntegerField(
        _("national rank"), validators=[MinValueValidator(1), MaxValueValidator(RANK_MAX)]
    )
    source = models.CharField(_("source"), max_length=300, blank=True, help_text=_("Where the rank was published."))
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("national rank")
        verbose_name_plural = _("national ranks")
        constraints = [models.UniqueConstraint(fields=["figure_key", "year"], name="citywork_rank_once_a_year")]

    def __str__(self) -> str:
        return f"{self.figure_key} {self.year}: {self.national_rank}"


class ReportKind(models.TextChoices):
    HALF_YEAR = "half_year", _("Six-month report")
    ANNUAL = "annual", _("Annual report")
    SESSION = "session", _("Report to a working session")
    OTHER = "other", _("Other report")


class Recipient(models.TextChoices):
    CITY = "city", _("The city's People's Committee")
    PARTY = "party", _("The city's Party Committee")
    MINISTRY = "ministry", _("The Ministry of Science and Technology")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")


class CityReport(TimeStampedModel, VersionedModel):
    """The Department's report to the city (or to the Ministry): its text is drafted from
    KHCN's own figures, then edited by the officer before it is sent."""

    kind = models.CharField(_("kind"), max_length=10, choices=ReportKind.choices, default=ReportKind.ANNUAL)
    recipient = models.CharField(_("sent to"), max_length=10, choices=Recipient.choices, default=Recipient.CITY)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(YEAR_MIN), MaxValueValidator(YEAR_MAX)], db_index=True
    )
    number = models.CharField(_("number and symbol"), max_length=60, blank=True, help_text=_("e.g. 125/BC-SKHCN"))
    title = models.CharField(_("summary line"), max_length=300)
    results = models.TextField(_("results"), blank=True)
    difficulties = models.TextField(_("shortcomings and difficulties"), blank=True)
    proposals = models.TextField(_("requests and proposals"), blank=True)
    next_tasks = models.TextField(_("tasks for the next period"), blank=True)
    status = models.CharField(
        _("status"), max_length=6, choices=ReportStatus.choices, default=ReportStatus.DRAFT, db_index=True
    )
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("presented at session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"level": "city"},
    )
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("report to the city")
        verbose_name_plural = _("reports to the city")
        ordering = ["-year", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("citywork:report_detail", args=[self.pk])
