"""The navigation machinery: each app declares its own entries in `<app>/navigation.py`.

An app's `navigation.py` holds `NAV_ITEMS`, a list of `NavItem`; the menu is the entries of
every installed app, ordered by `position`, that the user's permissions let them open. Entries
naming a `group` (declared by an app's `NAV_GROUPS`, or "setup" here) share one drop-down menu,
placed where the group's first entry would be; a group the user sees one entry of shows that
entry alone.
"""

from dataclasses import dataclass
from functools import cache
from importlib import import_module
from importlib.util import find_spec
from typing import Any

import rules
from django.apps import apps
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
    position: int  # place in the menu, across apps
    group: str = ""  # the drop-down menu it belongs to (a key of NAV_GROUPS), if any


@dataclass(frozen=True)
class NavGroup:
    label: str | Promise
    icon: str


# The set-up pages of several apps (units, organisations, programmes, calls, rounds, users).
NAV_GROUPS = {"setup": NavGroup(_("Registries and setup"), "gear")}


@cache
def nav_items() -> tuple[NavItem, ...]:
    """Every installed app's entries, in menu order (read once per process)."""
    found: list[NavItem] = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.navigation"
        if config.name == __package__ or find_spec(module_name) is None:
            continue
        found += getattr(import_module(module_name), "NAV_ITEMS", [])
    return tuple(sorted(found, key=lambda item: item.position))


@cache
def nav_groups() -> dict[str, NavGroup]:
    """Every installed app's drop-down groups, by key."""
    found: dict[str, NavGroup] = dict(NAV_GROUPS)
    for config in apps.get_app_configs():
        module_name = f"{config.name}.navigation"
        if config.name == __package__ or find_spec(module_name) is None:
            continue
        found.update(getattr(import_module(module_name), "NAV_GROUPS", {}))
    return found


def nav_for(user: Any, path: str = "/") -> list[dict[str, Any]]:
    """The navigation entries `user` may open, with the one for `path` marked active."""
    if not user.is_authenticated:
        return []
    items = []
    for item in nav_items():
        # Rules are tested directly: the model backend's permission tables play no part in
        # navigation, and skipping them saves two queries on every page.
        if item.perm and not (user.is_superuser or rules.has_perm(item.perm, user)):
            continue
        url = reverse(item.url_name)
        active = (path == url) if not item.section else path.startswith("/" + item.section)
        items.append(
            {
                "label": item.label,
                "url": url,
                "icon": item.icon,
                "active": active,
                "group": item.group,
                "len": len(item.section),
            }
        )
    # Only the most specific section is active ("/meetings/items/" is not also "/meetings/").
    longest = max((i["len"] for i in items if i["active"]), default=-1)
    for entry in items:
        entry["active"] = entry.pop("len") == longest and entry["active"]
    return items


def nav_menu(user: Any, path: str = "/") -> list[dict[str, Any]]:
    """The menu as shown: `nav_for`'s entries with each group's gathered into one entry whose
    `children` are its entries (a group with a single entry shows that entry alone)."""
    entries = nav_for(user, path)
    members: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        if entry["group"]:
            members.setdefault(entry["group"], []).append(entry)
    groups = nav_groups()
    menu: list[dict[str, Any]] = []
    for entry in entries:
        key = entry["group"]
        if not key or len(members[key]) == 1:
            menu.append(entry)
        elif entry is members[key][0]:
            group = groups[key]
            children = members[key]
            menu.append(
                {
                    "label": group.label,
                    "icon": group.icon,
                    "id": f"nav-{key}",
                    "children": children,
                    "active": any(c["active"] for c in children),
                }
            )
    return menu
