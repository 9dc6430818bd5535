"""Counts over records that a programme indicator can be bound to (issue 14, item 7).

An app that keeps records a report's figure can be checked against registers a *source* in
its AppConfig.ready: `register("products.ocop", _("OCOP products"), counter)`, where
`counter(unit, period_end)` counts the records of the unit's subtree (its former communes
included through successions where the app can) as they stood at the end of the period.
Programmes and reports only know the source's key, so they never import the app behind it.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.functional import Promise

Counter = Callable[[Any, date], int]


@dataclass(frozen=True)
class RecordSource:
    key: str
    label: str | Promise
    counter: Counter


_SOURCES: dict[str, RecordSource] = {}


def register(key: str, label: str | Promise, counter: Counter) -> None:
    """Offer `counter` as a source indicators can be bound to, under a stable `key`."""
    if key in _SOURCES and _SOURCES[key].counter is not counter:
        raise ValueError(f"record source {key!r} is already registered")
    _SOURCES[key] = RecordSource(key=key, label=label, counter=counter)


def source_get(key: str) -> RecordSource | None:
    return _SOURCES.get(key)


def source_choices() -> list[tuple[str, str]]:
    """(key, label) of every registered source, by label."""
    return sorted(((s.key, str(s.label)) for s in _SOURCES.values()), key=lambda c: c[1])


def counts_for(*, unit: Any, period_end: date, keys: Iterable[str]) -> dict[str, int]:
    """The count of each source in `keys` for `unit` at `period_end`: one counter call per
    distinct source, so a form with many bound indicators costs no more than its sources.
    A key no longer registered is left out (the figure is then simply not shown)."""
    out: dict[str, int] = {}
    for key in sorted(set(keys)):
        source = _SOURCES.get(key)
        if source is not None:
            out[key] = int(source.counter(unit, period_end))
    return out
