"""The menu entry of the Department's work with the city, heading the group where the
Department's own registries (issue 18) sit."""

from django.utils.translation import gettext_lazy as _

from khcn.core.navigation import NavGroup, NavItem

NAV_GROUPS = {"department": NavGroup(_("The Department's work"), "building")}

NAV_ITEMS: list[NavItem] = [
    NavItem(
        _("Work with the city"), "citywork:overview", "building", "citywork.view_city", "city", 23, group="department"
    ),
]
