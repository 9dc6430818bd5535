"""The menu entry of the Department's work with the city."""

from django.utils.translation import gettext_lazy as _

from khcn.core.navigation import NavItem

NAV_ITEMS: list[NavItem] = [
    NavItem(_("Work with the city"), "citywork:overview", "building", "citywork.view_city", "city", 29),
]
