"""The accounts entries of the menu."""

from django.utils.translation import gettext_lazy as _

from khcn.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("Users and roles"),
        "accounts:user_list",
        "people",
        "accounts.view_user_list",
        "accounts/users",
        90,
        group="setup",
    ),
]
