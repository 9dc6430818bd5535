"""Rank experts and technologies for a problem a unit raises (issue 15, "đầu mối kết nối").

A query is a technology demand, a follow-up request (meetings.FollowUp) or a research proposal.
Candidates are ranked by:

- **text relevance**: BM25 over Vietnamese syllables with their diacritics folded away
  (core.text.fold: "Nước" and "nuoc" meet, đ→d, NFD or NFC input alike), over single syllables
  and over pairs of adjacent syllables, since most Vietnamese words take two ("ô nhiễm",
  "làng nghề"): a pair shared is worth more than its two syllables scattered. Syllables that
  carry no meaning alone (STOP_SYLLABLES) are dropped and break pairs. When the query is typed
  with its diacritics and the document has the same accented syllable, the term counts a little
  more (EXACT_BONUS): "cá" prefers "cá" to "cả" while both fold to "ca";
- **fields**: the same field group, and each shared second-level field (fields.py);
- **place**: the same commune first, then the same province (AdminUnit paths are prefixes);
- **track record**: an expert's research tasks led and councils sat on whose titles share
  terms with the query; a technology's S&T task and its maturity (TRL).

Every suggestion carries its REASONS for display: the shared terms in their accented form, the
field names, the similar task titles, the place.

Speed: a per-process index (postings of folded terms with their BM25 weights precomputed,
impact style) is built once from the database and rebuilt when `data_version()` changes; that
key is one cheap query over counts and latest update times, read at every match, so a process
never ranks against data another process changed without knowing it (a large index is rebuilt
in the background meanwhile, see `_Index`). Scoring is pure Python over rows read with a
constant number of queries, so SQLite and PostgreSQL rank identically.
"""

from __future__ import annotations

import dataclasses
import heapq
import math
import re
import threading
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from khcn.core.text import fold

# ---- BM25 parameters ----
# k1 bounds how much a repeated term counts: at 1.2 the tenth mention of "nước thải" is worth
# about twice the first, not ten times. b = 0.75 normalises by document length, so a profile
# listing fifty topics does not outrank a focused one on the strength of its length alone.
K1 = 1.2
B = 0.75
# A pair of syllables is rarer and more telling than either syllable; its weight multiplies
# its BM25 contribution.
BIGRAM_WEIGHT = 1.5
# Extra share of a syllable's contribution when the accented form matches too.
EXACT_BONUS = 0.15
# Terms found in more than this share of documents carry almost no information; skipping them
# keeps a long query fast (their idf is near zero anyway).
MAX_DF_SHARE = 0.4

# A common term keeps only its MAX_POSTINGS best documents (static index pruning, impact
# order): the documents cut are those where it weighs least (long texts mentioning it once),
# and they are still found through the query's other terms. It bounds a match's work at
# 30,000 documents (bench/matching.py) without changing any ranking on the labelled set.
MAX_POSTINGS = 1500

# Field weights inside a document (BM25F-style: a term's frequency is the weighted sum).
EXPERT_FIELDS = (
    ("keywords", 3.0),
    ("fields", 1.5),
    ("profile", 1.0),
    ("publications", 1.0),
    ("patents", 1.0),
    ("organisation", 0.5),
)
TECH_FIELDS = (
    ("title", 3.0),
    ("keywords", 2.0),
    ("fields", 1.5),
    ("summary", 1.0),
    ("description", 1.0),
    ("proven_at", 1.0),
    ("owner", 0.5),
)

# ---- Other signals, added to the text score normalised to [0, 1] ----
FIELD_GROUP_BONUS = 0.06
SUBFIELD_BONUS = 0.06  # per shared second-level field, at most MAX_SUBFIELDS of them
MAX_SUBFIELDS = 2
SAME_COMMUNE_BONUS = 0.08
SAME_PROVINCE_BONUS = 0.03
TRACK_BONUS = 0.05  # per similar task or council, at most MAX_TRACK
MAX_TRACK = 3
TECH_TASK_BONUS = 0.03
TECH_MATURITY_BONUS = 0.01  # per TRL level above 5
# How many text candidates get the other signals worked out (the rest cannot catch up).
RERANK_POOL = 200
# Suggestions scoring under this share of the best one are left out: they share a syllable or
# two with the request ("công", "nghiệp") and would only lengthen the list the officer reads.
MIN_SHARE_OF_BEST = 0.1
# A lone syllable is shown as a reason only if it weighs at least this share of the document's
# strongest shared term: "lý" of "quản lý" matching the "lý" of "xử lý" is not a reason.
REASON_MIN_SHARE = 0.5

# Vietnamese syllables that carry no subject alone (our own list): function words, pronouns,
# and the verbs every request uses ("cần", "đề nghị", "giúp"). "do" (because) is left out: typed
# without marks it is also "đo" (measure).
STOP_SYLLABLES = frozenset(
    [
        "của",
        "và",
        "các",
        "những",
        "cho",
        "được",
        "trong",
        "có",
        "là",
        "với",
        "để",
        "một",
        "này",
        "đó",
        "khi",
        "thì",
        "mà",
        "như",
        "theo",
        "từ",
        "tại",
        "trên",
        "dưới",
        "về",
        "ra",
        "vào",
        "lại",
        "đã",
        "đang",
        "sẽ",
        "cũng",
        "rất",
        "nhiều",
        "ít",
        "hay",
        "hoặc",
        "nếu",
        "vì",
        "nên",
        "bởi",
        "đến",
        "tới",
        "qua",
        "nhằm",
        "việc",
        "sự",
        "cái",
        "người",
        "chúng",
        "ta",
        "tôi",
        "họ",
        "ông",
        "bà",
        "anh",
        "chị",
        "em",
        "đây",
        "kia",
        "ấy",
        "nào",
        "gì",
        "ai",
        "không",
        "chưa",
        "chỉ",
        "còn",
        "vẫn",
        "đều",
        "nhau",
        "mỗi",
        "từng",
        "cả",
        "hết",
        "thêm",
        "nữa",
        "bị",
        "phải",
        "cần",
        "muốn",
        "đề",
        "nghị",
        "xin",
        "giúp",
        "năm",
        "tháng",
        "ngày",
        "nay",
        "tiếp",
        "hơn",
        "nhất",
        "lên",
        "xuống",
        "vậy",
        "nhưng",
        "tuy",
        "cùng",
        "v.v",
        "vv",
        "etc",
    ]
)
# Typed without marks, "co" may be "có" (stop) or "cỏ", "cơ" (content): only folded forms that
# no common content syllable shares are dropped from unaccented text ("trong" stays: "trồng").
_STOP_FOLDED = frozenset(
    [
        "cua",
        "va",
        "cac",
        "nhung",
        "mot",
        "nay",
        "theo",
        "ra",
        "se",
        "hoac",
        "neu",
        "boi",
        "nham",
        "viec",
        "nhau",
        "tung",
        "het",
        "them",
        "nua",
        "phai",
        "muon",
        "xin",
        "giup",
        "tiep",
        "hon",
        "nhat",
        "tuy",
        "vay",
        "nao",
        "rat",
        "nen",
        "duoi",
    ]
)
_WORDS = re.compile(r"[^\W_]+(?:[.][^\W_]+)*")
_SEGMENTS = re.compile(r"[,;:.!?()\[\]{}\n\"“”/|•–—-]+")


@dataclass(frozen=True)
class Token:
    folded: str
    accented: str


def tokens(text: str | None) -> list[list[Token]]:
    """The syllables of `text` in segments (punctuation ends a segment, so no pair spans it),
    stop syllables removed (they split a segment too)."""
    if not text:
        return []
    text = unicodedata.normalize("NFC", text).casefold()
    segments: list[list[Token]] = []
    for part in _SEGMENTS.split(text):
        current: list[Token] = []
        for word in _WORDS.findall(part):
            folded = fold(word)
            if word in STOP_SYLLABLES or (word == folded and folded in _STOP_FOLDED) or len(folded) < 2:
                if current:
                    segments.append(current)
                current = []
                continue
            current.append(Token(folded, word))
        if current:
            segments.append(current)
    return segments


def terms(text: str | None) -> tuple[Counter[str], dict[str, str]]:
    """Term frequencies of `text`: folded syllables and "a b" pairs of adjacent ones; and each
    folded syllable's accented form as written."""
    counts: Counter[str] = Counter()
    accented: dict[str, str] = {}
    for segment in tokens(text):
        for i, tok in enumerate(segment):
            counts[tok.folded] += 1
            accented.setdefault(tok.folded, tok.accented)
            if i:
                prev = segment[i - 1]
                pair = f"{prev.folded} {tok.folded}"
                counts[pair] += 1
                accented.setdefault(pair, f"{prev.accented} {tok.accented}")
    return counts, accented


def _has_marks(accented: str, folded: str) -> bool:
    return accented != folded


# ---- The query ----


@dataclass
class Query:
    """What is asked: its text, fields and place. Built from a demand, a follow-up request or a
    proposal by `query_for`."""

    text: str
    field: str = ""
    subfields: frozenset[str] = frozenset()
    unit_path: str = ""
    keywords: str = ""  # weighted like the text, twice

    def analysed(self) -> tuple[Counter[str], dict[str, str]]:
        counts, accented = terms(self.text)
        kw_counts, kw_accented = terms(self.keywords)
        for term, n in kw_counts.items():
            counts[term] += 2 * n
        for term, form in kw_accented.items():
            accented.setdefault(term, form)
        return counts, accented


def query_for(obj: Any) -> Query:
    """The query of a Demand, a meetings.FollowUp or a research.Proposal."""
    from khcn.experts.models import Demand, subfield_codes

    if isinstance(obj, Demand):
        return Query(
            text="\n".join([obj.title, obj.problem, obj.context]),
            keywords=obj.keywords,
            field=obj.field,
            subfields=frozenset(subfield_codes(obj.subfields)),
            unit_path=obj.unit.path if obj.unit_id else "",
        )
    model = obj._meta.label
    if model == "meetings.FollowUp":
        return Query(text=obj.text, unit_path=obj.unit.path if obj.unit_id else "")
    if model == "research.Proposal":
        unit = obj.unit if obj.unit_id else (obj.organisation.unit if obj.organisation_id else None)
        text = "\n".join([obj.title, obj.problem, obj.objectives, obj.products, obj.application_place])
        return Query(text=text, field=obj.field, unit_path=unit.path if unit else "")
    raise TypeError(f"cannot match a {model}")


# ---- The index ----


@dataclass
class Doc:
    pk: int
    name: str
    field: str
    subfields: frozenset[str]
    unit_id: int | None
    unit_path: str
    unit_name: str
    # Experts: public profile (consent and validated). Technologies: published, until expires_on.
    public: bool = False
    expires_on: date | None = None
    maturity: int = 0
    task_title: str = ""
    track: list[tuple[str, frozenset[str]]] = dataclasses.field(default_factory=list)


@dataclass
class Corpus:
    docs: list[Doc]
    # term → {doc index: BM25 weight}; accented syllable → doc indexes having it.
    postings: dict[str, dict[int, float]]
    exact: dict[str, set[int]]
    # folded term → its most common accented form in the corpus (for reasons).
    forms: dict[str, str]


def _bm25_postings(tfs: list[dict[str, float]], lengths: list[float]) -> dict[str, dict[int, float]]:
    n = len(tfs)
    avgdl = (sum(lengths) / n) if n else 1.0
    df: Counter[str] = Counter()
    for tf in tfs:
        df.update(tf.keys())
    idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
    postings: dict[str, dict[int, float]] = defaultdict(dict)
    for i, tf in enumerate(tfs):
        norm = K1 * (1 - B + B * lengths[i] / (avgdl or 1.0))
        for term, f in tf.items():
            weight = idf[term] * f * (K1 + 1) / (f + norm)
            if " " in term:
                weight *= BIGRAM_WEIGHT
            postings[term][i] = weight
    limit = max(50, int(MAX_DF_SHARE * n))
    kept: dict[str, dict[int, float]] = {}
    for term, posting in postings.items():
        if len(posting) > limit:
            continue
        if len(posting) > MAX_POSTINGS:
            posting = dict(heapq.nlargest(MAX_POSTINGS, posting.items(), key=itemgetter(1)))
        kept[term] = posting
    return kept


def _build(docs: list[Doc], texts: list[list[tuple[str, float]]]) -> Corpus:
    tfs: list[dict[str, float]] = []
    lengths: list[float] = []
    exact: dict[str, set[int]] = defaultdict(set)
    form_counts: dict[str, Counter[str]] = defaultdict(Counter)
    for i, parts in enumerate(texts):
        tf: dict[str, float] = defaultdict(float)
        length = 0.0
        for text, weight in parts:
            counts, accented = terms(text)
            for term, n in counts.items():
                tf[term] += weight * n
                if " " not in term:
                    length += weight * n
            for term, form in accented.items():
                form_counts[term][form] += 1
                if " " not in term and _has_marks(form, term):
                    exact[form].add(i)
        tfs.append(tf)
        lengths.append(length)
    forms = {t: c.most_common(1)[0][0] for t, c in form_counts.items()}
    return Corpus(docs=docs, postings=_bm25_postings(tfs, lengths), exact=dict(exact), forms=forms)


def _names(codes: Iterable[str]) -> str:
    from khcn.experts.fields import SUBFIELDS

    return " ".join(str(SUBFIELDS[c][1]) for c in codes if c in SUBFIELDS)


def _group_name(value: str) -> str:
    from khcn.research.models import ScienceField

    return str(ScienceField(value).label) if value in ScienceField.values else ""


def _title_terms(title: str) -> frozenset[str]:
    return frozenset(terms(title)[0])


def _build_experts() -> Corpus:
    """Every non-deleted expert (who may see which is decided per query): 4 queries."""
    from khcn.experts.models import Expert, ProfileStatus, subfield_codes
    from khcn.research.models import CouncilMember, ResearchTask, TaskMember, TaskMemberRole

    rows = list(
        Expert.objects.filter(deleted_at__isnull=True)
        .order_by("pk")
        .values_list(
            "pk",
            "full_name",
            "academic_title",
            "degree",
            "field",
            "subfields",
            "keywords",
            "profile",
            "publications",
            "patents",
            "organisation_name",
            "organisation__name",
            "unit_id",
            "unit__path",
            "unit__name",
            "public_consent",
            "status",
            "user_id",
            "name_folded",
        )
    )
    by_user: dict[int, list[tuple[str, frozenset[str]]]] = defaultdict(list)
    by_name: dict[str, list[tuple[str, frozenset[str]]]] = defaultdict(list)
    for title, pi in ResearchTask.objects.exclude(pi_user=None).values_list("title", "pi_user_id"):
        by_user[pi].append((title, _title_terms(title)))
    for title, name in TaskMember.objects.filter(role=TaskMemberRole.PI).values_list("task__title", "name"):
        by_name[fold(name)].append((title, _title_terms(title)))
    for cname, ptitle, ttitle, uid in CouncilMember.objects.values_list(
        "council__name", "council__proposal__title", "council__task__title", "user_id"
    ):
        title = ptitle or ttitle or cname
        by_user[uid].append((title, _title_terms(f"{cname} {title}")))
    docs: list[Doc] = []
    texts: list[list[tuple[str, float]]] = []
    for (
        pk,
        name,
        title,
        degree,
        fld,
        subs,
        kw,
        profile,
        pubs,
        patents,
        org_name,
        org,
        unit_id,
        path,
        unit_name,
        consent,
        status,
        user_id,
        name_folded,
    ) in rows:
        codes = frozenset(subfield_codes(subs))
        track = list(by_user.get(user_id, [])) if user_id else []
        seen = {t for t, _ in track}
        track += [t for t in by_name.get(name_folded, []) if t[0] not in seen]
        expert = Expert(full_name=name, academic_title=title, degree=degree)
        docs.append(
            Doc(
                pk=pk,
                name=expert.display_name,
                field=fld,
                subfields=codes,
                unit_id=unit_id,
                unit_path=path or "",
                unit_name=unit_name or "",
                public=bool(consent) and status == ProfileStatus.VALIDATED,
                track=track,
            )
        )
        values = {
            "keywords": kw,
            "fields": f"{_group_name(fld)} {_names(codes)}",
            "profile": profile,
            "publications": pubs,
            "patents": patents,
            "organisation": org or org_name,
        }
        texts.append([(values[f], w) for f, w in EXPERT_FIELDS])
    return _build(docs, texts)


def _build_technologies() -> Corpus:
    """Every non-deleted technology: 1 query."""
    from khcn.experts.models import OfferStatus, Technology, subfield_codes

    rows = (
        Technology.objects.filter(deleted_at__isnull=True)
        .order_by("pk")
        .values_list(
            "pk",
            "title",
            "field",
            "subfields",
            "keywords",
            "summary",
            "description",
            "proven_at",
            "owner_name",
            "owner_expert__full_name",
            "owner_organisation__name",
            "unit_id",
            "unit__path",
            "unit__name",
            "status",
            "expires_on",
            "maturity",
            "task__title",
        )
    )
    docs: list[Doc] = []
    texts: list[list[tuple[str, float]]] = []
    for (
        pk,
        title,
        fld,
        subs,
        kw,
        summary,
        desc,
        proven,
        owner_name,
        owner_expert,
        owner_org,
        unit_id,
        path,
        unit_name,
        status,
        expires_on,
        maturity,
        task_title,
    ) in rows:
        codes = frozenset(subfield_codes(subs))
        docs.append(
            Doc(
                pk=pk,
                name=title,
                field=fld,
                subfields=codes,
                unit_id=unit_id,
                unit_path=path or "",
                unit_name=unit_name or "",
                public=status == OfferStatus.PUBLISHED,
                expires_on=expires_on,
                maturity=maturity or 0,
                task_title=task_title or "",
            )
        )
        values = {
            "title": title,
            "keywords": kw,
            "fields": f"{_group_name(fld)} {_names(codes)}",
            "summary": summary,
            "description": desc,
            "proven_at": proven,
            "owner": owner_name or owner_expert or owner_org or "",
        }
        texts.append([(values[f], w) for f, w in TECH_FIELDS])
    return _build(docs, texts)


def data_version() -> tuple[Any, ...]:
    """The key of the data the index is built from: counts and latest update times of experts,
    technologies, research tasks, councils and council seats, in one query.

    Every save through the ORM moves updated_at (soft deletes too); hard deletes change a count.
    A bulk `QuerySet.update()` moves neither: code that changes these tables in bulk must touch
    updated_at as well."""
    from khcn.experts.models import Expert, Technology
    from khcn.research.models import Council, CouncilMember, ResearchTask, TaskMember

    qn = connection.ops.quote_name
    parts = []
    for model in (Expert, Technology, ResearchTask, Council):
        table = qn(model._meta.db_table)
        parts += [f"(SELECT COUNT(*) FROM {table})", f"(SELECT MAX(updated_at) FROM {table})"]
    for seat_model in (CouncilMember, TaskMember):
        table = qn(seat_model._meta.db_table)
        parts += [f"(SELECT COUNT(*) FROM {table})", f"(SELECT MAX(id) FROM {table})"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return (connection.alias, connection.settings_dict.get("NAME"), *(str(v) for v in row))


class _Index:
    """The per-process index: both corpora under the data version they were built from.

    A small index (up to `KHCN_MATCH_SYNC_REBUILD_DOCS` documents) is rebuilt in the request that
    finds it stale, a few milliseconds per hundred rows. A large one (tens of seconds at 30,000
    rows) is rebuilt by a background thread while requests go on ranking against the previous
    build; `match` then checks its suggestions against the database, so a profile whose consent
    was withdrawn or a record deleted since is never suggested, and new or edited rows take part
    once the thread is done.
    """

    thread_class: Any = threading.Thread  # tests run the rebuild when they join it

    def __init__(self) -> None:
        self.version: tuple[Any, ...] | None = None
        self.experts: Corpus | None = None
        self.technologies: Corpus | None = None
        self.lock = threading.Lock()
        self.rebuilding: threading.Thread | None = None

    def current(self) -> tuple[Corpus, Corpus, bool]:
        """The corpora, and whether they are older than the data (a rebuild is under way)."""
        from django.conf import settings

        version = data_version()
        with self.lock:
            if version == self.version and self.experts is not None and self.technologies is not None:
                return self.experts, self.technologies, False
            size = len(self.experts.docs) + len(self.technologies.docs) if self.experts and self.technologies else 0
            if self.experts is None or self.technologies is None or size <= settings.KHCN_MATCH_SYNC_REBUILD_DOCS:
                self.experts, self.technologies = _build_experts(), _build_technologies()
                self.version = version
                return self.experts, self.technologies, False
            if self.rebuilding is None or not self.rebuilding.is_alive():
                self.rebuilding = self.thread_class(target=self._rebuild, args=(version,), daemon=True)
                self.rebuilding.start()
            return self.experts, self.technologies, True

    def _rebuild(self, version: tuple[Any, ...]) -> None:
        try:
            experts, technologies = _build_experts(), _build_technologies()
            with self.lock:
                self.experts, self.technologies, self.version = experts, technologies, version
        finally:
            if threading.current_thread() is not threading.main_thread():
                connection.close()  # the thread's own connection

    def wait(self, timeout: float | None = None) -> None:
        """Until the background rebuild, if any, is done (tests and benchmarks)."""
        thread = self.rebuilding
        if thread is not None:
            thread.join(timeout)


INDEX = _Index()


# ---- Ranking ----


@dataclass
class Reason:
    kind: str  # "terms", "field", "subfield", "place", "track", "task", "maturity", "hidden"
    label: str


@dataclass
class Suggestion:
    kind: str  # "expert" or "technology"
    pk: int
    name: str
    score: float  # 0..1
    reasons: list[Reason]
    public: bool


@dataclass
class Matches:
    experts: list[Suggestion]
    technologies: list[Suggestion]


def _same_province(a: str, b: str) -> bool:
    return bool(a and b) and a.split("/", 1)[0] == b.split("/", 1)[0]


def _text_scores(corpus: Corpus, counts: Counter[str], accented: dict[str, str], allowed: Any) -> dict[int, float]:
    scores: dict[int, float] = defaultdict(float)
    for term, qtf in counts.items():
        postings = corpus.postings.get(term)
        if not postings:
            continue
        qweight = 1.0 + math.log(qtf)
        form = accented.get(term, term)
        exact = corpus.exact.get(form, ()) if " " not in term and _has_marks(form, term) else ()
        for i, w in postings.items():
            scores[i] += w * qweight
        if exact:
            bonus = qweight * EXACT_BONUS
            for i in exact if len(exact) < len(postings) else list(postings):
                if i in exact and i in postings:
                    scores[i] += postings[i] * bonus
    if allowed is None:
        return scores
    docs = corpus.docs
    return {i: s for i, s in scores.items() if allowed(docs[i])}


def _shared_terms(corpus: Corpus, i: int, counts: Counter[str], accented: dict[str, str]) -> list[str]:
    """The query's terms the document has, best first: syllable pairs that follow each other in
    the request are joined into one phrase ("nhiễm làng" + "làng nghề" → "nhiễm làng nghề"),
    then the lone syllables no phrase covers and that weigh enough to be a reason."""

    def form_of(term: str) -> str:
        form = accented.get(term)
        return form if form and _has_marks(form, term) else corpus.forms.get(term, term)

    weights = {term: w for term in counts if (w := corpus.postings.get(term, {}).get(i)) is not None}
    if not weights:
        return []
    strongest = max(weights.values())
    phrases: list[tuple[float, list[str], list[str]]] = []  # weight, folded and shown syllables
    for term in counts:  # the request's order
        if " " not in term or term not in weights:
            continue
        folded, shown = term.split(), form_of(term).split()
        last = phrases[-1] if phrases else None
        if last and last[1][-1] == folded[0] and len(shown) == 2:
            phrases[-1] = (last[0] + weights[term], [*last[1], folded[1]], [*last[2], shown[1]])
        else:
            phrases.append((weights[term], folded, shown))
    phrases.sort(key=lambda p: -p[0])
    out = [" ".join(shown) for _w, _f, shown in phrases]
    covered = {s for _w, folded, _s in phrases for s in folded}
    singles = sorted(
        ((w, term) for term, w in weights.items() if " " not in term and term not in covered),
        key=lambda x: -x[0],
    )
    for w, term in singles:
        if out and w < strongest * REASON_MIN_SHARE:
            continue
        out.append(form_of(term))
    return out[:6]


def _rank(
    corpus: Corpus,
    query: Query,
    counts: Counter[str],
    accented: dict[str, str],
    kind: str,
    allowed: Any,
    limit: int,
    listed: Any = None,
) -> list[Suggestion]:
    from khcn.experts.fields import subfield_label

    text = _text_scores(corpus, counts, accented, allowed)
    if not text:
        return []
    top = max(text.values())
    pool = heapq.nlargest(RERANK_POOL, text.items(), key=itemgetter(1))
    query_terms = frozenset(counts)
    ranked: list[tuple[float, int, list[Reason]]] = []
    for i, raw in pool:
        doc = corpus.docs[i]
        score = raw / top
        reasons: list[Reason] = []
        if query.field and doc.field == query.field:
            score += FIELD_GROUP_BONUS
            reasons.append(Reason("field", _group_name(doc.field)))
        shared = sorted(query.subfields & doc.subfields)[:MAX_SUBFIELDS]
        score += SUBFIELD_BONUS * len(shared)
        reasons += [Reason("subfield", subfield_label(c)) for c in shared]
        if query.unit_path and doc.unit_path:
            if doc.unit_path.startswith(query.unit_path) or (
                query.unit_path.startswith(doc.unit_path) and doc.unit_path.count("/") > 1
            ):
                score += SAME_COMMUNE_BONUS
                reasons.append(Reason("place", _("Same commune: %(unit)s") % {"unit": doc.unit_name}))
            elif _same_province(doc.unit_path, query.unit_path):
                score += SAME_PROVINCE_BONUS
                reasons.append(Reason("place", _("Same province: %(unit)s") % {"unit": doc.unit_name}))
        similar = [t for t, ts in doc.track if len(ts & query_terms) >= 3][:MAX_TRACK]
        score += TRACK_BONUS * len(similar)
        reasons += [Reason("track", t) for t in similar]
        if kind == "technology":
            if doc.task_title:
                score += TECH_TASK_BONUS
                reasons.append(Reason("task", doc.task_title))
            if doc.maturity > 5:
                score += TECH_MATURITY_BONUS * (doc.maturity - 5)
                reasons.append(Reason("maturity", _("Maturity TRL %(level)s") % {"level": doc.maturity}))
        ranked.append((score, i, reasons))
    ranked.sort(key=lambda x: (-x[0], corpus.docs[x[1]].pk))
    best = ranked[0][0] if ranked else 1.0
    out = []
    for score, i, reasons in ranked[:limit]:
        if score < best * MIN_SHARE_OF_BEST:
            break
        doc = corpus.docs[i]
        shown = [Reason("terms", t) for t in _shared_terms(corpus, i, counts, accented)]
        out.append(
            Suggestion(
                kind=kind,
                pk=doc.pk,
                name=doc.name,
                score=round(score / best, 3),
                reasons=shown + reasons,
                public=listed(doc) if listed else doc.public,
            )
        )
    return out


def sees_every_profile(user: Any) -> bool:
    """Department staff see every non-deleted profile and technology in matches: they keep the
    registry (the same rule as the expert list of helper A)."""
    from khcn.accounts.permissions import is_department_staff

    return bool(user is not None and user.is_authenticated and is_department_staff(user))


def match(*, query: Query, user: Any, limit: int | None = None, today: date | None = None) -> Matches:
    """The experts and technologies `user` may see, best first, for `query`.

    Everyone sees public profiles (consent and validated, Decree 13/2023/NĐ-CP) and listed
    technologies (published, not past expires_on); Department staff also the others. Costs one
    query, plus the rebuild of the index when the data changed."""
    from django.conf import settings

    limit = limit or settings.KHCN_MATCHES_SHOWN
    today = today or timezone.localdate()
    experts, technologies, stale = INDEX.current()
    counts, accented = query.analysed()
    everything = sees_every_profile(user)

    def expert_allowed(doc: Doc) -> bool:
        return doc.public

    def tech_allowed(doc: Doc) -> bool:
        return tech_listed(doc)

    def tech_listed(doc: Doc) -> bool:
        return doc.public and (doc.expires_on is None or doc.expires_on >= today)

    # Against a stale build, rank a few more and drop what the database no longer allows.
    wanted = limit * 2 if stale else limit
    found_experts = _rank(experts, query, counts, accented, "expert", None if everything else expert_allowed, wanted)
    found_techs = _rank(
        technologies, query, counts, accented, "technology", None if everything else tech_allowed, wanted, tech_listed
    )
    if stale:
        found_experts, found_techs = _still_allowed(found_experts, found_techs, everything=everything, today=today)
    return Matches(experts=found_experts[:limit], technologies=found_techs[:limit])


def _still_allowed(
    experts: list[Suggestion], technologies: list[Suggestion], *, everything: bool, today: date
) -> tuple[list[Suggestion], list[Suggestion]]:
    """The suggestions of a stale build that the database still allows (two queries)."""
    from khcn.experts.models import Expert, OfferStatus, ProfileStatus, Technology

    rows = Expert.objects.filter(pk__in=[s.pk for s in experts], deleted_at__isnull=True)
    if not everything:
        rows = rows.filter(public_consent=True, status=ProfileStatus.VALIDATED)
    keep_experts = set(rows.values_list("pk", flat=True))
    techs = Technology.objects.filter(pk__in=[s.pk for s in technologies], deleted_at__isnull=True)
    if not everything:
        techs = techs.filter(status=OfferStatus.PUBLISHED).exclude(expires_on__lt=today)
    keep_techs = set(techs.values_list("pk", flat=True))
    return [s for s in experts if s.pk in keep_experts], [s for s in technologies if s.pk in keep_techs]
