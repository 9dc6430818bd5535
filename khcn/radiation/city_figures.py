"""The radiation figure the city board reads: licences valid at the year's end (today for the
current year), linking to the licence list filtered to exactly those licences."""

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khcn.core.city_figures import CityFigure
from khcn.radiation.selectors import licences_valid_on


def _day(year: int) -> date:
    return min(date(year, 12, 31), timezone.localdate())


FIGURES = (
    CityFigure(
        key="radiation.licences_valid",
        label=_("Radiation licences valid"),
        value=lambda year: licences_valid_on(_day(year)).count(),
        url=lambda year: reverse("radiation:licences_list") + f"?valid_on={_day(year):%d/%m/%Y}",
        group=_("Standards, metrology and radiation"),
        order=410,
    ),
)
