"""The province's IP statistics in the menu (Department staff), in the group of the
Department's own work, after the S&T enterprises."""

from django.utils.translation import gettext_lazy as _

from khcn.core.navigation import NavItem

NAV_ITEMS: list[NavItem] = [
    NavItem(
        _("IP statistics"),
        "ipstats:statistic_list",
        "bar-chart-line",
        "ipstats.view_statistics",
        "ipstats",
        29,  # beside the S&T enterprises (29): the menu's sort keeps the apps' order on a tie
        group="department",
    ),
]
