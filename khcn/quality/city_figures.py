"""Quality's figure on the city board (seed 004: Hà Nội first in the country for the bodies
helped to build and apply an ISO 9001 quality management system): the administrations whose
system was certified or announced in the year. It links to the ISO 9001 board of exactly them."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from khcn.core.city_figures import CityFigure, Value
from khcn.quality.selectors import applied_in


def _applied(year: int) -> Value:
    return applied_in(year).count()


FIGURES = (
    CityFigure(
        key="quality.iso_applied",
        label=_("Administrations helped to build and apply an ISO 9001 system"),
        value=_applied,
        url=lambda year: f"{reverse('quality:board')}?{urlencode({'applied_year': year})}",
        group=_("Standards, metrology and radiation"),
        order=399,
    ),
)
