"""Products' figure on the city board: collective marks of local products granted in the year
(the IP dossiers the Department helps communes build). It links to the dossiers it counts."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from khcn.core.city_figures import CityFigure, Value
from khcn.products.models import IpAsset, IpKind


def collective_marks_granted(year: int) -> Value:
    """Collective marks (dossiers not deleted) whose certificate was granted in `year`."""
    return IpAsset.objects.filter(kind=IpKind.COLLECTIVE_MARK, granted_on__year=year).count()


def _url(year: int) -> str:
    return f"{reverse('products:ip_list')}?{urlencode({'kind': IpKind.COLLECTIVE_MARK.value, 'granted_year': year})}"


FIGURES = (
    CityFigure(
        key="products.collective_marks_granted",
        label=_("Collective marks of local products granted"),
        value=collective_marks_granted,
        url=_url,
        group=_("Intellectual property"),
        order=72,
    ),
)
