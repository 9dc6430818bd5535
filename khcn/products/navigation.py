"""The products entries of the menu."""

from django.utils.translation import gettext_lazy as _

from khcn.core.navigation import NavGroup, NavItem

NAV_GROUPS = {"products": NavGroup(_("Local products"), "basket")}

NAV_ITEMS: list[NavItem] = [
    # ---- Catalogue ----
    NavItem(
        _("Products"), "products:product_list", "basket", "products.list_products", "products", 40, group="products"
    ),
    NavItem(
        _("Producers"),
        "products:producer_list",
        "shop",
        "products.list_products",
        "products/producers",
        41,
        group="products",
    ),
    # ---- IP dossiers and OCOP ----
    NavItem(
        _("Marks and geographical indications"),
        "products:ip_list",
        "award",
        "products.list_products",
        "products/ip",
        42,
        group="products",
    ),
    NavItem(
        _("OCOP products"),
        "products:ocop_list",
        "star",
        "products.list_products",
        "products/ocop",
        43,
        group="products",
    ),
    # ---- Board and map ----
    NavItem(
        _("Products board"), "products:board", "map", "products.view_board", "products/board", 44, group="products"
    ),
]
