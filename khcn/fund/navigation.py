"""The fund's entries of the menu (Department staff), in the group of the Department's own work;
the fund's calls are reached from its overview."""

from django.utils.translation import gettext_lazy as _

from khcn.core.navigation import NavItem

NAV_ITEMS: list[NavItem] = [
    NavItem(
        _("Fund overview"), "fund:overview", "speedometer2", "fund.view_fund", "fund/overview", 27, group="department"
    ),
    NavItem(
        _("Fund applications"),
        "fund:application_list",
        "folder2-open",
        "fund.view_fund",
        "fund/applications",
        28,
        group="department",
    ),
]
