"""Extraction of a working session's facts from the text of an article or minutes.

Plain rules over Vietnamese text, no network and no model: `extract(text)` splits the text
into sentences (sentences.py) and reads the session's date and place, the units named
(units.py, matched to the registry when a `UnitDirectory` is given), people with their roles
(people.py), figures (figures.py), products and marks (products.py), and the requests,
directives and difficulties (statements.py). Every item keeps the sentence it came from.
"""

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from khcn.core.text import fold
from khcn.ingest.dates import session_date
from khcn.ingest.figures import Figure, IndicatorRef, find_figures
from khcn.ingest.people import Person, find_people
from khcn.ingest.products import Product, find_products
from khcn.ingest.sentences import Sentence, split_sentences
from khcn.ingest.statements import Statement, classify
from khcn.ingest.units import UnitDirectory, UnitMention, find_units

_PLACE = re.compile(r"\b[Tt]ại\s+")
_PLACE_END = re.compile(r",|;|\.(?:\s|$)|\s(?:về|để|với|nhằm|theo|đã|cùng|do|và\s+(?:các|đại|lãnh))\s")
_PLACE_HEADS = (
    "tru so", "hoi truong", "phong hop", "nha van hoa", "khu ", "ubnd", "uy ban", "so ", "trung tam", "van phong",
    "truong", "vien", "cong ty", "hop tac xa", "xa ", "phuong ", "huyen ", "quan ", "thi xa", "thi tran",
    "thanh pho", "tinh ", "tp.", "tp ", "nha may", "trang trai", "lang ", "thon ", "dien ", "dinh ", "chua ",
    "benh vien", "khach san", "cung ", "toa nha", "dai hoc", "hoc vien", "cuc ", "bo ", "trai ", "vuon ",
)  # fmt: skip
_NOT_PLACE = ("hoi nghi", "buoi", "cuoc", "dien dan", "day", "dia phuong", "dia ban", "co so", "hoi thao", "toa dam",
              "ky hop", "phien", "thoi diem", "moi", "nhieu", "mot so", "cac ")  # fmt: skip
_PLACE_MORE = re.compile(
    r",\s*((?:thành phố|tỉnh|TP\.?|huyện|quận|thị xã|xã|phường)\s+[^\W\d_]+(?:\s[A-ZÀ-ỸĐ][^\W\d_]*){0,3})"
)


@dataclass
class Extraction:
    date: dt.date | None = None
    date_sentence: str = ""
    place: str | None = None
    place_sentence: str = ""
    units: list[UnitMention] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    products: list[Product] = field(default_factory=list)
    requests: list[Statement] = field(default_factory=list)
    directives: list[Statement] = field(default_factory=list)
    difficulties: list[Statement] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The shape `manage.py ingest_text --json` prints; strings as written in the text."""
        return {
            "date": self.date.isoformat() if self.date else None,
            "place": self.place,
            "units": [u.name for u in self.units],
            "people": [{"name": p.name, "role": p.role} for p in self.people],
            "figures": [{"value": f.value, "sentence": f.sentence} for f in self.figures],
            "products": [p.name for p in self.products],
            "requests": [s.text for s in self.requests],
            "directives": [s.text for s in self.directives],
            "difficulties": [s.text for s in self.difficulties],
        }


def _place_in(sentence: str) -> str | None:
    for match in _PLACE.finditer(sentence):
        rest = sentence[match.end() :]
        folded = fold(rest[:30]) + " "
        if folded.startswith(_NOT_PLACE) or not (rest[:1].isupper() or folded.startswith(_PLACE_HEADS)):
            continue
        if not folded.startswith(_PLACE_HEADS) and not rest[:1].isupper():
            continue
        end = _PLACE_END.search(rest)
        place = rest[: end.start() if end else len(rest)]
        more = _PLACE_MORE.match(rest, len(place))
        if more and fold(more.group(1)).split()[0] in ("thanh", "tinh", "tp", "tp."):
            place = rest[: more.end()]
        place = place.strip(" ,")
        if 2 <= len(place.split()) <= 16:
            return place
    return None


_PLACE_LABEL = re.compile(r"\s*(?:địa điểm|nơi họp|tại)\s*:\s*(.+?)[.;]?\s*$", re.IGNORECASE)


def _session_place(sentences: list[Sentence], date_sentence: Sentence | None) -> tuple[str | None, str]:
    for sentence in sentences:
        label = _PLACE_LABEL.match(sentence.text)
        if label and 1 <= len(label.group(1).split()) <= 20:
            return label.group(1), sentence.text
    ordered = ([date_sentence] if date_sentence else []) + [
        s for s in sentences[:12] if s is not date_sentence and re.search(r"làm việc|hội nghị|họp|tổ chức", s.text)
    ]
    for sentence in ordered:
        place = _place_in(sentence.text)
        if place:
            return place, sentence.text
    return None, ""


def extract(
    text: str, *, directory: UnitDirectory | None = None, indicators: Iterable[IndicatorRef] = ()
) -> Extraction:
    """Read a session's facts from `text` (an article or minutes)."""
    sentences = split_sentences(text)
    day, date_sentence = session_date(sentences, text)
    place, place_sentence = _session_place(sentences, date_sentence)
    people = find_people(sentences)
    statements = classify(sentences, speakers=[p.name for p in people if p.role])
    return Extraction(
        date=day,
        date_sentence=date_sentence.text if date_sentence else "",
        place=place,
        place_sentence=place_sentence,
        units=find_units(sentences, directory=directory, on=day),
        people=people,
        figures=find_figures(sentences, indicators=indicators),
        products=find_products(sentences),
        requests=_unique(s for s in statements if s.kind == "request"),
        directives=_unique(s for s in statements if s.kind == "directive"),
        difficulties=_unique(s for s in statements if s.kind == "difficulty"),
    )


def _unique(statements: Iterable[Statement]) -> list[Statement]:
    """Each text once (a headline often repeats the lead's sentence)."""
    seen: dict[str, Statement] = {}
    for statement in statements:
        seen.setdefault(fold(statement.text), statement)
    return list(seen.values())
