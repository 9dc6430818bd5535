"""The navigation: each role sees only its modules. One list, one place."""

from dataclasses import dataclass
from typing import Any

import rules
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    icon: str
    perm: str | None  # Django permission; None = any signed-in user
    section: str  # first path segment, to mark the active item


NAV_ITEMS = [
    NavItem(_("Overview"), "core:home", "house", None, ""),
    NavItem(_("Periodic reports"), "reporting:period_list", "clipboard-data", "reporting.list_periods", "reporting"),
    NavItem(_("Working sessions"), "meetings:meeting_list", "calendar-event", "meetings.list_meetings", "meetings"),
    NavItem(_("Follow-up items"), "meetings:item_list", "list-check", "meetings.list_meetings", "meetings/items"),
    NavItem(_("Task proposals"), "research:proposal_list", "lightbulb", "research.list_proposals", "research"),
    NavItem(_("S&T tasks"), "research:task_list", "kanban", "research.list_tasks", "research/tasks"),
    NavItem(_("My councils"), "research:my_reviews", "clipboard-check", "research.my_reviews", "research/reviews"),
    NavItem(_("Administrative units"), "geo:unit_tree", "diagram-3", "geo.view_adminunit", "geo/units"),
    NavItem(_("Organisations"), "geo:organisation_list", "building", "geo.view_organisation", "geo/organisations"),
    NavItem(_("Calls for proposals"), "research:call_list", "megaphone", "research.manage_calls", "research/calls"),
    NavItem(_("Session rounds"), "meetings:round_list", "collection", "meetings.manage_meeting", "meetings/rounds"),
    NavItem(_("Users and roles"), "accounts:user_list", "people", "accounts.view_user_list", "accounts/users"),
]


def nav_for(user: Any, path: str = "/") -> list[dict[str, Any]]:
    """The navigation entries `user` may open, with the one for `path` marked active."""
    if not user.is_authenticated:
        return []
    items = []
    for item in NAV_ITEMS:
        # Rules are tested directly: the model backend's permission tables play no part in
        # navigation, and skipping them saves two queries on every page.
        if item.perm and not (user.is_superuser or rules.has_perm(item.perm, user)):
            continue
        url = reverse(item.url_name)
        active = (path == url) if not item.section else path.startswith("/" + item.section)
        items.append({"label": item.label, "url": url, "icon": item.icon, "active": active, "len": len(item.section)})
    # Only the most specific section is active ("/meetings/items/" is not also "/meetings/").
    longest = max((i["len"] for i in items if i["active"]), default=-1)
    for entry in items:
        entry["active"] = entry.pop("len") == longest and entry["active"]
    return items
