"""The city's figures from inspections: how many were made in the year and the fines imposed,
each linking to the list filtered to exactly the records counted."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from khcn.core.city_figures import CityFigure
from khcn.enforcement.selectors import fines_in, inspections_in

GROUP = _("Inspections and sanctions")

FIGURES = (
    CityFigure(
        key="enforcement.inspections",
        label=_("Inspections and checks made"),
        value=lambda year: inspections_in(year).count(),
        url=lambda year: reverse("enforcement:inspections_list") + f"?year={year}",
        group=GROUP,
        order=420,
    ),
    CityFigure(
        key="enforcement.fines",
        label=_("Fines imposed (VND)"),
        value=fines_in,
        url=lambda year: reverse("enforcement:decisions_list") + f"?year={year}",
        group=GROUP,
        order=421,
    ),
)
