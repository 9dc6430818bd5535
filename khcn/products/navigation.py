"""The products entries of the menu."""

from django.utils.translation import gettext_lazy as _

from khcn.core.navigation import NavItem

NAV_ITEMS: list[NavItem] = [
    # ---- Catalogue ----
    # ---- IP dossiers and OCOP ----
    # ---- Board and map ----
    NavItem(_("Products board"), "products:board", "map", "products.view_board", "products/board", 42),
]
