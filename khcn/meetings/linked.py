"""Records of other apps that answer a follow-up item, shown on the item's page (issue 16).

Apps above meetings link their records to items (a course answering a unit's request for
training or ISO guidance). meetings may not import them (DESIGN.md: apps depend downwards), so
such an app registers a *provider* in its AppConfig.ready:
`linked_register("quality.courses", _("Courses answering this item"), provider)`, where
`provider(item=…, user=…)` returns the records linked to `item` that `user` may see, in a fixed
number of queries. The item's page calls each provider once.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class LinkedRecord:
    """One record linked to an item: what the page shows of it."""

    title: str
    url: str
    kind: str = ""
    starts_on: date | None = None
    ends_on: date | None = None


@dataclass(frozen=True)
class LinkedSection:
    key: str
    heading: str | Promise
    records: list[LinkedRecord] = field(default_factory=list)


Provider = Callable[..., list[LinkedRecord]]

_PROVIDERS: dict[str, tuple[str | Promise, Provider]] = {}


def linked_register(key: str, heading: str | Promise, provider: Provider) -> None:
    """Show the records `provider` links to an item under `heading` (registering twice the same
    provider has no effect; another provider under a taken key is an error)."""
    if key in _PROVIDERS:
        if _PROVIDERS[key][1] is not provider:
            raise ValueError(f"linked-record provider {key!r} is already registered")
        return
    _PROVIDERS[key] = (heading, provider)


def linked_sections(*, item: Any, user: Any) -> list[LinkedSection]:
    """The records each registered app links to `item`, as `user` may see them; apps with none
    are left out. One provider call per app, whatever the number of records."""
    sections = []
    for key in sorted(_PROVIDERS):
        heading, provider = _PROVIDERS[key]
        records = provider(item=item, user=user)
        if records:
            sections.append(LinkedSection(key=key, heading=heading, records=list(records)))
    return sections
