"""The city's figures from the metrology registers: verifications done and conformity
announcements received in the year, each linking to the list filtered to exactly those."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from khcn.core.city_figures import CityFigure
from khcn.metrology.selectors import announcements_in, verifications_in

GROUP = _("Standards, metrology and radiation")

FIGURES = (
    CityFigure(
        key="metrology.verifications",
        label=_("Measuring instrument verifications done"),
        value=lambda year: verifications_in(year).count(),
        url=lambda year: reverse("metrology:verifications_list") + f"?year={year}",
        group=GROUP,
        order=400,
    ),
    CityFigure(
        key="metrology.announcements",
        label=_("Conformity announcements received"),
        value=lambda year: announcements_in(year).count(),
        url=lambda year: reverse("metrology:announcements_list") + f"?year={year}",
        group=GROUP,
        order=401,
    ),
)
