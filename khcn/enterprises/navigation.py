"""The register of S&T enterprises in the menu (Department staff)."""

from django.utils.translation import gettext_lazy as _

from khcn.core.navigation import NavItem

NAV_ITEMS: list[NavItem] = [
    NavItem(
        _("S&T enterprises"),
        "enterprises:certificate_list",
        "building-check",
        "enterprises.view_certificates",
        "enterprises",
        29,
        group="department",
    ),
]
