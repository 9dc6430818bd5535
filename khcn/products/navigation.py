"""The products entries of the menu."""

from khcn.core.navigation import NavItem

NAV_ITEMS: list[NavItem] = [
    # ---- Catalogue ----
    # ---- IP dossiers and OCOP ----
    # ---- Board and map ----
]
