"""The province's industrial-property statistics (thống kê sở hữu trí tuệ), issue 18 item 10.

Cục Sở hữu trí tuệ (IP Viet Nam) publishes, by province and year, the applications filed and
the titles of protection granted for each kind of industrial property. The Department keeps
those figures for its own province, entered by hand or imported from the workbook it receives,
beside the marks and geographical indications of local products that KHCN tracks itself
(`products.IpAsset`). Seed 004: Hà Nội second in the country with 12,422 applications for
patents, utility solutions, industrial designs and trademarks filed in 2018.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from khcn.accounts.roles import DEPARTMENT_ROLES
from khcn.accounts.scoping import AllRows
from khcn.core.bounds import YEAR_MAX, YEAR_MIN
from khcn.core.models import TimeStampedModel, VersionedModel

# A province's yearly count of one kind: the whole country files about 130,000 applications a
# year, so a million leaves room without letting a typo of extra digits through.
COUNT_MAX = 1_000_000
DEFAULT_SOURCE = "Cục Sở hữu trí tuệ"


class IpKind(models.TextChoices):
    """The kinds of industrial property the IP Office counts (Law on IP, Art. 3 and 4)."""

    PATENT = "patent", pgettext_lazy("industrial property", "Patent")
    UTILITY_SOLUTION = "utility_solution", pgettext_lazy("industrial property", "Utility solution")
    INDUSTRIAL_DESIGN = "industrial_design", _("Industrial design")
    TRADEMARK = "trademark", _("Trademark")
    GEOGRAPHICAL_INDICATION = "geographical_indication", _("Geographical indication")


# The four kinds whose applications the city ranks the Department on (seed 004).
RANKED_KINDS = (IpKind.PATENT, IpKind.UTILITY_SOLUTION, IpKind.INDUSTRIAL_DESIGN, IpKind.TRADEMARK)


class IpStatistic(TimeStampedModel, VersionedModel):
    """The province's applications filed and titles granted for one kind in one year."""

    # Province-wide figures: the Department's staff read and keep them.
    scope_rules = (AllRows(DEPARTMENT_ROLES),)

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(YEAR_MIN), MaxValueValidator(YEAR_MAX)], db_index=True
    )
    kind = models.CharField(_("IP kind"), max_length=30, choices=IpKind.choices)
    applications = models.PositiveIntegerField(
        _("applications filed"), default=0, validators=[MaxValueValidator(COUNT_MAX)]
    )
    grants = models.PositiveIntegerField(_("titles granted"), default=0, validators=[MaxValueValidator(COUNT_MAX)])
    source = models.CharField(_("source"), max_length=200, default=DEFAULT_SOURCE)
    note = models.TextField(_("notes"), blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("IP statistic")
        verbose_name_plural = _("IP statistics")
        ordering = ["-year", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["year", "kind"], name="ipstat_one_row_per_year_kind"),
            models.CheckConstraint(
                condition=models.Q(year__gte=YEAR_MIN, year__lte=YEAR_MAX), name="ipstat_year_in_range"
            ),
            models.CheckConstraint(
                condition=models.Q(applications__lte=COUNT_MAX, grants__lte=COUNT_MAX), name="ipstat_counts_bounded"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("ipstats:statistic_detail", args=[self.pk])
