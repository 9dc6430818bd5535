"""The initiatives entries of the menu."""

from django.utils.translation import gettext_lazy as _

from khcn.core.navigation import NavItem

NAV_ITEMS: list[NavItem] = [
    NavItem(
        _("Initiatives"),
        "initiatives:initiative_list",
        "stars",
        "initiatives.list_initiatives",
        "initiatives",
        56,
    ),
]
