"""The home-page cards of local products, by area."""

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.accounts.roles import Role
from khcn.core.home_cards import CardData, CardRow, HomeCard, first_rows
from khcn.products import alerts
from khcn.products.templatetags.ip_tags import product_url

# ---- IP dossiers and OCOP ratings ----
# The Department's officers see every commune's, a commune's officer their commune's: the
# selectors start from the user's scope.


def _applies(scope: Any) -> bool:
    return bool(scope.has_role(Role.DEPARTMENT_OFFICER, Role.LOCAL_OFFICER))


def ip_stalled_card(user: Any, scope: Any, today: date) -> CardData | None:
    """Dossiers past the limit of their stage."""
    if not _applies(scope):
        return None
    shown, count = first_rows(alerts.ip_stalled_list(user=user, today=today))
    rows = [
        CardRow(
            title=asset.name,
            url=asset.get_absolute_url(),
            unit=asset.unit.full_name,
            due_on=alerts.stage_deadline(asset),
            note=asset.get_stage_display(),
        )
        for asset in shown
    ]
    return CardData(
        count=count,
        rows=rows,
        more_url=reverse("products:ip_list") + "?alert=stalled",
        empty_text=gettext_lazy("No IP dossier is stalled."),
    )


def ip_renewal_card(user: Any, scope: Any, today: date) -> CardData | None:
    """Granted marks whose protection ends soon (or has ended)."""
    if not _applies(scope):
        return None
    shown, count = first_rows(alerts.ip_renewal_due_list(user=user, today=today))
    rows = [
        CardRow(
            title=asset.name,
            url=asset.get_absolute_url(),
            unit=asset.unit.full_name,
            due_on=asset.expires_on,
            note=_("Certificate no. %(number)s") % {"number": asset.certificate_number or "—"},
        )
        for asset in shown
    ]
    return CardData(
        count=count,
        rows=rows,
        more_url=reverse("products:ip_list") + "?alert=renewal_due",
        empty_text=gettext_lazy("No mark is due for renewal."),
    )


def ocop_expiring_card(user: Any, scope: Any, today: date) -> CardData | None:
    """OCOP ratings ending soon (or ended) with no newer rating of the product."""
    if not _applies(scope):
        return None
    shown, count = first_rows(alerts.ocop_expiring_list(user=user, today=today))
    rows = [
        CardRow(
            title=rating.product.name,
            url=product_url(rating.product),
            unit=rating.product.unit.full_name,
            due_on=rating.valid_until,
            note=_("%(stars)s stars, decision %(number)s of %(day)s")
            % {
                "stars": rating.stars,
                "number": rating.decision_number,
                "day": date_format(rating.decision_date, "SHORT_DATE_FORMAT"),
            },
        )
        for rating in shown
    ]
    return CardData(
        count=count,
        rows=rows,
        more_url=reverse("products:ocop_list") + "?validity=expiring",
        empty_text=gettext_lazy("No OCOP rating is about to expire."),
    )


HOME_CARDS = [
    HomeCard(
        "ip_stalled",
        gettext_lazy("Stalled IP dossiers"),
        ip_stalled_card,
        40,
        "hourglass-bottom",
        "products.list_products",
    ),
    HomeCard(
        "ip_renewal",
        gettext_lazy("Marks due for renewal"),
        ip_renewal_card,
        41,
        "arrow-repeat",
        "products.list_products",
    ),
    HomeCard(
        "ocop_expiring",
        gettext_lazy("OCOP ratings expiring"),
        ocop_expiring_card,
        42,
        "star-half",
        "products.list_products",
    ),
]
