"""The home entry of the menu."""

from django.utils.translation import gettext_lazy as _

from khcn.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(_("Overview"), "home:home", "house", None, "", 0),
]
