"""The meetings entries of the menu."""

from django.utils.translation import gettext_lazy as _

from khcn.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(_("Working sessions"), "meetings:meeting_list", "calendar-event", "meetings.list_meetings", "meetings", 20),
    NavItem(_("Follow-up items"), "meetings:item_list", "list-check", "meetings.list_meetings", "meetings/items", 21),
    NavItem(
        _("Session rounds"),
        "meetings:round_list",
        "collection",
        "meetings.manage_meeting",
        "meetings/rounds",
        87,
        group="setup",
    ),
]
