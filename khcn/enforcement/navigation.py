"""The menu entries of inspections and sanction decisions, in one drop-down."""

from django.utils.translation import gettext_lazy as _

from khcn.core.navigation import NavItem

PERM = "enforcement.view_registry"
NAV_ITEMS: list[NavItem] = [
    NavItem(
        _("Inspections and checks"),
        "enforcement:inspections_list",
        "clipboard-check",
        PERM,
        "enforcement/inspections",
        66,
        "statutory",
    ),
    NavItem(
        _("Sanction decisions"),
        "enforcement:decisions_list",
        "hammer",
        PERM,
        "enforcement/decisions",
        67,
        "statutory",
    ),
]
