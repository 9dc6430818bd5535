"""Writes to the search index: refresh some records of a kind, rebuild a kind, keep the vocabulary.

Every write goes through `entries_refresh` (a saved or deleted record, queued by `signals`) or
`index_rebuild` (the `search_rebuild` command). Both read the rows through the source's own
`queryset()`, so a row that left it (deleted, soft-deleted, unpublished) leaves the index too.
"""

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest

from khcn.core.searchable import SearchSource, source_get, source_list
from khcn.core.text import nfc
from khcn.search.models import SearchEntry, SearchWord
from khcn.search.text import clip, folded_field, pairs_field, vocabulary_words

BATCH = 2000

# PostgreSQL: the full-text index is FTS_SLICES partial GIN indexes over `search_vector`, one per
# `mod(id, FTS_SLICES)` (migration 0003), so a query can read some slices of the index and stop.
FTS_SLICES = 16


def fts_slice_indexes() -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of each slice's full-text index (PostgreSQL)."""
    return [
        (
            f"search_entry_fts_s{k}",
            f"CREATE INDEX IF NOT EXISTS search_entry_fts_s{k} ON search_searchentry USING gin (search_vector)"
            f" WHERE mod(id, {FTS_SLICES}) = {k}",
        )
        for k in range(FTS_SLICES)
    ]


_UPDATED = [
    "unit",
    "organisation",
    "title",
    "text",
    "url",
    "year",
    "status",
    "title_folded",
    "text_folded",
    "pairs_folded",
    "updated_at",
]


def entry_build(source: SearchSource, obj: Any) -> SearchEntry:
    """The index row of `obj`, folded in Python so both databases match alike."""
    doc = source.document(obj)
    title = nfc(doc.title)[:500]
    text = clip(nfc(doc.text))
    title_folded, text_folded = folded_field(title)[:600], folded_field(text)
    return SearchEntry(
        kind=source.kind,
        object_id=obj.pk,
        unit_id=doc.unit_id,
        organisation_id=doc.organisation_id,
        title=title,
        text=text,
        url=doc.url[:300],
        year=doc.year,
        status=(doc.status or "")[:30],
        title_folded=title_folded,
        text_folded=text_folded,
        pairs_folded=pairs_field(title_folded, text_folded),
    )


def _words_of(rows: Iterable[tuple[str, str]]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for title_folded, text_folded in rows:
        counts.update(vocabulary_words(title_folded, text_folded))
    return counts


def vocabulary_add(delta: Counter[str]) -> None:
    """Add `delta` (word: entries gained, or lost when negative) to the vocabulary counts."""
    delta = Counter({w: n for w, n in delta.items() if n})
    if not delta:
        return
    SearchWord.objects.bulk_create(
        [SearchWord(word=w, length=len(w), entries=0) for w in delta], ignore_conflicts=True, batch_size=BATCH
    )
    by_change: dict[int, list[str]] = {}
    for word, n in delta.items():
        by_change.setdefault(n, []).append(word)
    for n, group in by_change.items():
        for i in range(0, len(group), BATCH):
            SearchWord.objects.filter(word__in=group[i : i + BATCH]).update(
                entries=Greatest(F("entries") + Value(n), Value(0))
            )


def entries_refresh(*, kind: str, ids: Iterable[int]) -> None:
    """Bring the index rows of `kind` for `ids` up to date: rewrite those still in the source's
    queryset, drop the others; the vocabulary follows. Safe to run twice."""
    source = source_get(kind)
    ids = sorted(set(ids))
    if source is None or not ids:
        return
    with transaction.atomic():
        old = SearchEntry.objects.filter(kind=kind, object_id__in=ids)
        before = _words_of(old.values_list("title_folded", "text_folded"))
        entries = [entry_build(source, obj) for obj in source.queryset().filter(pk__in=ids)]
        kept = {e.object_id for e in entries}
        SearchEntry.objects.filter(kind=kind, object_id__in=[i for i in ids if i not in kept]).delete()
        if entries:
            SearchEntry.objects.bulk_create(
                entries,
                update_conflicts=True,
                unique_fields=["kind", "object_id"],
                update_fields=_UPDATED,
            )
        after = _words_of((e.title_folded, e.text_folded) for e in entries)
        after.subtract(before)
        vocabulary_add(after)


def _batches(source: SearchSource, size: int) -> Iterator[list[Any]]:
    last = 0
    while True:
        rows = list(source.queryset().filter(pk__gt=last).order_by("pk")[:size])
        if not rows:
            return
        yield rows
        last = rows[-1].pk


def index_rebuild(*, kind: str | None = None, batch: int = BATCH) -> dict[str, int]:
    """Rebuild the index of `kind` (every kind when None) from the sources, in batches of bulk
    writes, then count the vocabulary again from the whole index. Returns rows per kind."""
    sources = [s for s in source_list() if kind is None or s.kind == kind]
    done: dict[str, int] = {}
    for source in sources:
        with transaction.atomic():
            SearchEntry.objects.filter(kind=source.kind).delete()
            count = 0
            for rows in _batches(source, batch):
                SearchEntry.objects.bulk_create([entry_build(source, obj) for obj in rows], batch_size=batch)
                count += len(rows)
        done[source.kind] = count
    vocabulary_rebuild(batch=batch)
    return done


def vocabulary_rebuild(*, batch: int = BATCH) -> int:
    """Count every folded word of the index again (how many entries hold it)."""
    rows = SearchEntry.objects.values_list("title_folded", "text_folded").order_by().iterator(chunk_size=batch)
    counts = _words_of(rows)
    with transaction.atomic():
        SearchWord.objects.all().delete()
        SearchWord.objects.bulk_create(
            [SearchWord(word=w, length=len(w), entries=n) for w, n in counts.items()], batch_size=batch
        )
    return len(counts)
