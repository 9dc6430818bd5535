"""The programs entries of the menu."""

from django.utils.translation import gettext_lazy as _

from khcn.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("Programme setup"),
        "programs:program_list",
        "sliders",
        "programs.manage_program",
        "programs",
        85,
        group="setup",
    ),
]
