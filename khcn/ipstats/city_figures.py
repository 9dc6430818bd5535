"""The IP figures the city ranks the Department on (seed 004: Hà Nội second in the country with
12,422 applications for patents, utility solutions, industrial designs and trademarks in
2018): the applications filed in the year and the titles granted, for those four kinds. Each
links to the table of exactly the rows it adds up."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from khcn.core.city_figures import CityFigure, Value
from khcn.ipstats import selectors
from khcn.ipstats.models import RANKED_KINDS

GROUP = _("Intellectual property")


def _url(year: int) -> str:
    query = [("year_from", year), ("year_to", year)] + [("kind", kind.value) for kind in RANKED_KINDS]
    return f"{reverse('ipstats:statistic_list')}?{urlencode(query)}"


def _applications(year: int) -> Value:
    return selectors.ranked_sums(year)["applications"]


def _grants(year: int) -> Value:
    return selectors.ranked_sums(year)["grants"]


FIGURES = (
    CityFigure(
        key="ipstats.applications",
        label=_("Applications for patents, utility solutions, industrial designs and trademarks filed"),
        value=_applications,
        url=_url,
        group=GROUP,
        order=70,
    ),
    CityFigure(
        key="ipstats.grants",
        label=_("Titles granted for patents, utility solutions, industrial designs and trademarks"),
        value=_grants,
        url=_url,
        group=GROUP,
        order=71,
    ),
)
