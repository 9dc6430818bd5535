"""The quality entries of the menu: the ISO 9001 board and the courses."""

from django.utils.translation import gettext_lazy as _

from khcn.core.navigation import NavGroup, NavItem

NAV_GROUPS = {"quality": NavGroup(_("ISO and training"), "patch-check")}

NAV_ITEMS: list[NavItem] = [
    NavItem(
        _("ISO 9001 board"), "quality:board", "patch-check", "quality.view_board", "quality/iso", 54, group="quality"
    ),
    NavItem(
        _("Courses"), "quality:course_list", "easel", "quality.list_courses", "quality/courses", 55, group="quality"
    ),
]
