"""How an inspection names and links the record it concerned, by (area, id), without importing
the register that keeps it: each register offers a resolver in its AppConfig.ready."""

from collections.abc import Callable
from typing import Any

# (user, ids) -> {id: (label, url)} for the ids the user may see.
Resolver = Callable[[Any, list[int]], dict[int, tuple[str, str]]]

_RESOLVERS: dict[str, Resolver] = {}


def register(area: str, resolver: Resolver) -> None:
    _RESOLVERS[area] = resolver


def records_named(user: Any, pairs: list[tuple[str, int]]) -> dict[tuple[str, int], tuple[str, str]]:
    """The label and link of each (area, id) the user may see, one query per area."""
    wanted: dict[str, list[int]] = {}
    for area, record_id in pairs:
        if record_id:
            wanted.setdefault(area, []).append(record_id)
    found: dict[tuple[str, int], tuple[str, str]] = {}
    for area, ids in wanted.items():
        resolver = _RESOLVERS.get(area)
        if resolver is not None:
            found.update({(area, pk): value for pk, value in resolver(user, ids).items()})
    return found
