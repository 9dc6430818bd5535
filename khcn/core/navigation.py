"""The navigation machinery: each app declares its own entries in `<app>/navigation.py`.

An app's `navigation.py` holds `NAV_ITEMS`, a list of `NavItem`; the menu is the entries of
every installed app, ordered by `position`, that the user's permissions let them open.
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


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    icon: str
    perm: str | None  # Django permission; None = any signed-in user
    section: str  # first path segment, to mark the active item
    position: int  # place in the menu, across apps


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
        items.append({"label": item.label, "url": url, "icon": item.icon, "active": active, "len": len(item.section)})
    # Only the most specific section is active ("/meetings/items/" is not also "/meetings/").
    longest = max((i["len"] for i in items if i["active"]), default=-1)
    for entry in items:
        entry["active"] = entry.pop("len") == longest and entry["active"]
    return items
