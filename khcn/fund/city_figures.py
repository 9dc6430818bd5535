"""The fund's figures on the city board (khcn.core.city_figures): the disbursement rate the
city asked to raise (seed 004), the grants approved and the amount paid out in the year. Each
links to the list of exactly the records it counts."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from khcn.core.city_figures import CityFigure, Value
from khcn.fund import selectors
from khcn.fund.models import SupportKind

GROUP = _("S&T development fund")


def _rate(year: int) -> Value:
    return selectors.disbursement_rate(year)


def _grants(year: int) -> Value:
    return selectors.approved_in(year, SupportKind.GRANT).filter(deleted_at__isnull=True).count()


def _disbursed(year: int) -> Value:
    return selectors.disbursed_in(year)


def _disbursements_url(year: int) -> str:
    return f"{reverse('fund:disbursement_list')}?{urlencode({'year': year})}"


def _grants_url(year: int) -> str:
    query = {"kind": SupportKind.GRANT, "status": "approved", "decided_year": year}
    return f"{reverse('fund:application_list')}?{urlencode(query)}"


FIGURES = (
    CityFigure(
        key="fund.disbursement_rate",
        label=_("S&T fund: disbursement rate (disbursed / planned for the year)"),
        value=_rate,
        url=_disbursements_url,
        group=GROUP,
        percent=True,
        order=60,
    ),
    CityFigure(
        key="fund.grants_approved",
        label=_("S&T fund: grants approved in the year"),
        value=_grants,
        url=_grants_url,
        group=GROUP,
        order=61,
    ),
    CityFigure(
        key="fund.amount_disbursed",
        label=_("S&T fund: amount disbursed in the year (VND)"),
        value=_disbursed,
        url=_disbursements_url,
        group=GROUP,
        order=62,
    ),
)
