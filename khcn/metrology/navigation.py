"""The metrology entries of the menu, in the drop-down of the statutory registers (metrology,
radiation safety, inspections), which this app declares."""

from django.utils.translation import gettext_lazy as _

from khcn.core.navigation import NavGroup, NavItem

NAV_GROUPS = {"statutory": NavGroup(_("Statutory management"), "rulers")}

PERM = "metrology.view_registry"
NAV_ITEMS: list[NavItem] = [
    NavItem(
        _("Measuring instruments"),
        "metrology:instruments_list",
        "speedometer2",
        PERM,
        "metrology/instruments",
        58,
        "statutory",
    ),
    NavItem(
        _("Verifications"),
        "metrology:verifications_list",
        "patch-check",
        PERM,
        "metrology/verifications",
        59,
        "statutory",
    ),
    NavItem(
        _("Conformity announcements"),
        "metrology:announcements_list",
        "megaphone",
        PERM,
        "metrology/announcements",
        60,
        "statutory",
    ),
    NavItem(
        _("Testing and calibration laboratories"),
        "metrology:laboratories_list",
        "eyedropper",
        PERM,
        "metrology/laboratories",
        61,
        "statutory",
    ),
]
