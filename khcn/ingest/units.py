"""Administrative units named in a text, matched against the registry when one is given.

A unit is named after its type's prefix ("huyện Mê Linh", "thị xã Sơn Tây", "xã Tiến Thịnh"),
and a list shares one prefix ("các huyện Mê Linh, Đông Anh, Sóc Sơn và Gia Lâm"). Prefixes and
names are compared without diacritics, so "huyen Me Linh" is found too. With a registry
(`UnitDirectory`, built from `geo.AdminUnit`), a name must be a unit of the prefix's type and
the row chosen is the one in force on the session's date (a former district for a 2024
session); without one, names found by the pattern are reported as written.
"""

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from khcn.core.text import fold
from khcn.ingest.figures import count_at
from khcn.ingest.lexicon import PROVINCES, is_institution_word, is_surname
from khcn.ingest.sentences import Sentence
from khcn.ingest.textutil import capitalised_run, fold_keep_offsets

# Folded prefix → the unit types (geo.UnitType values) it names.
PREFIX_TYPES: dict[str, frozenset[str]] = {
    "thi xa": frozenset({"thi_xa"}),
    "tx.": frozenset({"thi_xa"}),
    "thi tran": frozenset({"thi_tran"}),
    "thanh pho": frozenset({"thanh_pho", "thanh_pho_tw"}),
    "tp.": frozenset({"thanh_pho", "thanh_pho_tw"}),
    "dac khu": frozenset({"dac_khu"}),
    "huyen": frozenset({"huyen"}),
    "quan": frozenset({"quan"}),
    "q.": frozenset({"quan"}),
    "xa": frozenset({"xa"}),
    "phuong": frozenset({"phuong"}),
    "p.": frozenset({"phuong"}),
    "tinh": frozenset({"tinh"}),
}
PROVINCE_TYPES = frozenset({"thanh_pho_tw", "tinh"})
DISTRICT_TYPES = frozenset({"huyen", "quan", "thi_xa", "thanh_pho"})
_PREFIX = re.compile(
    r"(?<![^\W\d_])(thi xa|thi tran|thanh pho|dac khu|huyen|quan|xa|phuong|tinh|tp\.|tx\.|q\.|p\.)"
    r"(?:\s*:\s*|\s+|(?<=\.))"
)
# "Hợp tác xã Nông nghiệp …" is a cooperative; "CỘNG HÒA XÃ HỘI CHỦ NGHĨA" (a document's
# heading, in capitals) and "xã hội chủ nghĩa" are the word "society".
_COOPERATIVE = re.compile(r"hop tac\s+$")
_NOT_A_UNIT = re.compile(r"xa\s+hoi\s+chu\s+nghia")
_SEPARATOR = re.compile(r"\s*(?:,\s*và|,|và)\s+")
# Each prefix as written with its marks: a word that folds like one but carries other marks is
# another word ("bình quân" is not "quận").
_PREFIX_SPELLING = {
    "thi xa": "thị xã", "thi tran": "thị trấn", "thanh pho": "thành phố", "dac khu": "đặc khu", "huyen": "huyện",
    "quan": "quận", "xa": "xã", "phuong": "phường", "tinh": "tỉnh",
}  # fmt: skip
# A number that ends a commune's name ("xã Sơn Kim 1", "phường 3"), not one that opens a count
# or a figure ("xã Yên Hòa 3 thôn", "1,5 tấn").
_NAME_NUMBER = re.compile(r" (\d{1,2})(?![\w/.,%-]|[.,]\d)")
# "các xã A, B và C": a list that the plural announces.
_PLURAL = re.compile(r"(?:cac|nhung)\s+$")


@dataclass(frozen=True)
class KnownUnit:
    id: int
    name: str
    unit_type: str
    label: str
    valid_from: date | None = None
    valid_to: date | None = None
    home: bool = True  # of the deployment's province (else of a province the text names)

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or self.valid_to >= day)


@dataclass
class UnitDirectory:
    """The registry's units by folded name, for matching names found in a text."""

    units: Iterable[KnownUnit]
    by_name: dict[str, list[KnownUnit]] = field(init=False)

    def __post_init__(self) -> None:
        self.by_name = defaultdict(list)
        for unit in self.units:
            self.by_name[fold(unit.name)].append(unit)

    def find(self, name: str, types: frozenset[str], on: date | None) -> KnownUnit | None:
        """The unit called `name` of one of `types`: in force on `on` if one is, else the latest.

        A name written with diacritics must carry the same ones ("Tiền Phong" is not "Tiên
        Phong"; "Hòa" and "Hoà" are the same); one written without any matches on its letters.
        """
        candidates = [u for u in self.by_name.get(fold(name), []) if u.unit_type in types]
        if not name.isascii():
            candidates = [u for u in candidates if marks(u.name) == marks(name)]
        # A name the deployment's province has is its unit, even when the text names another
        # province too (the default reading is kept); else the other province's.
        candidates = [u for u in candidates if u.home] or candidates
        if not candidates:
            return None
        if on is not None:
            in_force = [u for u in candidates if u.valid_on(on)]
            if in_force:
                return in_force[0]
        return max(candidates, key=lambda u: (u.valid_to is None, u.valid_to or date.min))


_PROVINCE_PREFIX = re.compile(r"(?:tinh|thanh pho|tp\.?)\s+$")


def provinces_named(text: str, provinces: Iterable[tuple[int, str]]) -> set[int]:
    """The provinces (id, name) the text names: after "tỉnh", "thành phố" or "TP." in any
    spelling, or alone written with capitals and the same diacritics ("Bắc Ninh", not "bắc
    ninh" nor "Bac Ninh" in a text written with diacritics)."""
    folded = fold_keep_offsets(text)
    plain = text.isascii()
    out = set()
    for pk, name in provinces:
        key = fold(name)
        if not key:
            continue
        for match in re.finditer(rf"(?<![^\W_]){re.escape(key)}(?![^\W_])", folded):
            written = text[match.start() : match.end()]
            prefixed = bool(_PROVINCE_PREFIX.search(folded[max(match.start() - 12, 0) : match.start()]))
            capitalised = all(word[:1].isupper() for word in written.split())
            same_marks = plain or marks(written) == marks(name)
            if capitalised and (prefixed or same_marks):
                out.add(pk)
                break
    return out


def marks(name: str) -> list[tuple[str, frozenset[str]]]:
    """Each syllable's letters and the set of its marks, so that the place of a tone mark
    ("hoà" or "hòa") does not matter but the marks themselves do."""
    out = []
    for syllable in name.lower().split():
        decomposed = unicodedata.normalize("NFD", syllable)
        letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        out.append((letters, frozenset(ch for ch in decomposed if unicodedata.combining(ch))))
    return out


@dataclass(frozen=True)
class UnitMention:
    name: str  # as written
    prefix: str  # the type's prefix as written ("huyện", "thị xã")
    types: frozenset[str]
    sentence: str
    unit: KnownUnit | None = None

    @property
    def key(self) -> tuple[str, str]:
        if self.unit is not None:
            return ("id", str(self.unit.id))
        group = "district" if self.types & DISTRICT_TYPES else "commune"
        return (group, fold(self.name))


def _name_length(tokens: list[str], types: frozenset[str], directory: UnitDirectory | None, on: date | None) -> int:
    """How many of the capitalised `tokens` form the unit's name (0: none): the longest name
    the registry knows, else the pattern's guess."""
    if directory is not None:
        for length in range(min(len(tokens), 5), 0, -1):
            if directory.find(" ".join(tokens[:length]), types, on):
                return length
    length = min(len(tokens), 4)
    # "huyện Phúc Thọ Kiều Trọng Sỹ": a person's name follows the unit's.
    for position in range(2, length):
        if is_surname(tokens[position]) and len(tokens) - position >= 2:
            return position
    return length


def _kept_in_list(text: str, end: int, tokens: list[str], listed: bool, unit: KnownUnit | None, known: bool) -> bool:
    """An item of a list whose first word also opens institutions' names ("Trung", "Thành",
    "Trường"): with a registry, kept when it is a unit of the list's type; without one, when the
    plural announced the list ("các xã …"), its name is short and holds no other institution word,
    and another item follows it."""
    if known:
        return unit is not None
    if not listed or len(tokens) > 3 or any(is_institution_word(t) for t in tokens[1:]):
        return False
    following = _SEPARATOR.match(text, end)
    return following is not None and text[following.end() : following.end() + 1].isupper()


def find_units(
    sentences: list[Sentence], *, directory: UnitDirectory | None = None, on: date | None = None
) -> list[UnitMention]:
    """Every district- or commune-level unit named, once each, in order of first mention."""
    found: dict[tuple[str, str], UnitMention] = {}
    for sentence in sentences:
        text = sentence.text
        folded = fold_keep_offsets(text)
        plain = text.isascii()
        for prefix in _PREFIX.finditer(folded):
            written = text[prefix.start() : prefix.end(1)]
            # "quan" of "cơ quan" is not "quận": a prefix without its marks counts only in a
            # sentence typed without any.
            if written.isascii() and not plain and written.lower() not in ("tp.", "tx.", "q.", "p."):
                continue
            if _NOT_A_UNIT.match(folded, prefix.start()) or _COOPERATIVE.search(folded, 0, prefix.start()):
                continue
            spelled = _PREFIX_SPELLING.get(prefix.group(1))
            if spelled and not written.isascii() and marks(written) != marks(spelled):
                continue
            listed = bool(_PLURAL.search(folded, max(prefix.start() - 8, 0), prefix.start()))
            types = PREFIX_TYPES[prefix.group(1)]
            pos = prefix.end()
            first = True
            while True:
                run = capitalised_run(text, pos, max_tokens=6)
                tokens = [m.group() for m in run]
                if not tokens:
                    break
                length = _name_length(tokens, types, directory, on)
                if length == 0:
                    break
                name = text[run[0].start() : run[length - 1].end()]
                end = run[length - 1].end()
                if length == len(tokens) and not tokens[-1].isdigit():
                    number = _NAME_NUMBER.match(text, end)
                    if number and not count_at(text, number.start(1)):
                        numbered = text[run[0].start() : number.end(1)]
                        if directory is None or directory.find(numbered, types, on):
                            name, end = numbered, number.end(1)
                unit = directory.find(name, types, on) if directory else None
                if (
                    not first
                    and is_institution_word(tokens[0], plain=plain)
                    and not _kept_in_list(text, end, tokens[:length], listed, unit, directory is not None)
                ):
                    break
                is_province = (
                    (unit.unit_type in PROVINCE_TYPES)
                    if unit
                    else (types <= PROVINCE_TYPES | {"thanh_pho"} or fold(name) in PROVINCES)
                )
                if not is_province:
                    mention = UnitMention(
                        name, text[prefix.start() : prefix.start() + len(prefix.group(1))], types, text, unit
                    )
                    found.setdefault(mention.key, mention)
                separator = _SEPARATOR.match(text, end)
                if separator is None or length < len(tokens) or _PREFIX.match(folded, separator.end()):
                    break
                pos = separator.end()
                first = False
    return list(found.values())
