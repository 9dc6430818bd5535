"""Initiatives (sáng kiến): the application, its authors and evidence, and the unit's decision.

DOMAIN.md §4: an initiative is recognised first by the organisation where it was applied
(its initiative council, then the head's decision: Decree 13/2012/NĐ-CP, Circular
18/2013/TT-BKHCN); one recognised at the base may then go to the city's yearly round, where
its scope of influence and effect are judged (the city council is a later slice, issue 16).
"""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from khcn.accounts.roles import DEPARTMENT_ROLES
from khcn.accounts.scoping import OrganisationPath, Through, UnitPath
from khcn.core.bounds import YEAR_MAX, YEAR_MIN
from khcn.core.models import TimeStampedModel, VersionedModel
from khcn.core.text import fold

SHARE_MIN = Decimal("0.01")
SHARE_MAX = Decimal(100)


class InitiativeField(models.TextChoices):
    """Where an initiative is applied (the fields the emulation councils sort them by)."""

    ADMINISTRATION = "administration", _("Administrative reform and public services")
    DIGITAL = "digital", _("Digital transformation")
    EDUCATION = "education", _("Education and training")
    HEALTH = "health", _("Health")
    AGRICULTURE = "agriculture", _("Agriculture and rural development")
    INDUSTRY = "industry", _("Industry, construction and transport")
    ENVIRONMENT = "environment", _("Natural resources and environment")
    SOCIETY = "society", _("Culture and society")
    OTHER = "other", _("Other")


class InitiativeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the unit")
    BASE_RECOGNISED = "base_recognised", _("Recognised at base level")
    BASE_NOT_RECOGNISED = "base_not_recognised", _("Not recognised at base level")
    CITY_SUBMITTED = "city_submitted", _("Submitted to the city round")
    CITY_RECOGNISED = "city_recognised", _("Recognised by the city")
    CITY_NOT_RECOGNISED = "city_not_recognised", _("Not recognised by the city")


class InfluenceScope(models.TextChoices):
    """Scope of influence (phạm vi ảnh hưởng), what emulation titles rely on (DOMAIN.md §4.2)."""

    BASE = "base", _("The organisation (base)")
    CITY = "city", _("City-wide")
    NATIONAL = "national", _("Nation-wide")


# What a recognised scope of influence counts toward (Law 06/2022/QH15, Decree 98/2023/NĐ-CP;
# DOMAIN.md §4.2, the exact wording unconfirmed).
EMULATION_TITLES: dict[str, Any] = {
    InfluenceScope.BASE: _("Grassroots emulation fighter (Chiến sĩ thi đua cơ sở)"),
    InfluenceScope.CITY: _("City emulation fighter (Chiến sĩ thi đua cấp thành phố)"),
    InfluenceScope.NATIONAL: _("National emulation fighter (Chiến sĩ thi đua toàn quốc)"),
}

# Recognised at the unit: shown on the public list and counted for emulation titles. The city's
# refusal does not undo the unit's recognition: it only keeps the scope at the base.
RECOGNISED_STATUSES = (
    InitiativeStatus.BASE_RECOGNISED,
    InitiativeStatus.CITY_SUBMITTED,
    InitiativeStatus.CITY_RECOGNISED,
    InitiativeStatus.CITY_NOT_RECOGNISED,
)


class Initiative(TimeStampedModel, VersionedModel):
    """An application for recognition of an initiative (đơn yêu cầu công nhận sáng kiến)."""

    # Like a task proposal: a unit's own, those of the organisations a user acts for, and for
    # the Department those of organisations in its province.
    scope_rules = (
        UnitPath("unit"),
        UnitPath("organisation__unit", roles=DEPARTMENT_ROLES),
        OrganisationPath("organisation"),
    )

    unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    organisation = models.ForeignKey(
        "geo.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    title = models.CharField(_("name of the initiative"), max_length=500)
    field = models.CharField(_("field of application"), max_length=20, choices=InitiativeField.choices)
    problem = models.TextField(_("the problem"), help_text=_("What went wrong before, where, for whom."))
    solution = models.TextField(_("the solution"), blank=True, help_text=_("What was done and how it works."))
    novelty = models.TextField(_("what is new"), blank=True, help_text=_("New points compared with what existed."))
    first_applied_on = models.DateField(_("date first applied"), null=True, blank=True)
    applied_where = models.CharField(_("where applied"), max_length=500, blank=True)
    effects = models.TextField(
        _("effects measured"), blank=True, help_text=_("Time, money or errors saved; who benefits.")
    )
    costs = models.TextField(_("costs"), blank=True, help_text=_("What applying it cost, and what it needs."))
    influence_scope = models.CharField(
        _("scope of influence"),
        max_length=10,
        choices=InfluenceScope.choices,
        default=InfluenceScope.BASE,
        help_text=_("How far the authors say it reaches; the councils decide."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=InitiativeStatus.choices, default=InitiativeStatus.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    city_round_year = models.PositiveSmallIntegerField(
        _("city round (year)"),
        null=True,
        blank=True,
        editable=False,
        validators=[MinValueValidator(YEAR_MIN), MaxValueValidator(YEAR_MAX)],
    )
    city_submitted_at = models.DateTimeField(_("submitted to the city at"), null=True, blank=True, editable=False)
    title_folded = models.CharField(max_length=600, editable=False, db_index=True, default="")
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at", "title_folded"])

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit__isnull=False) | models.Q(organisation__isnull=False),
                name="initiative_has_owner",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.title_folded = fold(self.title)[:600]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("initiatives:initiative_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status == InitiativeStatus.DRAFT

    @property
    def is_recognised(self) -> bool:
        return self.status in RECOGNISED_STATUSES

    @property
    def recognised_scope(self) -> str:
        """The scope of influence a decision recognised: the city's, else the unit's (base);
        "" while nothing is recognised. Not the scope the authors claim."""
        if self.status == InitiativeStatus.CITY_RECOGNISED:
            city = getattr(self, "city_recognition", None)
            return city.influence_scope if city is not None else InfluenceScope.CITY
        return InfluenceScope.BASE if self.is_recognised else ""

    def get_recognised_scope_display(self) -> str:
        return str(dict(InfluenceScope.choices).get(self.recognised_scope, ""))

    def emulation_title(self) -> str:
        """The emulation title the recognised scope counts toward (DOMAIN.md §4.2)."""
        return str(EMULATION_TITLES.get(self.recognised_scope, ""))

    def owner_label(self) -> str:
        if self.organisation_id:
            return str(self.organisation)
        return self.unit.full_name if self.unit_id else ""  # type: ignore[union-attr]


class InitiativeAuthor(models.Model):
    """An author and their share of the contribution (tỷ lệ đóng góp); shares total 100%."""

    scope_rules = (Through("initiative"),)

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="authors")
    full_name = models.CharField(_("full name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    workplace = models.CharField(_("workplace"), max_length=255, blank=True)
    share = models.DecimalField(
        _("share of contribution (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(SHARE_MIN), MaxValueValidator(SHARE_MAX)],
    )
    name_folded = models.CharField(max_length=200, editable=False, db_index=True, default="")
    order = models.PositiveSmallIntegerField(default=0, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.name_folded = fold(self.full_name)[:200]
        super().save(*args, **kwargs)


def _initiative_file_path(instance: "InitiativeFile", filename: str) -> str:
    return f"initiatives/{instance.initiative_id}/{filename}"


class InitiativeFile(models.Model):
    """Evidence of the application (confirmation of the applying unit, figures, photos)."""

    scope_rules = (Through("initiative"),)

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to=_initiative_file_path, max_length=300)
    name = models.CharField(_("file name"), max_length=255)
    caption = models.CharField(_("caption"), max_length=255, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.caption or self.name


class BaseRecognition(TimeStampedModel):
    """The unit's decision after its initiative council (quyết định công nhận sáng kiến cơ sở)."""

    scope_rules = (Through("initiative"),)

    initiative = models.OneToOneField(Initiative, on_delete=models.CASCADE, related_name="base_recognition")
    recognised = models.BooleanField(_("recognised"))
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    signer = models.CharField(_("signed by"), max_length=200)
    reasons = models.TextField(_("reasons"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("base-level recognition")
        verbose_name_plural = _("base-level recognitions")

    def __str__(self) -> str:
        return self.decision_number


class CityRecognition(TimeStampedModel):
    """The city's decision after its evaluation council (DOMAIN.md §4.2-4.3): whether the
    initiative's scope of influence and effect are recognised city-wide (or nation-wide, for
    the Ministry's round), what the council scored, and the decision that emulation titles cite."""

    scope_rules = (Through("initiative"),)

    initiative = models.OneToOneField(Initiative, on_delete=models.CASCADE, related_name="city_recognition")
    council = models.ForeignKey(
        "research.Council",
        verbose_name=_("evaluation council"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recognised = models.BooleanField(_("recognised"))
    influence_scope = models.CharField(
        _("scope of influence recognised"), max_length=10, choices=InfluenceScope.choices, blank=True
    )
    mean_score = models.DecimalField(
        _("council's mean score"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    effectiveness = models.TextField(_("effect of applying it, as the council found"), blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    signer = models.CharField(_("signed by"), max_length=200, blank=True)
    reasons = models.TextField(_("reasons"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("city-level recognition")
        verbose_name_plural = _("city-level recognitions")

    def __str__(self) -> str:
        return self.decision_number or str(self.initiative)


class InitiativeEvent(models.Model):
    """One move of the workflow, for the initiative's timeline."""

    scope_rules = (Through("initiative"),)

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20)
    status = models.CharField(_("status"), max_length=20, choices=InitiativeStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("initiative event")
        verbose_name_plural = _("initiative events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.initiative_id} {self.action}"
