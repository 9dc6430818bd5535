"""Programmes, their indicators and targets, report forms and reporting periods."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from khcn.core.models import TimeStampedModel, VersionedModel
from khcn.core.numbers import BoundedDecimalField


class Program(TimeStampedModel, VersionedModel):
    """A programme units report on, e.g. Chương trình số 07-CTr/TU (2021–2025)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=500)
    issuing_body = models.CharField(_("issuing body"), max_length=255)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    successor = models.ForeignKey(
        "self",
        verbose_name=_("succeeded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-start_year", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__lte=models.F("end_year")),
                name="program_years_ordered",
                violation_error_message=_("The last year cannot be before the first year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.start_year}–{self.end_year})"

    def get_absolute_url(self) -> str:
        return reverse("programs:program_detail", args=[self.pk])


class IndicatorGroup(VersionedModel):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="groups")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=255)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator group")
        verbose_name_plural = _("indicator groups")
        ordering = ["program", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="indicatorgroup_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class ValueType(models.TextChoices):
    PERCENT = "percent", _("Percentage (0–100)")
    COUNT = "count", _("Count")
    MONEY = "money", _("Money (VND)")
    RATIO = "ratio", _("Ratio x/y")
    BOOLEAN = "boolean", _("Yes/no")
    DATE = "date", _("Date")
    TEXT = "text", _("Short text")


NUMERIC_TYPES = frozenset({ValueType.PERCENT, ValueType.COUNT, ValueType.MONEY})


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Aggregation(models.TextChoices):
    SUM = "sum", _("Sum")
    WEIGHTED_MEAN = "weighted_mean", _("Mean weighted by another indicator")
    MEAN = "mean", _("Mean")
    COUNT_YES = "count_yes", _("Number of units answering yes")
    NONE = "none", _("Not aggregated")


class Indicator(VersionedModel):
    """One figure a report asks for (chỉ tiêu), with how it is typed, judged and aggregated."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="indicators")
    group = models.ForeignKey(
        IndicatorGroup, verbose_name=_("group"), on_delete=models.PROTECT, related_name="indicators"
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=500)
    value_type = models.CharField(_("value type"), max_length=10, choices=ValueType.choices)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=40, blank=True)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    aggregation = models.CharField(
        _("aggregation"), max_length=20, choices=Aggregation.choices, default=Aggregation.SUM
    )
    weight = models.ForeignKey(
        "self",
        verbose_name=_("weighted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("For a weighted mean: the count indicator used as weight."),
    )
    # Ratio indicators: what the numerator and denominator count ("đài thông minh" / "đài").
    numerator_label = models.CharField(_("numerator label"), max_length=120, blank=True)
    denominator_label = models.CharField(_("denominator label"), max_length=120, blank=True)
    min_value = BoundedDecimalField(_("minimum"), max_digits=20, decimal_places=4, null=True, blank=True)
    max_value = BoundedDecimalField(_("maximum"), max_digits=20, decimal_places=4, null=True, blank=True)
    jump_warning_percent = models.PositiveSmallIntegerField(
        _("warn on change above (%)"),
        default=50,
        help_text=_("A value that moves more than this from the last period asks for an explanation."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    help_text = models.TextField(_("guidance"), blank=True)
    # A key of khcn.core.record_counts (validated against its registry, not fixed here): the
    # report form shows the count over the unit's records beside the typed figure.
    record_source = models.CharField(
        _("computed from records"),
        max_length=60,
        blank=True,
        help_text=_("The report form shows this count beside the unit's figure and flags a difference."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["program", "group__position", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="indicator_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"

    @property
    def is_numeric(self) -> bool:
        return self.value_type in NUMERIC_TYPES


class Target(VersionedModel):
    """The planned value of an indicator for a year: a unit's, or the city's when unit is empty."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey(
        "geo.AdminUnit",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("administrative unit"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = BoundedDecimalField(_("target value"), max_digits=20, decimal_places=4)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "year"],
                name="target_unique_unit",
                condition=Q(unit__isnull=False),
                violation_error_message=_("This indicator already has a target for this unit and year; edit that one."),
            ),
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="target_unique_city",
                condition=Q(unit__isnull=True),
                violation_error_message=_(
                    "This indicator already has a city-wide target for this year; edit that one."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}: {self.value}"


class SectionKey(models.TextChoices):
    RESULTS = "results", _("Results achieved")
    MODELS = "models", _("Ongoing models and pilots")
    DIFFICULTIES = "difficulties", _("Difficulties and obstacles")
    REQUESTS = "requests", _("Requests and proposals")
    PLAN = "plan", _("Plan for the next period")


class ReportForm(VersionedModel):
    """Which indicators and narrative sections a report asks of which kind of unit."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="forms")
    name = models.CharField(_("name"), max_length=255)
    unit_levels = models.JSONField(_("unit levels"), default=list, help_text=_("Levels of unit that fill this form."))
    sections = models.JSONField(_("narrative sections"), default=list, blank=True)
    indicators: models.ManyToManyField = models.ManyToManyField(
        Indicator, through="FormIndicator", related_name="forms"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report form")
        verbose_name_plural = _("report forms")

    def __str__(self) -> str:
        return self.name


class FormIndicator(models.Model):
    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="items")
    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="+")
    required = models.BooleanField(_("required"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["form", "indicator"], name="formindicator_unique"),
        ]


class RuleOperator(models.TextChoices):
    LE = "le", "≤"
    LT = "lt", "<"
    GE = "ge", "≥"
    EQ = "eq", "="


class CrossRule(models.Model):
    """A rule between two indicators of a form, e.g. dossiers on time ≤ dossiers received."""

    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="rules")
    left = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="+")
    operator = models.CharField(_("comparison"), max_length=2, choices=RuleOperator.choices, default=RuleOperator.LE)
    right = models.ForeignKey(Indicator, verbose_name=_("compared with"), on_delete=models.CASCADE, related_name="+")
    message = models.CharField(_("message"), max_length=255)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cross-field rule")
        verbose_name_plural = _("cross-field rules")

    def __str__(self) -> str:
        return f"{self.left.code} {self.get_operator_display()} {self.right.code}"


class PeriodKind(models.TextChoices):
    HALF_YEAR = "half", _("First six months")
    YEAR = "year", _("Whole year")
    QUARTER = "quarter", _("Quarter")
    AD_HOC = "ad_hoc", _("Ad hoc")


class ReportingPeriod(TimeStampedModel, VersionedModel):
    """A round of reporting: its data window, when it opens, its deadline (DOMAIN.md §2.2)."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="periods")
    form = models.ForeignKey(ReportForm, on_delete=models.PROTECT, related_name="periods")
    kind = models.CharField(_("kind"), max_length=10, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=120)
    data_from = models.DateField(_("data from"))
    data_to = models.DateField(_("data to"))
    opens_on = models.DateField(_("opens on"))
    due_on = models.DateField(_("due on"))
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    previous = models.ForeignKey(
        "self", verbose_name=_("previous period"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["-data_to", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(data_from__lte=models.F("data_to")),
                name="period_data_window",
                violation_error_message=_("The data range must end on or after its first day."),
            ),
            models.CheckConstraint(
                condition=Q(opens_on__lte=models.F("due_on")),
                name="period_opens_before_due",
                violation_error_message=_("The deadline must not be before the opening day."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("reporting:period_board", args=[self.pk])
