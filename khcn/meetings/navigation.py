"""The meetings entries of the menu, and its drop-down of the work with the localities (the
sessions, their follow-up items and the articles turned into sessions)."""

from django.utils.translation import gettext_lazy as _

from khcn.core.navigation import NavGroup, NavItem

NAV_GROUPS = {"localwork": NavGroup(_("Work with localities"), "people")}

NAV_ITEMS = [
    NavItem(
        _("Working sessions"),
        "meetings:meeting_list",
        "calendar-event",
        "meetings.list_meetings",
        "meetings",
        20,
        group="localwork",
    ),
    NavItem(
        _("Follow-up items"),
        "meetings:item_list",
        "list-check",
        "meetings.list_meetings",
        "meetings/items",
        21,
        group="localwork",
    ),
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
