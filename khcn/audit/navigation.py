"""The audit app's entry of the menu: the administrator's only."""

from django.utils.translation import gettext_lazy as _

from khcn.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(_("Audit log"), "audit:event_list", "journal-text", "audit.view_auditevent", "audit", 95, group="setup"),
]
