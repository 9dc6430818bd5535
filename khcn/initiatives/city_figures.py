"""Initiatives' figure on the city board: initiatives recognised in the year (the decisions of
the units' heads after their initiative councils). It links to the list of exactly them."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from khcn.core.city_figures import CityFigure, Value
from khcn.initiatives.selectors import recognised_in


def _recognised(year: int) -> Value:
    return recognised_in(year).count()


FIGURES = (
    CityFigure(
        key="initiatives.recognised",
        label=_("Initiatives recognised"),
        value=_recognised,
        url=lambda year: f"{reverse('initiatives:initiative_list')}?{urlencode({'recognised_year': year})}",
        group=_("Initiatives"),
        order=80,
    ),
)
