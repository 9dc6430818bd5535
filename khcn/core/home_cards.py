"""The home-page cards machinery: each app declares its own cards in `<app>/home.py`.

An app's `home.py` holds `HOME_CARDS`, a list of `HomeCard`. The signed-in home page ("Việc
của tôi") shows, in `position` order, the cards of every installed app whose permission the
user holds and whose `build` returns data; `build` returns None when the card does not
apply to the user (a Department card for a commune officer, say). Each `build` runs a fixed
number of queries, so the page costs the same whatever the volume of records.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import import_module
from importlib.util import find_spec
from typing import Any

import rules
from django.apps import apps
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Rows a card lists before its "see all" link.
CARD_ROWS = 5


@dataclass(frozen=True)
class CardRow:
    """One record on a card: what, whose, by when, where to open it."""

    title: str
    url: str
    unit: str = ""
    due_on: date | None = None
    note: str = ""  # a short extra line: the reviewer's reason, a count, a status


@dataclass(frozen=True)
class CardData:
    """What a card shows to one user today."""

    count: int
    rows: list[CardRow] = field(default_factory=list)
    more_url: str = ""
    empty_text: str | Promise = ""  # the positive line shown when count is 0
    summary: str = ""  # a one-line card (the leader's overdue items) shows this instead of rows


@dataclass(frozen=True)
class HomeCard:
    key: str
    title: str | Promise
    build: Callable[[Any, Any, date], CardData | None]  # (user, scope, today)
    position: int  # place on the page, across apps
    icon: str = "card-checklist"
    perm: str | None = None  # Django permission; None = any signed-in user


def first_rows(queryset: Any) -> tuple[list[Any], int]:
    """The rows a card lists and how many there are in all: always two queries, so the page
    costs the same whether a card has three records or three thousand."""
    return list(queryset[:CARD_ROWS]), queryset.count()


@cache
def home_cards() -> tuple[HomeCard, ...]:
    """Every installed app's cards, in page order (read once per process)."""
    found: list[HomeCard] = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.home"
        if config.name == __package__ or find_spec(module_name) is None:
            continue
        found += getattr(import_module(module_name), "HOME_CARDS", [])
    return tuple(sorted(found, key=lambda card: card.position))


def due_text(due_on: date | None, today: date) -> tuple[str, str]:
    """The days left or overdue, in words, and a tone for the badge ("", "soon", "late")."""
    if due_on is None:
        return "", ""
    days = (due_on - today).days
    if days < 0:
        return ngettext("%(n)s day overdue", "%(n)s days overdue", -days) % {"n": -days}, "late"
    if days == 0:
        return _("Due today"), "soon"
    tone = "soon" if days <= 3 else ""
    return ngettext("%(n)s day left", "%(n)s days left", days) % {"n": days}, tone


def cards_for(user: Any, scope: Any, today: date | None = None) -> list[dict[str, Any]]:
    """The cards that apply to `user`, with each row's deadline in words."""
    if not user.is_authenticated:
        return []
    today = today or timezone.localdate()
    out = []
    for card in home_cards():
        # Rules directly, as the menu does: the permission tables play no part here.
        if card.perm and not (user.is_superuser or rules.has_perm(card.perm, user)):
            continue
        data = card.build(user, scope, today)
        if data is None:
            continue
        rows = []
        for row in data.rows:
            text, tone = due_text(row.due_on, today)
            rows.append({"row": row, "due_text": text, "tone": tone})
        out.append({"card": card, "data": data, "rows": rows, "done": not data.count and not data.summary})
    return out
