"""The metrology entries of the menu, in one drop-down."""

from django.utils.translation import gettext_lazy as _

from khcn.core.navigation import NavGroup, NavItem

NAV_GROUPS = {"metrology": NavGroup(_("Standards and metrology"), "rulers")}

PERM = "metrology.view_registry"
NAV_ITEMS: list[NavItem] = [
    NavItem(
        _("Measuring instruments"),
        "metrology:instruments_list",
        "speedometer2",
        PERM,
        "metrology/instruments",
        57,
        "metrology",
    ),
    NavItem(
        _("Verifications"),
        "metrology:verifications_list",
        "patch-check",
        PERM,
        "metrology/verifications",
        58,
        "metrology",
    ),
    NavItem(
        _("Conformity announcements"),
        "metrology:announcements_list",
        "megaphone",
        PERM,
        "metrology/announcements",
        59,
        "metrology",
    ),
    NavItem(
        _("Testing and calibration laboratories"),
        "metrology:laboratories_list",
        "eyedropper",
        PERM,
        "metrology/laboratories",
        60,
        "metrology",
    ),
]
