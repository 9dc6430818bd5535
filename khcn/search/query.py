"""Reading the index: match, rank, filter by scope, group, correct typos (issue 17).

How a query runs:

1. The query is folded into words (`text.words`); every word must occur in the entry's folded
   title or text as a whole word, the last one as a prefix (the user may still be typing).
   PostgreSQL answers this from the GIN indexes on `search_vector`, the folded columns' tsvector
   (configuration 'simple': the words are folded already, nothing is stemmed); SQLite with `LIKE`
   on the same space-separated folded words. Both return the same rows, except that at a scale
   where PostgreSQL reads only some slices of its index (below) it ranks the matches found there.
2. Ranking is one expression both databases compute alike, highest first:
   8 if the query as typed (NFC, lower case or capitalised) is in the unfolded title or text,
   4 if the folded words occur together as a phrase, 2 if they are all in the title, 1 if the
   phrase is in the title; ties go to the most recently updated.
   A query matching more than SCORED_MAX entries ranks the first SCORED_MAX the index gives.
   PostgreSQL's index is FTS_SLICES partial GIN indexes (`mod(id, 16)`), and a GIN scan costs
   the postings of the query's words however few entries hold them all: the vocabulary's counts
   tell how many slices fit SCAN_POSTINGS, and only those are read for the scattered words
   (more when they gave fewer than SCAN_MIN matches, all when they gave none), while the phrase
   (its adjacent word pairs, `pairs_folded`, short posting lists) is looked up in every slice.
   The page then says "the N best results". Each slice is read from its own index and the
   reading stops at the limit, so ranking costs at most SCORED_MAX rows whatever the index size.
3. The best `CANDIDATES` entries are read (ids only), and each kind's ids are filtered through
   that kind's visible queryset for the user, every kind in one query (UNION ALL): what the user
   may not see is neither shown nor counted. Kinds whose rows are seen exactly by their unit
   (`unit_scoped`) are narrowed in SQL first, so a commune officer's own reports are not pushed
   out of the candidates by other communes'. Each kind's visible queryset is compiled once per
   user, scope and day (and kept a minute), its ids one parameter; on PostgreSQL the statement
   is prepared once per connection, so neither Django nor the planner builds it again.
4. With no visible hit, a short query is corrected word by word against the vocabulary (edit
   distance 1 for words of 4 to 7 letters, 2 for longer ones, the nearest and then the commonest
   word winning) and run again; the page then offers "Did you mean".
"""

import contextlib
import json
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.safestring import SafeString
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from khcn.accounts.scoping import scope_for, visible
from khcn.core.kept import Kept
from khcn.core.searchable import SearchSource, source_get, source_list
from khcn.geo.models import AdminUnit
from khcn.search.index import FTS_SLICES
from khcn.search.models import SearchEntry, SearchWord
from khcn.search.text import exact_forms, highlight, pair_tokens, words

CANDIDATES = 1000  # entries ranked before the scope filter; counts above it read "more than"
SCORED_MAX = 1_000  # matches a query ranks at most
SCAN_POSTINGS = 150_000  # PostgreSQL: index postings a query's first pass may read (about 40 ms)
SCAN_MIN = 100  # matches under which the other slices are read too
SCAN_MORE = 4  # slices read again, times the first pass's, when it found fewer than SCAN_MIN
COMPLETIONS_MAX = 16  # PostgreSQL: a last term beginning more words is looked up as a prefix
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


def _tsquery(terms: Sequence[str], *, pairs: bool = False, completions: Sequence[str] = ()) -> str:
    """PostgreSQL: every term, the last as a prefix. With `pairs`, the tokens are the terms'
    adjacent pairs ("o1nhiem"): the entries holding the query's words side by side, from short
    posting lists."""
    tokens = pair_tokens(terms) if pairs else list(terms)
    last = len(tokens) - 1
    parts = [f"'{t}'" + (":*" if n == last else "") for n, t in enumerate(tokens)]
    if completions and not pairs:
        # The vocabulary's words the last term begins, in place of a prefix: a GIN prefix
        # search reads every posting of those words, whereas words let a rare word of the
        # query skip through the common ones.
        parts[last] = "(" + " | ".join(f"'{w}'" for w in completions) + ")"
    return " & ".join(parts)


def _match(queryset: QuerySet[SearchEntry], terms: Sequence[str], *, tsquery: object = None) -> QuerySet[SearchEntry]:
    """The entries holding every term: on PostgreSQL those of `tsquery` (a parameter), on
    SQLite every term as a whole word of the folded title or text, the last as a prefix."""
    if connection.vendor == "postgresql":
        condition = RawSQL(
            "search_vector @@ to_tsquery('simple'::regconfig, %s)", [tsquery], output_field=BooleanField()
        )
        return queryset.filter(condition)
    last = len(terms) - 1
    for n, term in enumerate(terms):
        prefix = n == last
        queryset = queryset.filter(
            _word_q("title_folded", term, prefix=prefix) | _word_q("text_folded", term, prefix=prefix)
        )
    return queryset


def _like(term: str, *, prefix: bool) -> str:
    return f"% {term}%" if prefix else f"% {term} %"


def _score_sql(query: str, terms: Sequence[str]) -> tuple[str, list[Any]]:
    """The ranking expression over the columns of the matched rows `u`, and its parameters."""
    position = "strpos" if connection.vendor == "postgresql" else "instr"
    params: list[Any] = []
    exact = []
    for form in exact_forms(query):
        exact.append(f"{position}(u.title, %s) > 0 OR {position}(u.text, %s) > 0")
        params += [form, form]
    phrase = "% " + " ".join(terms) + "%"  # the last word as a prefix
    params += [phrase, phrase]
    last = len(terms) - 1
    in_title = " AND ".join("u.title_folded LIKE %s" for _ in terms)
    params += [_like(t, prefix=n == last) for n, t in enumerate(terms)]
    params += [phrase]
    sql = (
        f"(CASE WHEN {' OR '.join(exact) or 'FALSE'} THEN 8 ELSE 0 END)"
        " + (CASE WHEN u.title_folded LIKE %s OR u.text_folded LIKE %s THEN 4 ELSE 0 END)"
        f" + (CASE WHEN {in_title} THEN 2 ELSE 0 END)"
        " + (CASE WHEN u.title_folded LIKE %s THEN 1 ELSE 0 END)"
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
    if not scope.unit_paths:
        return ~Q(kind__in=kinds)
    # The subtrees' units as a subquery, not a join: PostgreSQL hashes them once and the index
    # is still read in order, so the limit stops it (a join on the units sorted every match).
    units = AdminUnit.objects.filter(reduce(or_, [Q(path__startswith=p) for p in scope.unit_paths]))
    return ~Q(kind__in=kinds) | Q(unit__in=units.values("pk"))


def _narrowing_sql(user: Any) -> tuple[str, tuple[Any, ...]]:
    """`_scope_narrowing` as a condition on the columns of a reading `u` (" WHERE …"), or ""."""
    scope = scope_for(user)
    kinds = [s.kind for s in source_list() if s.unit_scoped]
    if scope.unrestricted or not kinds:
        return "", ()
    outside = f"u.kind NOT IN ({', '.join(['%s'] * len(kinds))})"
    if not scope.unit_paths:
        return f" WHERE {outside}", tuple(kinds)
    units = AdminUnit.objects.filter(reduce(or_, [Q(path__startswith=p) for p in scope.unit_paths]))
    sql, params = units.order_by().values("pk").query.sql_with_params()
    return f" WHERE ({outside} OR u.unit_id IN ({sql}))", (*kinds, *params)


def _filtered(
    terms: Sequence[str], user: Any, filters: Filters, *, tsquery: object = None, narrow: bool = True
) -> QuerySet[SearchEntry]:
    queryset = _match(SearchEntry.objects.all(), terms, tsquery=tsquery)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.unit_path:
        queryset = queryset.filter(unit__path__startswith=filters.unit_path)
    if filters.year is not None:
        queryset = queryset.filter(year=filters.year)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    narrowing = _scope_narrowing(user) if narrow else None
    if narrowing is not None:
        queryset = queryset.filter(narrowing)
    return queryset.order_by()


_COLUMNS = ("id", "kind", "object_id", "unit_id", "title", "text", "title_folded", "text_folded", "updated_at")


_SLICE = "__slice__"  # stands for a slice's number in the SQL compiled once for every slice


def _sliced(queryset: QuerySet[SearchEntry]) -> QuerySet[SearchEntry]:
    # Written exactly as the partial indexes' predicate (migration 0003), so each slice is read
    # from its own index.
    return queryset.filter(
        RawSQL(f'mod("search_searchentry"."id", {FTS_SLICES}) = {_SLICE}', [], output_field=BooleanField())
    )


@dataclass
class _Scored:
    rows: list[tuple[int, str, int, int, Any]]  # (entry id, kind, object id, score, time updated), best first
    matched: int  # matches ranked
    full: bool = False  # a reading had more matches than its share: more matched than were ranked


@dataclass(frozen=True)
class _Reading:
    """The matching entries' columns (_COLUMNS), as SQL and parameters; with `slices`, the SQL
    reads the slice _SLICE and is run for each of `slices` one after the other, and `where`
    (with `where_params`) narrows their union `u`."""

    sql: str
    params: tuple[Any, ...]
    slices: Sequence[int] | None = None
    where: str = ""
    where_params: tuple[Any, ...] = ()


def _reading(queryset: QuerySet[SearchEntry], slices: Sequence[int] | None = None) -> _Reading:
    sql, params = queryset.values(*_COLUMNS).query.sql_with_params()
    return _Reading(sql=sql, params=tuple(params), slices=slices)


class _Placeholder:
    """A parameter while a query is compiled, found again by identity."""


_TSQUERY = _Placeholder()

# PostgreSQL: the sliced matching query, compiled once per filters and scope (its only other
# parameter the tsquery): Django built it anew for every search, about a tenth of the page.
_matching: Kept[_Reading] = Kept(seconds=60.0, size=512)


def _match_compiled(user: Any, filters: Filters) -> _Reading:
    # The scope narrows the union of the slices, not each slice: PostgreSQL then plans and
    # hashes the units' subquery once, not once per slice (a qual with a subquery is not
    # pushed down into the union), and the limit still counts narrowed rows.
    reading = _reading(_sliced(_filtered((), user, filters, tsquery=_TSQUERY, narrow=False)))
    where, where_params = _narrowing_sql(user)
    return _Reading(sql=reading.sql, params=reading.params, where=where, where_params=where_params)


def _sliced_match(user: Any, filters: Filters, tsquery: str, slices: Sequence[int]) -> _Reading:
    key = (connection.alias, filters, scope_for(user))
    compiled = _matching.get_or_make(key, lambda: _match_compiled(user, filters))
    params = tuple(tsquery if p is _TSQUERY else p for p in compiled.params)
    return _Reading(
        sql=compiled.sql, params=params, slices=slices, where=compiled.where, where_params=compiled.where_params
    )


def _scored(cursor: Any, groups: Sequence[_Reading], query: str, terms: Sequence[str], *, before: str = "") -> _Scored:
    """The best CANDIDATES + 1 matches of `groups`, ranked. Of the groups' SCORED_MAX matches
    each has its share, the first read (PostgreSQL stops reading at the limit); one more is read
    to tell whether the share held them all. An entry matching in two groups is ranked once.
    `before`: a statement sent with it, in the same query string (its result skipped)."""
    compound = connection.features.supports_slicing_ordering_in_compound
    share = SCORED_MAX // len(groups)
    score, score_params = _score_sql(query, terms)
    group_sqls: list[str] = []
    params: list[Any] = []
    for group in groups:
        params += score_params
        if group.slices is None:
            sqls = [group.sql]
            params += group.params
        else:  # compiled once, whatever the number of slices
            sqls = [f"({group.sql.replace(_SLICE, str(int(k)))})" for k in group.slices]
            params += list(group.params) * len(group.slices)
        params += group.where_params
        # Each reading scores its rows (only those the limit lets through), so that what goes
        # up to be merged and sorted is narrow: no titles and texts.
        first = (
            f"SELECT u.id, u.kind, u.object_id, u.updated_at, {score} AS score, {len(group_sqls)} AS g"
            f" FROM ({' UNION ALL '.join(sqls)}) u{group.where} LIMIT {share + 1}"
        )
        group_sqls.append(f"({first})" if compound and len(groups) > 1 else first)
    # The time only orders rows of two readings when they are merged: as seconds, not read as a
    # datetime (a thousand of them cost a millisecond or two in Python).
    updated = "extract(epoch FROM d.updated_at)::float8" if connection.vendor == "postgresql" else "d.updated_at"
    # Counted before an entry found by two groups is ranked once (windows come before DISTINCT).
    full = " OR ".join(f"count(*) FILTER (WHERE m.g = {n}) OVER () > {share}" for n in range(len(groups)))
    if len(groups) == 1:
        full = f"count(*) OVER () > {share}"
    distinct = "DISTINCT ON (m.id) " if len(groups) > 1 else ""  # PostgreSQL only
    matches = f"SELECT {distinct}m.*, ({full}) AS overflow FROM ({' UNION ALL '.join(group_sqls)}) m"
    cursor.execute(
        f"{before}SELECT d.id, d.kind, d.object_id, d.score, {updated}, count(*) OVER (), d.overflow FROM ({matches}) d"
        f" ORDER BY d.score DESC, d.updated_at DESC, d.id DESC LIMIT {CANDIDATES + 1}",
        params,
    )
    if before:
        cursor.nextset()
    found = cursor.fetchall()
    rows = [(int(pk), str(kind), int(oid), int(sc), upd) for pk, kind, oid, sc, upd, _n, _full in found]
    return _Scored(rows=rows, matched=int(found[0][5]) if found else 0, full=bool(found and found[0][6]))


@dataclass(frozen=True)
class _Postings:
    count: int  # about how many index postings the GIN scans of the terms read
    completions: list[str]  # the words the last term begins, when few (else none)
    impossible: bool  # a term no entry holds: nothing can match


def _postings(terms: Sequence[str]) -> _Postings:
    """From the vocabulary's entry counts: about how many index postings the GIN scans of
    `terms` read (a word it does not keep, of one letter or with digits, counts as the whole
    index; the last term counts every word it begins); the words the last term begins when they
    are few (COMPLETIONS_MAX) and the term is a word the vocabulary could hold; and whether a
    word the vocabulary could hold is in no entry (the vocabulary keeps every word of 2 to
    WORD_MAX letters, in the transaction that indexes it), so that no entry can match: a typo
    then goes straight to its correction instead of reading every slice for nothing."""
    exact, last = list(terms[:-1]), terms[-1]
    kept = [t for t in [*exact, last] if len(t) >= 2 and t.isalpha()]
    kept_exact = sorted({t for t in exact if t in kept})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(entries), 0), count(*) FILTER (WHERE word LIKE %s),"
            " (array_agg(word ORDER BY word) FILTER (WHERE word LIKE %s))[1:%s],"
            " (SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'search_searchentry'::regclass),"
            " count(*) FILTER (WHERE word = ANY(%s))"
            " FROM search_searchword WHERE entries > 0 AND (word = ANY(%s) OR word LIKE %s)",
            [last + "%", last + "%", COMPLETIONS_MAX, kept_exact, kept_exact, last + "%"],
        )
        total, completing, words_, size, found = cursor.fetchone()
    usable = last in kept and 0 < completing <= COMPLETIONS_MAX
    return _Postings(
        count=int(total) + int(size) * (len(terms) - len(kept)),
        completions=list(words_ or []) if usable else [],
        impossible=found < len(kept_exact) or (last in kept and completing == 0),
    )


_PLANNER = "SELECT set_config('enable_seqscan', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)"


def _candidates(
    *, user: Any, query: str, terms: Sequence[str], filters: Filters
) -> tuple[list[tuple[int, str, int]], bool]:
    """(entry id, kind, object id) of the best-ranked matching entries, best first, and whether
    more entries matched than were ranked."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            scored = _scored(cursor, [_reading(_filtered(terms, user, filters))], query, terms)
        return [r[:3] for r in scored.rows], scored.matched > CANDIDATES or scored.full
    # PostgreSQL reads its index slice by slice (FTS_SLICES partial GIN indexes). A GIN scan
    # costs about the postings of its words, however few entries hold them all, so a query of
    # common words reads only the slices SCAN_POSTINGS allows (one at least), and more only
    # when it found fewer than SCAN_MIN matches; the limit stops the reading once SCORED_MAX
    # have matched. The entries holding the words side by side (the phrase, which ranks first) are
    # looked up in every slice by their word pairs, whose posting lists are short.
    postings = _postings(terms)
    if postings.impossible:
        return [], False
    tsquery = _tsquery(terms, completions=postings.completions)
    per_slice = max(1, postings.count // FTS_SLICES)
    first = min(FTS_SLICES, max(1, SCAN_POSTINGS // per_slice))
    every = list(range(FTS_SLICES))
    groups = [_sliced_match(user, filters, tsquery, every[:first])]
    if len(terms) > 1:
        groups.append(_sliced_match(user, filters, _tsquery(terms, pairs=True), every))
    # With a limit, the planner takes a common word's matches for cheap to find by reading the
    # table in order; on a large index that reads most of it. The GIN indexes find them. The
    # slices are read one after the other and the reading stops at the limit; parallel workers
    # would start on several at once and read them all. The settings last one transaction: sent
    # in the same query string as the ranking (Django's client-side binding sends it with
    # PostgreSQL's simple protocol), both are one transaction, one round trip instead of four.
    # (Inside a caller's transaction, they last until its end, as they would with a savepoint.)
    together = not getattr(connection.features, "uses_server_side_binding", False)
    with contextlib.ExitStack() as stack:
        if not together:
            stack.enter_context(transaction.atomic())
        cursor = stack.enter_context(connection.cursor())
        before = f"{_PLANNER}; " if together else ""
        if not together:
            cursor.execute(_PLANNER)
        scored = _scored(cursor, groups, query, terms, before=before)
        rows, matched, read, full = scored.rows, scored.matched, first, scored.full
        # Too few matches: SCAN_MORE times as many slices again; none at all: every slice, so
        # that "nothing found" is never said of a query something matches.
        for wanted, more_slices in ((SCAN_MIN, SCAN_MORE * first), (1, FTS_SLICES)):
            if matched < wanted and read < FTS_SLICES:
                again = [_sliced_match(user, filters, tsquery, every[read : read + more_slices])]
                more = _scored(cursor, again, query, terms, before=before)
                merged = {r[0]: r for r in rows + more.rows}
                rows = sorted(merged.values(), key=lambda r: (r[3], r[4], r[0]), reverse=True)
                matched, read = max(len(merged), more.matched), min(FTS_SLICES, read + more_slices)
                full = full or more.full
    truncated = matched > CANDIDATES or full or (read < FTS_SLICES and matched > 0)
    return [r[:3] for r in rows[: CANDIDATES + 1]], truncated


def visible_ids(source: SearchSource, user: Any, ids: Sequence[int]) -> set[int]:
    """The ids among `ids` of rows of `source` the user may see (its own rule, or the scope's)."""
    return set(_visible_rows(source, user, ids).values_list("pk", flat=True))


def _visible_rows(source: SearchSource, user: Any, ids: Sequence[int]) -> QuerySet[Any]:
    rows = source.model._default_manager.filter(pk__in=list(ids))  # type: ignore[attr-defined]
    return _seen(source, rows, user)


def _seen(source: SearchSource, rows: QuerySet[Any], user: Any) -> QuerySet[Any]:
    rows = source.visible(rows, user) if source.visible is not None else visible(rows, user)
    return rows.order_by()


# Each kind's visibility query is compiled once per user and kept VISIBILITY_SECONDS (for
# VISIBILITY_USERS users, the least recently searching forgotten first), the ids a parameter:
# a search of common words has candidates of every kind, and building every kind's queryset
# cost more than running the query. What the compiled query depends on is in the key: the
# user, their read and write scopes (roles, units, organisations; a changed grant is a new
# key) and the day (offers listed until a date). The rows themselves are read each time.
VISIBILITY_SECONDS = 60.0
VISIBILITY_USERS = 256


_IDS = _Placeholder()  # the ids' parameter while a kind's query is compiled


@dataclass(frozen=True)
class _Compiled:
    sql: str  # SELECT pk ... with the ids as one parameter
    params: tuple[Any, ...]
    ids_at: tuple[int, ...]  # the positions of the ids among params


_compiled: Kept[dict[str, _Compiled | None]] = Kept(seconds=VISIBILITY_SECONDS, size=VISIBILITY_USERS)


def visibility_forget() -> None:
    """Drop the compiled visibility queries (tests; a process picks changes up within a minute)."""
    _compiled.clear()


def _ids_in(ids_param: object) -> RawSQL:
    """The entries' object ids as a subquery of one parameter (an array, or JSON on SQLite)."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [ids_param])
    return RawSQL("SELECT value FROM json_each(%s)", [ids_param])


def _compile(source: SearchSource, user: Any) -> _Compiled | None:
    """`source`'s visible rows among some ids, as SQL whose ids are one parameter (repeated
    where the rule copied the queryset); None when the kind's rule gives the user none of its
    rows."""
    rows = source.model._default_manager.filter(pk__in=_ids_in(_IDS))  # type: ignore[attr-defined]
    try:
        sql, params = _seen(source, rows, user).values_list("pk").query.sql_with_params()
    except EmptyResultSet:  # queryset.none()
        return None
    at = tuple(n for n, p in enumerate(params) if p is _IDS)
    if not at:  # the rule started from a queryset of its own: the ids narrow its rows
        ids_sql, ids_params = _ids_in(_IDS).as_sql(None, connection)  # type: ignore[arg-type]
        sql = f'SELECT r."pk" FROM ({sql}) r WHERE r."pk" IN {ids_sql}'
        params = (*params, *ids_params)
        at = (len(params) - 1,)
    return _Compiled(sql=sql, params=tuple(params), ids_at=at)


def _compiled_for(user: Any, kinds: Sequence[str]) -> dict[str, _Compiled | None]:
    key = (
        connection.alias,
        getattr(user, "pk", None),
        bool(getattr(user, "is_active", False)),
        bool(getattr(user, "is_superuser", False)),
        scope_for(user),
        scope_for(user, writing=True),
        timezone.localdate(),
    )
    by_kind = _compiled.get_or_make(key, dict)  # filled kind by kind as searches find them
    for kind in kinds:
        if kind not in by_kind:
            source = source_get(kind)
            by_kind[kind] = _compile(source, user) if source is not None else None
    return by_kind


def _visible(user: Any, candidates: list[tuple[int, str, int]]) -> list[tuple[int, str, int]]:
    """The candidates the user may see: each kind's ids through that kind's visible queryset,
    every kind in one query (UNION ALL), whatever the number of kinds."""
    by_kind: dict[str, list[int]] = defaultdict(list)
    for _pk, kind, object_id in candidates:
        by_kind[kind].append(object_id)
    kinds = sorted(by_kind)  # the same kinds, the same statement
    compiled = _compiled_for(user, kinds)
    postgresql = connection.vendor == "postgresql"
    sqls, params = [], []
    for n, kind in enumerate(kinds):
        part = compiled.get(kind)
        if part is None:
            continue
        sqls.append(f"SELECT {n} AS k, p.* FROM ({part.sql}) p")
        part_params = list(part.params)
        ids = _ids_param(by_kind[kind], postgresql)
        for at in part.ids_at:
            part_params[at] = ids
        params += part_params
    if not sqls:
        return []
    # A statement of its own beginning with SELECT (the page cache takes any other for a write).
    with _Prepared() as cursor:
        cursor.execute(f"SELECT * FROM ({' UNION ALL '.join(sqls)}) v", params)
        seen = {(kinds[n], int(pk)) for n, pk in cursor.fetchall()}
    return [c for c in candidates if (c[1], c[2]) in seen]


def _ids_param(ids: list[int], postgresql: bool) -> str:
    """The ids as one text parameter (an array literal, or JSON on SQLite): its type and so the
    statement's prepared form do not change with the ids' magnitude."""
    return "{" + ",".join(map(str, ids)) + "}" if postgresql else json.dumps(ids)


class _Logged(CursorWrapper):
    """Django's cursor wrapper (its execute wrappers run), the statement logged as written when
    queries are logged: Django's debug wrapper finds no text for a prepared statement."""

    def execute(self, sql: Any, params: Any = None) -> Any:
        if not self.db.queries_logged:
            return super().execute(sql, params)
        start = time.perf_counter()
        try:
            return super().execute(sql, params)
        finally:
            self.db.queries_log.append({"sql": sql, "time": f"{time.perf_counter() - start:.3f}"})


class _Prepared:
    """On PostgreSQL, a cursor whose statements are prepared once per connection (unless the
    setting KHCN_SEARCH_PREPARED is False, for a pooler that cannot keep prepared statements):
    the visibility statement's text repeats (the same kinds, the same statement) and planning
    a union of every kind's rules cost more than running it. Django leaves psycopg's automatic
    preparing off; it is lifted for this cursor's statements only. Elsewhere Django's cursor."""

    def __enter__(self) -> Any:
        if connection.vendor != "postgresql" or not getattr(settings, "KHCN_SEARCH_PREPARED", True):
            self.cursor = connection.cursor()
            return self.cursor
        import psycopg

        connection.ensure_connection()
        connection.validate_thread_sharing()
        raw = connection.connection
        threshold = raw.prepare_threshold

        class Preparing(psycopg.Cursor):  # type: ignore[type-arg]
            def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
                raw.prepare_threshold = PREPARED_AFTER if threshold is None else threshold
                try:
                    return super().execute(query, params, prepare=True)
                finally:
                    raw.prepare_threshold = threshold

        self.cursor = _Logged(Preparing(raw), connection)
        return self.cursor

    def __exit__(self, *exc: object) -> None:
        self.cursor.close()


PREPARED_AFTER = 1_000_000  # while a prepared statement runs: other statements are not prepared


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
    known_words = [word for word, _entries in vocabulary]
    fixed: dict[str, str] = {}
    for term in unknown:
        # Every word within the term's distance (rapidfuzz, in C: the vocabulary of a real index
        # holds tens of thousands of words), the nearest and then the commonest winning.
        near = process.extract(term, known_words, scorer=Levenshtein.distance, score_cutoff=_limit(term), limit=None)
        if near:
            _word, _distance, at = min(near, key=lambda m: (m[1], -vocabulary[m[2]][1], m[0]))
            fixed[term] = known_words[at]
    if not fixed:
        return None
    return [fixed.get(t, t) for t in terms]


# -- the search ----------------------------------------------------------------------------------


def _ranked(user: Any, query: str, terms: list[str], filters: Filters) -> tuple[list[tuple[int, str, int]], bool]:
    candidates, truncated = _candidates(user=user, query=query, terms=terms, filters=filters)
    return _visible(user, candidates[:CANDIDATES]), truncated or len(candidates) > CANDIDATES


def hits_load(rows: Sequence[tuple[int, str, int]], terms: Sequence[str]) -> list[Hit]:
    """The shown hits of `rows` (entry id, kind, object id), in their order: one query."""
    columns = ("pk", "object_id", "title", "text", "url", "year", "status")
    shown = SearchEntry.objects.filter(pk__in=[pk for pk, _kind, _id in rows]).values_list(*columns)
    entries = {row[0]: row for row in shown}  # tuples: a page of hits builds no model instance
    hits: list[Hit] = []
    for pk, kind, _object_id in rows:
        entry = entries.get(pk)
        source = source_get(kind)
        if entry is None or source is None:
            continue
        _pk, object_id, title, text, url, year, status = entry
        hits.append(
            Hit(
                kind=kind,
                label=str(source.label),
                object_id=object_id,
                title=highlight(title, terms),
                snippet=highlight(text, terms, width=SNIPPET_WIDTH) if text else SafeString(""),
                url=url,
                year=year,
                status=str(dict(source.statuses).get(status, "")),
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
