"""Reading the index: match, rank, filter by scope, group, correct typos (issue 17).

How a query runs:

1. The query is folded into words (`text.words`); every word must occur in the entry's folded
   title or text as a whole word, the last one as a prefix (the user may still be typing).
   PostgreSQL answers this from the GIN index on `search_vector`, the folded columns' tsvector
   (configuration 'simple': the words are folded already, nothing is stemmed); SQLite with `LIKE` on the
   same space-separated folded words. Both return the same rows.
2. Ranking is one expression both databases compute alike, highest first:
   8 if the query as typed (NFC, lower case or capitalised) is in the unfolded title or text,
   4 if the folded words occur together as a phrase, 2 if they are all in the title, 1 if the
   phrase is in the title; ties go to the most recently updated.
   A query matching more than SCORED_MAX entries ranks the first SCORED_MAX the index gives.
3. The best `CANDIDATES` entries are read (ids only), and each kind's ids are filtered through
   that kind's visible queryset for the user, one query per kind present: what the user may not
   see is neither shown nor counted. Kinds whose rows are seen exactly by their unit
   (`unit_scoped`) are narrowed in SQL first, so a commune officer's own reports are not pushed
   out of the candidates by other communes'.
4. With no visible hit, a short query is corrected word by word against the vocabulary (edit
   distance 1 for words of 4 to 7 letters, 2 for longer ones, the commonest word winning) and run
   again; the page then offers "Did you mean".
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

from django.db import connection, transaction
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString

from khcn.accounts.scoping import scope_for, visible
from khcn.core.searchable import SearchSource, source_get, source_list
from khcn.search.models import SearchEntry, SearchWord
from khcn.search.text import edit_distance, exact_forms, highlight, words

CANDIDATES = 1000  # entries ranked before the scope filter; counts above it read "more than"
SCORED_MAX = 2_000  # matches a query ranks at most
TERMS_MAX = 8  # words of a query that are matched
CORRECT_TERMS_MAX = 4  # queries up to this many words get typo correction
SNIPPET_WIDTH = 220


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    unit_path: str = ""
    year: int | None = None
    status: str = ""


@dataclass
class Hit:
    kind: str
    label: str
    object_id: int
    title: SafeString
    snippet: SafeString
    url: str
    year: int | None
    status: str


@dataclass
class Group:
    kind: str
    label: str
    count: int
    hits: list[Hit] = field(default_factory=list)


@dataclass
class Results:
    query: str
    terms: list[str]
    groups: list[Group] = field(default_factory=list)
    suggestion: str = ""  # the corrected query whose results are shown, when the typed one found nothing
    truncated: bool = False  # more entries matched than were ranked

    @property
    def total(self) -> int:
        return sum(g.count for g in self.groups)


# -- matching and ranking ------------------------------------------------------------------------


def _word_q(column: str, term: str, *, prefix: bool) -> Q:
    return Q(**{f"{column}__contains": f" {term}" if prefix else f" {term} "})


def _match(queryset: QuerySet[SearchEntry], terms: Sequence[str]) -> QuerySet[SearchEntry]:
    last = len(terms) - 1
    if connection.vendor == "postgresql":
        tsquery = " & ".join(f"'{t}'" + (":*" if n == last else "") for n, t in enumerate(terms))
        condition = RawSQL(
            "search_vector @@ to_tsquery('simple'::regconfig, %s)", [tsquery], output_field=BooleanField()
        )
        return queryset.filter(condition)
    for n, term in enumerate(terms):
        prefix = n == last
        queryset = queryset.filter(
            _word_q("title_folded", term, prefix=prefix) | _word_q("text_folded", term, prefix=prefix)
        )
    return queryset


def _like(term: str, *, prefix: bool) -> str:
    return f"% {term}%" if prefix else f"% {term} %"


def _score_sql(query: str, terms: Sequence[str]) -> tuple[str, list[Any]]:
    """The ranking expression over the columns of the matched rows `m`, and its parameters."""
    position = "strpos" if connection.vendor == "postgresql" else "instr"
    params: list[Any] = []
    exact = []
    for form in exact_forms(query):
        exact.append(f"{position}(m.title, %s) > 0 OR {position}(m.text, %s) > 0")
        params += [form, form]
    phrase = "% " + " ".join(terms) + "%"  # the last word as a prefix
    params += [phrase, phrase]
    last = len(terms) - 1
    in_title = " AND ".join("m.title_folded LIKE %s" for _ in terms)
    params += [_like(t, prefix=n == last) for n, t in enumerate(terms)]
    params += [phrase]
    sql = (
        f"(CASE WHEN {' OR '.join(exact) or 'FALSE'} THEN 8 ELSE 0 END)"
        " + (CASE WHEN m.title_folded LIKE %s OR m.text_folded LIKE %s THEN 4 ELSE 0 END)"
        f" + (CASE WHEN {in_title} THEN 2 ELSE 0 END)"
        " + (CASE WHEN m.title_folded LIKE %s THEN 1 ELSE 0 END)"
    )
    return sql, params


def _scope_narrowing(user: Any) -> Q | None:
    """Entries of unit-scoped kinds outside the user's unit subtrees, which `visible` would
    drop anyway, are left out before ranking."""
    scope = scope_for(user)
    if scope.unrestricted:
        return None
    kinds = [s.kind for s in source_list() if s.unit_scoped]
    if not kinds:
        return None
    inside = [Q(unit__path__startswith=p) for p in scope.unit_paths]
    if not inside:
        return ~Q(kind__in=kinds)
    return ~Q(kind__in=kinds) | reduce(or_, inside)


def _candidates(*, user: Any, query: str, terms: Sequence[str], filters: Filters) -> list[tuple[int, str, int]]:
    """(entry id, kind, object id) of the best-ranked matching entries, best first."""
    queryset = _match(SearchEntry.objects.all(), terms)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.unit_path:
        queryset = queryset.filter(unit__path__startswith=filters.unit_path)
    if filters.year is not None:
        queryset = queryset.filter(year=filters.year)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    narrowing = _scope_narrowing(user)
    if narrowing is not None:
        queryset = queryset.filter(narrowing)
    # A query of one very common word matches most of the index: rank at most SCORED_MAX of its
    # matches (the first the index gives), so its cost has a ceiling whatever the index's size.
    # The matches are a derived table, so PostgreSQL stops reading them at the limit.
    columns = ("id", "kind", "object_id", "title", "text", "title_folded", "text_folded", "updated_at")
    inner_sql, inner_params = queryset.order_by().values(*columns)[:SCORED_MAX].query.sql_with_params()
    score, score_params = _score_sql(query, terms)
    sql = (
        f"SELECT m.id, m.kind, m.object_id FROM ({inner_sql}) m"
        f" ORDER BY {score} DESC, m.updated_at DESC, m.id DESC LIMIT {CANDIDATES + 1}"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # With a limit, the planner takes a common word's matches for cheap to find by
            # reading the table in order; on a large index that reads most of it. The GIN index
            # finds them all at once.
            cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(sql, [*inner_params, *score_params])
        return [(int(pk), str(kind), int(object_id)) for pk, kind, object_id in cursor.fetchall()]


def visible_ids(source: SearchSource, user: Any, ids: Sequence[int]) -> set[int]:
    """The ids among `ids` of rows of `source` the user may see (its own rule, or the scope's)."""
    rows = source.model._default_manager.filter(pk__in=list(ids))  # type: ignore[attr-defined]
    rows = source.visible(rows, user) if source.visible is not None else visible(rows, user)
    return set(rows.values_list("pk", flat=True))


def _visible(user: Any, candidates: list[tuple[int, str, int]]) -> list[tuple[int, str, int]]:
    by_kind: dict[str, list[int]] = defaultdict(list)
    for _pk, kind, object_id in candidates:
        by_kind[kind].append(object_id)
    seen: set[tuple[str, int]] = set()
    for kind, ids in by_kind.items():
        source = source_get(kind)
        if source is not None:
            seen.update((kind, i) for i in visible_ids(source, user, ids))
    return [c for c in candidates if (c[1], c[2]) in seen]


# -- typo correction -----------------------------------------------------------------------------


def _limit(term: str) -> int:
    if len(term) < 4 or not term.isalpha():
        return 0
    return 1 if len(term) <= 7 else 2


def correction(terms: Sequence[str]) -> list[str] | None:
    """The query with each unknown word of 4 letters or more replaced by the commonest word of
    the vocabulary within its edit distance; None when nothing changes."""
    known = set(SearchWord.objects.filter(word__in=list(terms), entries__gt=0).values_list("word", flat=True))
    unknown = [t for t in terms if t not in known and _limit(t)]
    if not unknown:
        return None
    low = min(len(t) for t in unknown) - 2
    high = max(len(t) for t in unknown) + 2
    vocabulary = list(
        SearchWord.objects.filter(entries__gt=0, length__gte=low, length__lte=high).values_list("word", "entries")
    )
    fixed: dict[str, str] = {}
    for term in unknown:
        limit = _limit(term)
        best: tuple[int, int, str] | None = None
        for word, entries in vocabulary:
            distance = edit_distance(term, word, limit)
            if distance <= limit and (best is None or (distance, -entries, word) < best):
                best = (distance, -entries, word)
        if best is not None:
            fixed[term] = best[2]
    if not fixed:
        return None
    return [fixed.get(t, t) for t in terms]


# -- the search ----------------------------------------------------------------------------------


def _ranked(user: Any, query: str, terms: list[str], filters: Filters) -> tuple[list[tuple[int, str, int]], bool]:
    candidates = _candidates(user=user, query=query, terms=terms, filters=filters)
    truncated = len(candidates) > CANDIDATES
    return _visible(user, candidates[:CANDIDATES]), truncated


def hits_load(rows: Sequence[tuple[int, str, int]], terms: Sequence[str]) -> list[Hit]:
    """The shown hits of `rows` (entry id, kind, object id), in their order: one query."""
    entries = SearchEntry.objects.in_bulk([pk for pk, _kind, _id in rows])
    hits: list[Hit] = []
    for pk, kind, _object_id in rows:
        entry = entries.get(pk)
        source = source_get(kind)
        if entry is None or source is None:
            continue
        statuses = dict(source.statuses)
        hits.append(
            Hit(
                kind=kind,
                label=str(source.label),
                object_id=entry.object_id,
                title=highlight(entry.title, terms),
                snippet=highlight(entry.text, terms, width=SNIPPET_WIDTH) if entry.text else SafeString(""),
                url=entry.url,
                year=entry.year,
                status=str(statuses.get(entry.status, "")),
            )
        )
    return hits


@dataclass
class Ranked:
    """A search's visible matches, best first, before the hits to show are loaded."""

    query: str
    terms: list[str]
    rows: list[tuple[int, str, int]]
    truncated: bool = False
    suggestion: str = ""


def search_ranked(*, user: Any, query: str, filters: Filters | None = None) -> Ranked:
    """Every visible match of `query` (up to CANDIDATES ranked), corrected when it found none."""
    filters = filters or Filters()
    terms = words(query)[:TERMS_MAX]
    if not terms:
        return Ranked(query=query, terms=[], rows=[])
    rows, truncated = _ranked(user, query, terms, filters)
    if rows or len(terms) > CORRECT_TERMS_MAX:
        return Ranked(query=query, terms=terms, rows=rows, truncated=truncated)
    fixed = correction(terms)
    if fixed is None:
        return Ranked(query=query, terms=terms, rows=[])
    suggestion = " ".join(fixed)
    rows, truncated = _ranked(user, suggestion, fixed, filters)
    return Ranked(query=query, terms=fixed, rows=rows, truncated=truncated, suggestion=suggestion if rows else "")


def search_grouped(*, user: Any, query: str, filters: Filters | None = None, per_group: int = 5) -> Results:
    """The results page: each kind with hits, in the registry's order, its count and first hits."""
    ranked = search_ranked(user=user, query=query, filters=filters)
    by_kind: dict[str, list[tuple[int, str, int]]] = defaultdict(list)
    for row in ranked.rows:
        by_kind[row[1]].append(row)
    shown = [row for rows in by_kind.values() for row in rows[:per_group]]
    hits = hits_load(shown, ranked.terms)
    groups: list[Group] = []
    for source in source_list():
        rows = by_kind.get(source.kind)
        if rows:
            groups.append(
                Group(
                    kind=source.kind,
                    label=str(source.label),
                    count=len(rows),
                    hits=[h for h in hits if h.kind == source.kind],
                )
            )
    return Results(
        query=query, terms=ranked.terms, groups=groups, suggestion=ranked.suggestion, truncated=ranked.truncated
    )
