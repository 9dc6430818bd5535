"""The fund's entries of the menu (Department staff), in the group of the Department's own work."""

from django.utils.translation import gettext_lazy as _

from khcn.core.navigation import NavItem

NAV_ITEMS: list[NavItem] = [
    NavItem(
        _("Fund overview"), "fund:overview", "speedometer2", "fund.view_fund", "fund/overview", 70, group="department"
    ),
    NavItem(
        _("Fund applications"),
        "fund:application_list",
        "folder2-open",
        "fund.view_fund",
        "fund/applications",
        71,
        group="department",
    ),
    NavItem(_("Fund calls"), "fund:call_list", "megaphone", "fund.view_fund", "fund/calls", 72, group="department"),
]
