"""What each app offers to the site-wide search (issue 17), declared in one place per app.

An app that keeps records worth finding adds a `search_sources.py` holding `SearchSource`s and
registers them in its AppConfig.ready: `searchable.register(*search_sources.SOURCES)`. The
`search` app (above every domain app) indexes, queries and filters them; the apps never import
it, and it never imports them by name.

A source says how to turn one row into a `SearchDoc`, which rows to index (`queryset`), and
which of a set of rows a user may see (`visible`). Without `visible`, the search app applies
`accounts.scoping.visible` (which `core` cannot import), so a source gives its own only when its
app's selector narrows more than the model's scope rules do (expert profiles, published
results, the technology catalogue).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, QuerySet
from django.utils.functional import Promise


@dataclass(frozen=True)
class SearchDoc:
    """The indexed form of one record: what is matched, shown and filtered on."""

    title: str
    text: str = ""
    url: str = ""
    unit_id: int | None = None
    organisation_id: int | None = None
    year: int | None = None
    status: str = ""


@dataclass(frozen=True)
class SearchSource:
    """One kind of searchable record.

    - `document(obj)`: the row as a SearchDoc; it reads only what `queryset()` selects.
    - `queryset()`: every row to index (soft-deleted or unpublished rows left out), with the
      joins `document` needs; an indexed row that leaves it is dropped from the index.
    - `visible(queryset, user)`: the rows of `queryset` the user may see; None for the scoping
      helper's default.
    - `related`: (model, attribute) pairs whose rows change this kind's text: saving or deleting
      a report's narrative section re-indexes the report named by its `report_id`.
    - `unit_scoped`: rows are seen only inside the user's unit subtrees (below the Department),
      exactly as the entry's unit says; the search then narrows in SQL before ranking.
    - `statuses`: the status choices offered as a filter for this kind.
    """

    kind: str
    label: str | Promise
    model: type[Model]
    document: Callable[[Any], SearchDoc]
    queryset: Callable[[], QuerySet[Any]]
    visible: Callable[[QuerySet[Any], Any], QuerySet[Any]] | None = None
    related: tuple[tuple[type[Model], str], ...] = ()
    unit_scoped: bool = False
    statuses: tuple[tuple[str, Any], ...] = field(default=())


_SOURCES: dict[str, SearchSource] = {}


def register(*sources: SearchSource) -> None:
    """Offer `sources` to the search; a kind is registered once (again only as the same source)."""
    for source in sources:
        taken = _SOURCES.get(source.kind)
        if taken is not None and taken.model is not source.model:
            raise ValueError(f"search source {source.kind!r} is already registered")
        _SOURCES[source.kind] = source


def source_get(kind: str) -> SearchSource | None:
    return _SOURCES.get(kind)


def source_list() -> list[SearchSource]:
    """Every registered source, in the order they were registered (the apps' order)."""
    return list(_SOURCES.values())


def sources_for_model(model: type[Model]) -> Iterable[tuple[SearchSource, str | None]]:
    """(source, attribute) for each source `model` feeds: attribute None for the source's own
    rows, else the attribute naming the indexed row (`related`)."""
    for source in _SOURCES.values():
        if source.model is model:
            yield source, None
        for related_model, attribute in source.related:
            if related_model is model:
                yield source, attribute


def text_of(*parts: Any) -> str:
    """The non-empty parts as one text, a paragraph each (what a source's `text` is built from)."""
    return "\n".join(str(p).strip() for p in parts if p is not None and str(p).strip())
