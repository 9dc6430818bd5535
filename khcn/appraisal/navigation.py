"""The appraisal entry of the menu (Department staff)."""

from django.utils.translation import gettext_lazy as _

from khcn.core.navigation import NavItem

NAV_ITEMS: list[NavItem] = [
    NavItem(
        _("Technology appraisals"),
        "appraisal:appraisal_list",
        "gear-wide-connected",
        "appraisal.list_appraisals",
        "appraisal",
        26,
        group="department",
    ),
]
