"""Research's figure the city ranks the Department on: tasks without state budget evaluated
in the year (seed 004: 7, Hà Nội leading the country)."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from khcn.core.city_figures import CityFigure
from khcn.research.selectors_selffunded import evaluated_in_year

FIGURES = (
    CityFigure(
        key="research.selffunded_evaluated",
        label=_("S&T tasks without state budget evaluated"),
        value=lambda year: evaluated_in_year(year=year).count(),
        url=lambda year: (
            f"{reverse('research:selffunded_list')}?{urlencode({'decision_year': str(year), 'decided': 'true'})}"
        ),
        group=_("S&T tasks"),
        order=30,
    ),
)
