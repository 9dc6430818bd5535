"""The experts entries of the menu."""

from django.utils.translation import gettext_lazy as _

from khcn.core.navigation import NavGroup, NavItem

NAV_GROUPS = {"experts": NavGroup(_("Experts and technologies"), "mortarboard")}

NAV_ITEMS: list[NavItem] = [
    # ---- Experts ----
    NavItem(
        _("Experts"),
        "experts:expert_list",
        "mortarboard",
        "experts.list_experts",
        "experts/people",
        50,
        group="experts",
    ),
    # ---- Technologies ----
    NavItem(
        _("Technologies"),
        "experts:technology_list",
        "cpu",
        "experts.list_technologies",
        "experts/technologies",
        51,
        group="experts",
    ),
    # ---- Demands and matching ----
    NavItem(
        _("Technology demands"),
        "experts:demand_list",
        "lightbulb",
        "experts.list_demands",
        "experts/demands",
        52,
        group="experts",
    ),
    # ---- Connections ----
    NavItem(
        _("Connections"),
        "experts:connection_list",
        "link-45deg",
        "experts.list_connections",
        "experts/connections",
        53,
        group="experts",
    ),
]
