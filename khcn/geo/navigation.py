"""The geo entries of the menu."""

from django.utils.translation import gettext_lazy as _

from khcn.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("Administrative units"), "geo:unit_tree", "diagram-3", "geo.view_adminunit", "geo/units", 80, group="setup"
    ),
    NavItem(
        _("Organisations"),
        "geo:organisation_list",
        "building",
        "geo.view_organisation",
        "geo/organisations",
        81,
        group="setup",
    ),
]
