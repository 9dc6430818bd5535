"""The register's figures on the city board (seed 004: Hà Nội second in the country for S&T
enterprises): certificates issued in the year, and the running total of certificates in force
at the end of the year. Each links to the list of exactly the certificates it counts."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from khcn.core.city_figures import CityFigure, Value
from khcn.enterprises import selectors

GROUP = _("S&T enterprises")


def _list(**query: object) -> str:
    return f"{reverse('enterprises:certificate_list')}?{urlencode(query)}"


def _certified(year: int) -> Value:
    return selectors.certified_in(year).count()


def _valid(year: int) -> Value:
    return selectors.valid_at_end_of(year).count()


FIGURES = (
    CityFigure(
        key="enterprises.certified",
        label=_("S&T enterprises certified in the year"),
        value=_certified,
        url=lambda year: _list(year=year),
        group=GROUP,
        order=50,
    ),
    CityFigure(
        key="enterprises.valid_total",
        label=_("S&T enterprise certificates in force at the end of the year"),
        value=_valid,
        url=lambda year: _list(valid_in=year),
        group=GROUP,
        order=51,
    ),
)
