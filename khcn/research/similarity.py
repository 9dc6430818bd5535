"""Similar earlier tasks and proposals, to screen a proposal for duplicates.

Titles are compared folded (no diacritics, lower case, đ → d) by trigram similarity: in
PostgreSQL with pg_trgm, as a nearest-neighbour search on its GiST index (fast over tens of
thousands of tasks, however many look alike), elsewhere (SQLite) by the same measure computed
in Python. The threshold is a setting
(KHCN_SIMILARITY_THRESHOLD), since what counts as "the same task" is a judgement.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import F, FloatField, Func, QuerySet, Value

from khcn.core.text import fold
from khcn.research.models import Proposal, ResearchTask


def trigrams(text: str) -> set[str]:
    """pg_trgm's trigrams: each word padded with two spaces before and one after."""
    out: set[str] = set()
    for word in "".join(c if c.isalnum() else " " for c in fold(text)).split():
        padded = f"  {word} "
        out.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return out


def similarity(a: str, b: str) -> float:
    """Shared trigrams over all trigrams of both (0 to 1), as pg_trgm's similarity()."""
    ta, tb = trigrams(a), trigrams(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / len(ta | tb)


class _Distance(Func):
    """pg_trgm's distance operator, `a <-> b` (1 - similarity), which a GiST index can order by."""

    arg_joiner = " <-> "
    template = "(%(expressions)s)"
    output_field = FloatField()


@dataclass
class Match:
    kind: str  # "task" or "proposal"
    obj: Any
    score: float

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def ranked_by_title(qs: QuerySet[Any], title: str, threshold: float, limit: int) -> list[tuple[Any, float]]:
    """The rows of `qs` (a model with `title_folded`) whose titles look most like `title`, with
    their similarity, best first; initiatives screen themselves with it too."""
    folded = fold(title)
    if connection.vendor == "postgresql":
        # Nearest titles first by the trigram distance (1 - similarity), a GiST index scan.
        # Ordered by the distance alone: a tie-breaker would turn the index scan into a full sort.
        rows = qs.annotate(distance=_Distance(F("title_folded"), Value(folded))).order_by("distance")[:limit]
        return [(row, 1 - float(row.distance)) for row in rows if 1 - float(row.distance) >= threshold]
    scored = [(row, similarity(folded, row.title_folded)) for row in qs]
    scored = [pair for pair in scored if pair[1] >= threshold]
    scored.sort(key=lambda pair: (-pair[1], pair[0].pk))
    return scored[:limit]


def similar_to(*, title: str, exclude_proposal: int | None = None, limit: int = 5) -> list[Match]:
    """The earlier tasks and other proposals whose titles look most like `title`."""
    threshold = settings.KHCN_SIMILARITY_THRESHOLD
    tasks = ranked_by_title(ResearchTask.objects.all(), title, threshold, limit)
    proposals_qs = Proposal.objects.select_related("call", "unit", "organisation")
    if exclude_proposal:
        proposals_qs = proposals_qs.exclude(pk=exclude_proposal)
    proposals = ranked_by_title(proposals_qs, title, threshold, limit)
    matches = [Match("task", obj, score) for obj, score in tasks] + [
        Match("proposal", obj, score) for obj, score in proposals
    ]
    matches.sort(key=lambda m: -m.score)
    return matches[:limit]
