"""The navigation machinery: each app declares its own entries in `<app>/navigation.py`.

An app's `navigation.py` holds `NAV_ITEMS`, a list of `NavItem`; the menu is the entries of
every installed app, ordered by `position`, that the user's permissions let them open. Entries
naming a `group` (declared by an app's `NAV_GROUPS`, or "setup" here) share one drop-down menu,
placed where the group's first entry would be; a group the user sees one entry of shows that
entry alone.

Every page shows the menu, so a process keeps it: the entries a user may open under `key` (what
their permissions depend on: the caller passes the user and their scopes) for MENU_SECONDS, and
the menu's HTML for that key, the language and the active entry. A changed grant is a new key.
"""

from collections.abc import Hashable
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from importlib.util import find_spec
from typing import Any

import rules
from django.apps import apps
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from khcn.core.kept import Kept


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


MENU_SECONDS = 60.0  # how long a process keeps a key's entries and menus
_allowed: Kept[tuple[dict[str, Any], ...]] = Kept(seconds=MENU_SECONDS, size=256)
_html: Kept[SafeString] = Kept(seconds=MENU_SECONDS, size=2048)  # by key, language and active entry


def _entries(user: Any) -> tuple[dict[str, Any], ...]:
    entries = []
    for item in nav_items():
        # Rules are tested directly: the model backend's permission tables play no part in
        # navigation, and skipping them saves two queries on every page.
        if item.perm and not (user.is_superuser or rules.has_perm(item.perm, user)):
            continue
        entries.append(
            {
                "label": item.label,
                "url": reverse(item.url_name),
                "icon": item.icon,
                "group": item.group,
                "section": item.section,
            }
        )
    return tuple(entries)


def nav_for(user: Any, path: str = "/", *, key: Hashable = None) -> list[dict[str, Any]]:
    """The navigation entries `user` may open, with the one for `path` marked active. With
    `key` (all that the entries' permissions depend on), the entries are kept under it."""
    if not user.is_authenticated:
        return []
    entries = _entries(user) if key is None else _allowed.get_or_make(key, lambda: _entries(user))
    items = []
    for entry in entries:
        section = entry["section"]
        active = (path == entry["url"]) if not section else path.startswith("/" + section)
        items.append({**{k: v for k, v in entry.items() if k != "section"}, "active": active, "len": len(section)})
    # Only the most specific section is active ("/meetings/items/" is not also "/meetings/").
    longest = max((i["len"] for i in items if i["active"]), default=-1)
    for item in items:
        item["active"] = item.pop("len") == longest and item["active"]
    return items


def nav_menu(user: Any, path: str = "/", *, key: Hashable = None) -> list[dict[str, Any]]:
    """The menu as shown: `nav_for`'s entries with each group's gathered into one entry whose
    `children` are its entries (a group with a single entry shows that entry alone)."""
    entries = nav_for(user, path, key=key)
    members: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        if entry["group"]:
            members.setdefault(entry["group"], []).append(entry)
    groups = nav_groups()
    menu: list[dict[str, Any]] = []
    for entry in entries:
        name = entry["group"]
        if not name or len(members[name]) == 1:
            menu.append(entry)
        elif entry is members[name][0]:
            group = groups[name]
            children = members[name]
            menu.append(
                {
                    "label": group.label,
                    "icon": group.icon,
                    "id": f"nav-{name}",
                    "children": children,
                    "active": any(c["active"] for c in children),
                }
            )
    return menu


def nav_html(user: Any, path: str = "/", *, key: Hashable) -> SafeString:
    """The menu's HTML (components/main_nav.html), kept under `key`, the language and the
    active entries."""
    items = nav_for(user, path, key=key)
    if not items:
        return SafeString("")
    html_key = (key, get_language(), tuple(n for n, item in enumerate(items) if item["active"]))
    return _html.get_or_make(
        html_key,
        lambda: mark_safe(render_to_string("components/main_nav.html", {"nav_items": nav_menu(user, path, key=key)})),
    )
