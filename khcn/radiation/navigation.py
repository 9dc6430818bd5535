"""The radiation entries of the menu, in one drop-down."""

from django.utils.translation import gettext_lazy as _

from khcn.core.navigation import NavItem

PERM = "radiation.view_registry"
NAV_ITEMS: list[NavItem] = [
    NavItem(
        _("Radiation facilities"),
        "radiation:facilities_list",
        "building",
        PERM,
        "radiation/facilities",
        62,
        "statutory",
    ),
    NavItem(
        _("Radiation licences"),
        "radiation:licences_list",
        "file-earmark-check",
        PERM,
        "radiation/licences",
        63,
        "statutory",
    ),
    NavItem(
        _("Radiation sources and devices"),
        "radiation:sources_list",
        "lightning-charge",
        PERM,
        "radiation/sources",
        64,
        "statutory",
    ),
    NavItem(
        _("Radiation incidents"),
        "radiation:incidents_list",
        "exclamation-octagon",
        PERM,
        "radiation/incidents",
        65,
        "statutory",
    ),
]
