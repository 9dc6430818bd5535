"""Precision and recall of an extraction against a hand-written expected one, field by field.

List fields are matched one to one, greedily: two strings match when, diacritics folded,
one holds the other and the shorter is at least half the longer, or they share at least 70%
of their words (a sentence cut one word differently still counts). People match on the name
and the first title word of the role; figures on the digits of the value and the sentence.
Date and place are right or wrong.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from khcn.core.text import fold

LIST_FIELDS = ("units", "people", "figures", "products", "requests", "directives", "difficulties")


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


def same_text(a: str, b: str) -> bool:
    fa, fb = " ".join(_words(a)), " ".join(_words(b))
    if not fa or not fb:
        return fa == fb
    short, long = sorted((fa, fb), key=len)
    if short in long and len(short) >= 0.5 * len(long):
        return True
    wa, wb = set(fa.split()), set(fb.split())
    return len(wa & wb) / len(wa | wb) >= 0.7


def _role_head(role: str) -> str:
    words = _words(role)
    return " ".join(words[:2])


def same_person(a: dict[str, str], b: dict[str, str]) -> bool:
    return fold(a["name"]) == fold(b["name"]) and _role_head(a.get("role", "")) == _role_head(b.get("role", ""))


def same_figure(a: dict[str, str], b: dict[str, str]) -> bool:
    digits = re.findall(r"\d+", a["value"]) == re.findall(r"\d+", b["value"])
    return digits and same_text(a["sentence"], b["sentence"])


def same_unit(a: str, b: str) -> bool:
    return fold(a) == fold(b)


MATCHERS: dict[str, Callable[[Any, Any], bool]] = {
    "units": same_unit,
    "people": same_person,
    "figures": same_figure,
    "products": same_text,
    "requests": same_text,
    "directives": same_text,
    "difficulties": same_text,
}


@dataclass
class Count:
    true_positive: int = 0
    predicted: int = 0
    expected: int = 0

    def add(self, other: "Count") -> None:
        self.true_positive += other.true_positive
        self.predicted += other.predicted
        self.expected += other.expected

    @property
    def precision(self) -> float:
        return self.true_positive / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positive / self.expected if self.expected else 1.0


def match_count(predicted: Iterable[Any], expected: Iterable[Any], same: Callable[[Any, Any], bool]) -> Count:
    predicted, expected = list(predicted), list(expected)
    unused = list(range(len(predicted)))
    hits = 0
    for want in expected:
        for i in unused:
            if same(predicted[i], want):
                unused.remove(i)
                hits += 1
                break
    return Count(hits, len(predicted), len(expected))


def score(predicted: dict[str, Any], expected: dict[str, Any]) -> dict[str, Count]:
    """One `Count` per field of `manage.py ingest_text --json`; date and place count 1 each."""
    counts = {name: match_count(predicted[name], expected[name], MATCHERS[name]) for name in LIST_FIELDS}
    for name in ("date", "place"):
        right = predicted[name] == expected[name] or (
            predicted[name] is not None and expected[name] is not None and fold(predicted[name]) == fold(expected[name])
        )
        counts[name] = Count(int(right), 1, 1)
    return counts


def total(scores: Iterable[dict[str, Count]]) -> dict[str, Count]:
    summed: dict[str, Count] = {}
    for one in scores:
        for name, count in one.items():
            summed.setdefault(name, Count()).add(count)
    return summed
