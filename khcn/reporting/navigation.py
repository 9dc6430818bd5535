"""The reporting entries of the menu."""

from django.utils.translation import gettext_lazy as _

from khcn.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("Periodic reports"), "reporting:period_list", "clipboard-data", "reporting.list_periods", "reporting", 10
    ),
]
