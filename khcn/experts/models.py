"""Experts, ready technologies, technology demands and the connections the Department makes
between them (issue 15; the seeds' "đầu mối chia sẻ, kết nối").

Personal data (Decree 13/2023/NĐ-CP): an expert's profile is seen by Department staff and by
the expert; anyone else sees it only once the expert consented to be listed publicly and the
Department validated the profile. Fields follow the national classification (fields.py):
one group (ScienceField) and second-level codes kept as " 401 402 " (spaces around each code,
so a code is matched whole with `contains`).
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from khcn.accounts.roles import DEPARTMENT_ROLES
from khcn.accounts.scoping import AllRows, OwnRows, UnitPath
from khcn.core.models import SoftDeleteModel, TimeStampedModel, VersionedModel
from khcn.core.text import fold, nfc
from khcn.research.models import ScienceField

MONEY_MAX = Decimal("1000000000000")  # 1,000 billion đồng: the bound of every amount


def subfield_codes(value: str) -> list[str]:
    return value.split()


def subfield_value(codes: list[str] | tuple[str, ...]) -> str:
    """The stored form of second-level field codes: sorted, unique, spaces around each."""
    unique = sorted({c.strip() for c in codes if c.strip()})
    return f" {' '.join(unique)} " if unique else ""


class AcademicTitle(models.TextChoices):
    NONE = "", _("None")
    PROFESSOR = "professor", _("Professor (GS)")
    ASSOCIATE = "associate", _("Associate professor (PGS)")


class Degree(models.TextChoices):
    DOCTOR_SCIENCE = "dsc", _("Doctor of Science (TSKH)")
    DOCTOR = "phd", _("Doctor (TS)")
    MASTER = "master", _("Master (ThS)")
    BACHELOR = "bachelor", _("Engineer or bachelor (KS, CN)")
    SPECIALIST = "specialist", _("Medical specialist (BSCK)")
    OTHER = "other", _("Other")


class Availability(models.TextChoices):
    AVAILABLE = "available", _("Available")
    LIMITED = "limited", _("Limited")
    UNAVAILABLE = "unavailable", _("Not available")


class ProfileStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for validation")
    VALIDATED = "validated", _("Validated")


class Expert(TimeStampedModel, VersionedModel, SoftDeleteModel):
    """A scientist or expert the Department can connect units with (nhà khoa học, chuyên gia)."""

    # The Department sees every profile; an expert their own. Everyone else reads only the
    # public profiles (consent given and validated) through the selectors.
    scope_rules = (AllRows(DEPARTMENT_ROLES), OwnRows("user"))

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expert_profile",
        help_text=_("The expert's account, if any: they then edit their own profile."),
    )
    full_name = models.CharField(_("full name"), max_length=200)
    academic_title = models.CharField(
        _("academic title"), max_length=12, choices=AcademicTitle.choices, blank=True, default=""
    )
    degree = models.CharField(_("degree"), max_length=12, choices=Degree.choices, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "geo.Organisation",
        verbose_name=_("organisation record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation_name = models.CharField(_("works at"), max_length=255, blank=True)
    unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("based in"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Province or commune where the expert works; nearer experts rank first."),
    )
    field = models.CharField(_("field group"), max_length=16, choices=ScienceField.choices)
    subfields = models.CharField(_("fields"), max_length=200, blank=True, default="")
    keywords = models.TextField(_("keywords"), blank=True, help_text=_("Separated by commas."))
    profile = models.TextField(_("short profile"), blank=True)
    publications = models.TextField(_("main publications"), blank=True)
    patents = models.TextField(_("patents and utility solutions"), blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    availability = models.CharField(
        _("availability"), max_length=12, choices=Availability.choices, default=Availability.AVAILABLE
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    public_consent = models.BooleanField(
        _("agrees to be listed publicly"),
        default=False,
        help_text=_("Without consent the profile is seen by Department staff only (Decree 13/2023/NĐ-CP)."),
    )
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ProfileStatus.choices, default=ProfileStatus.DRAFT, db_index=True
    )
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    review_note = models.TextField(
        _("note from the Department"), blank=True, help_text=_("Why the profile was returned to its expert.")
    )
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)
    name_folded = models.CharField(max_length=250, db_index=True, editable=False, default="")
    # Name, organisation and keywords folded (khcn.core.text.fold): the list's search without
    # diacritics, the same on SQLite and PostgreSQL.
    search_folded = models.TextField(editable=False, default="")

    history = HistoricalRecords(excluded_fields=["updated_at", "name_folded", "search_folded"])

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["name_folded", "pk"]
        permissions = []

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """ "PGS.TS. Nguyễn Văn A": title and degree abbreviations before the name."""
        short = {"professor": "GS", "associate": "PGS", "dsc": "TSKH", "phd": "TS", "master": "ThS"}
        parts = [short[k] for k in (self.academic_title, self.degree) if k in short]
        prefix = ".".join(parts)
        return f"{prefix}. {self.full_name}" if prefix else self.full_name

    @property
    def is_public(self) -> bool:
        return self.public_consent and self.status == ProfileStatus.VALIDATED and self.deleted_at is None

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.full_name = " ".join(nfc(self.full_name).split())
        self.name_folded = fold(self.full_name)
        self.search_folded = fold(" ".join((self.full_name, self.organisation_name, self.keywords)))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("experts:expert_detail", args=[self.pk])


class Maturity(models.IntegerChoices):
    """Technology readiness (TRL, 1-9), as the catalogue shows it."""

    TRL1 = 1, _("1 · Basic principles observed")
    TRL2 = 2, _("2 · Concept formulated")
    TRL3 = 3, _("3 · Proof of concept")
    TRL4 = 4, _("4 · Validated in the laboratory")
    TRL5 = 5, _("5 · Validated in a relevant environment")
    TRL6 = 6, _("6 · Demonstrated in a relevant environment (pilot)")
    TRL7 = 7, _("7 · Demonstrated in operation")
    TRL8 = 8, _("8 · Complete and qualified")
    TRL9 = 9, _("9 · Proven in production")


class TechIpStatus(models.TextChoices):
    NONE = "none", _("Not protected")
    PENDING = "pending", _("Application filed")
    PATENT = "patent", _("Patent")
    UTILITY = "utility", _("Utility solution")
    DESIGN = "design", _("Industrial design")
    PLANT_VARIETY = "variety", _("Plant variety protection")
    KNOW_HOW = "know_how", _("Know-how, trade secret")
    COPYRIGHT = "copyright", _("Copyright (software)")


class OfferStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for review")
    PUBLISHED = "published", _("Published")
    RETURNED = "returned", _("Returned for changes")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Technology(TimeStampedModel, VersionedModel, SoftDeleteModel):
    """A technology ready for transfer (công nghệ sẵn sàng chuyển giao), offered by its owner.

    Published in the public catalogue after the Department's review; it stays there until
    `expires_on`, a year (KHCN_TECH_CONFIRM_MONTHS) after the owner last confirmed it."""

    scope_rules = (AllRows(DEPARTMENT_ROLES), OwnRows("owner_expert__user"), OwnRows("created_by"))

    title = models.CharField(_("name of the technology"), max_length=300)
    summary = models.TextField(_("what it does"))
    description = models.TextField(_("description"), blank=True)
    field = models.CharField(_("field group"), max_length=16, choices=ScienceField.choices)
    subfields = models.CharField(_("fields"), max_length=200, blank=True, default="")
    keywords = models.TextField(_("keywords"), blank=True, help_text=_("Separated by commas."))
    maturity = models.PositiveSmallIntegerField(_("maturity (TRL)"), choices=Maturity.choices)
    proven_at = models.TextField(_("where it was proven"), blank=True)
    unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("province or commune where it was proven"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner_expert = models.ForeignKey(
        Expert,
        verbose_name=_("owner (expert)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="technologies",
    )
    owner_organisation = models.ForeignKey(
        "geo.Organisation",
        verbose_name=_("owner (organisation)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner_name = models.CharField(_("owner"), max_length=255, blank=True)
    task = models.ForeignKey(
        "research.ResearchTask",
        verbose_name=_("the S&T task that produced it"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="technologies",
    )
    ip_status = models.CharField(
        _("intellectual property"), max_length=12, choices=TechIpStatus.choices, default=TechIpStatus.NONE
    )
    ip_reference = models.CharField(_("IP certificate or application number"), max_length=60, blank=True)
    terms = models.TextField(_("terms of transfer"), blank=True)
    price_min = models.DecimalField(
        _("price from (VND)"),
        max_digits=15,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MONEY_MAX)],
    )
    price_max = models.DecimalField(
        _("price up to (VND)"),
        max_digits=15,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MONEY_MAX)],
    )
    contact = models.CharField(_("contact"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=OfferStatus.choices, default=OfferStatus.DRAFT, db_index=True
    )
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    confirmed_on = models.DateField(_("last confirmed by the owner on"), null=True, blank=True)
    expires_on = models.DateField(_("listed until"), null=True, blank=True, db_index=True)
    confirm_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)
    title_folded = models.CharField(max_length=350, db_index=True, editable=False, default="")

    history = HistoricalRecords(excluded_fields=["updated_at", "title_folded"])

    class Meta:
        verbose_name = _("technology")
        verbose_name_plural = _("technologies")
        ordering = ["title_folded", "pk"]

    def __str__(self) -> str:
        return self.title

    def is_listed(self, today: date) -> bool:
        """In the public catalogue: published and not past its listing date."""
        return (
            self.status == OfferStatus.PUBLISHED
            and self.deleted_at is None
            and (self.expires_on is None or self.expires_on >= today)
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.title = " ".join(nfc(self.title).split())
        self.title_folded = fold(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("experts:technology_detail", args=[self.pk])


class TechnologyFile(models.Model):
    """A photo or a document of a technology offer (shown publicly with it once published)."""

    technology = models.ForeignKey(Technology, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to="technologies/%Y/%m/")
    caption = models.CharField(_("caption"), max_length=255, blank=True)
    is_photo = models.BooleanField(_("photo"), default=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("technology file")
        verbose_name_plural = _("technology files")
        ordering = ["technology", "pk"]

    def __str__(self) -> str:
        return self.caption or self.file.name


class RequesterKind(models.TextChoices):
    COMMUNE = "commune", _("Commune or ward")
    ENTERPRISE = "enterprise", _("Enterprise")
    COOPERATIVE = "cooperative", _("Cooperative")
    HOUSEHOLD = "household", _("Household")
    OTHER = "other", _("Other")


class DemandSource(models.TextChoices):
    OFFICER = "officer", _("Entered by an officer")
    FOLLOWUP = "followup", _("From a follow-up item")
    PUBLIC = "public", _("From the public catalogue")


class DemandStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CONNECTING = "connecting", _("Being connected")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed without answer")


class Demand(TimeStampedModel, VersionedModel, SoftDeleteModel):
    """A technology demand (nhu cầu công nghệ): a problem a commune, enterprise, cooperative or
    household wants solved."""

    scope_rules = (AllRows(DEPARTMENT_ROLES), UnitPath("unit"), OwnRows("created_by"))

    title = models.CharField(_("title"), max_length=300)
    problem = models.TextField(_("the problem"))
    context = models.TextField(_("context"), blank=True)
    unit = models.ForeignKey("geo.AdminUnit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+")
    requester_kind = models.CharField(
        _("requested by"), max_length=12, choices=RequesterKind.choices, default=RequesterKind.COMMUNE
    )
    requester_name = models.CharField(_("requester's name"), max_length=255, blank=True)
    contact = models.CharField(_("contact"), max_length=255, blank=True)
    field = models.CharField(_("field group"), max_length=16, choices=ScienceField.choices, blank=True)
    subfields = models.CharField(_("fields"), max_length=200, blank=True, default="")
    keywords = models.TextField(_("keywords"), blank=True, help_text=_("Separated by commas."))
    budget = models.DecimalField(
        _("budget (VND)"),
        max_digits=15,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MONEY_MAX)],
    )
    deadline = models.DateField(_("wanted by"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=DemandSource.choices, default=DemandSource.OFFICER)
    followup = models.ForeignKey(
        "meetings.FollowUp",
        verbose_name=_("follow-up item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="demands",
    )
    technology = models.ForeignKey(
        Technology,
        verbose_name=_("technology asked about"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="demands",
        help_text=_("When the demand was sent from the public catalogue."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=DemandStatus.choices, default=DemandStatus.OPEN, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)
    title_folded = models.CharField(max_length=350, db_index=True, editable=False, default="")

    history = HistoricalRecords(excluded_fields=["updated_at", "title_folded"])

    class Meta:
        verbose_name = _("technology demand")
        verbose_name_plural = _("technology demands")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.title = " ".join(nfc(self.title).split())
        self.title_folded = fold(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("experts:demand_detail", args=[self.pk])


class Outcome(models.TextChoices):
    PENDING = "pending", _("Introduced, no outcome yet")
    MEETING = "meeting", _("Meeting held")
    SITE_VISIT = "site_visit", _("Site visit")
    CONTRACT = "contract", _("Contract signed")
    TRANSFERRED = "transferred", _("Technology transferred")
    NO_FIT = "no_fit", _("No fit")


# The outcomes that answer the request (a connection with one of them may close it).
ANSWERING_OUTCOMES = frozenset({Outcome.MEETING, Outcome.SITE_VISIT, Outcome.CONTRACT, Outcome.TRANSFERRED})


class Connection(TimeStampedModel, VersionedModel):
    """An introduction the Department made: a demand or a follow-up request put in touch with
    an expert and/or a technology, and what came of it."""

    scope_rules = (AllRows(DEPARTMENT_ROLES), UnitPath("unit"), OwnRows("expert__user"))

    demand = models.ForeignKey(
        Demand, verbose_name=_("demand"), null=True, blank=True, on_delete=models.PROTECT, related_name="connections"
    )
    followup = models.ForeignKey(
        "meetings.FollowUp",
        verbose_name=_("follow-up item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="connections",
    )
    unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The commune of the demand or follow-up item."),
    )
    expert = models.ForeignKey(
        Expert, verbose_name=_("expert"), null=True, blank=True, on_delete=models.PROTECT, related_name="connections"
    )
    technology = models.ForeignKey(
        Technology,
        verbose_name=_("technology"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="connections",
    )
    introduced_on = models.DateField(_("introduced on"))
    parties = models.CharField(
        _("introduced to"), max_length=255, blank=True, help_text=_("Who on the requester's side met them.")
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_on = models.DateField(_("outcome on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    closes_request = models.BooleanField(
        _("this answers the request"),
        default=False,
        help_text=_("Closes the demand or the follow-up item it answers."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("connection")
        verbose_name_plural = _("connections")
        ordering = ["-introduced_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(demand__isnull=False) | models.Q(followup__isnull=False),
                name="connection_answers_a_request",
            ),
            models.CheckConstraint(
                condition=models.Q(expert__isnull=False) | models.Q(technology__isnull=False),
                name="connection_names_expert_or_technology",
            ),
        ]

    def __str__(self) -> str:
        who = self.expert or self.technology
        return f"{who} · {self.introduced_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("experts:connection_detail", args=[self.pk])


class ConnectionFile(models.Model):
    """Minutes, a contract or photos of a connection."""

    connection = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to="connections/%Y/%m/")
    caption = models.CharField(_("caption"), max_length=255, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("connection file")
        verbose_name_plural = _("connection files")
        ordering = ["connection", "pk"]

    def __str__(self) -> str:
        return self.caption or self.file.name
