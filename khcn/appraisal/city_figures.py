"""The appraisal figures the city ranks the Department on (seed 004: Hà Nội first in the
country for investment projects whose technology was appraised)."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from khcn.appraisal import selectors
from khcn.core.city_figures import CityFigure


def _list(**params: str | int) -> str:
    return f"{reverse('appraisal:appraisal_list')}?{urlencode(params)}"


FIGURES = (
    CityFigure(
        key="appraisal.projects_appraised",
        label=_("Investment projects whose technology was appraised"),
        value=lambda year: selectors.appraised_in_year(year=year).count(),
        url=lambda year: _list(opinion_year=year),
        group=_("Technology appraisal"),
        order=40,
    ),
    CityFigure(
        key="appraisal.answered_on_time",
        label=_("Technology appraisals answered within the time limit"),
        value=lambda year: selectors.on_time_share(year=year),
        url=lambda year: _list(opinion_year=year, state="on_time"),
        group=_("Technology appraisal"),
        percent=True,
        order=41,
    ),
)
