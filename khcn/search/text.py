"""Words, folded forms and highlighted snippets for the search.

Matching is on folded words (`khcn.core.text.fold`); a snippet is cut from the original text and
the words are marked where their folded form matched, so "o nhiem" marks "ô nhiễm". Positions
are mapped character by character between the original and its folded form, and every piece of
the original is escaped before the <mark> tags are put around it.
"""

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from khcn.core.text import fold, nfc

WORD = re.compile(r"[^\W_]+")
WORD_MAX = 40  # longer "words" (hashes, URLs) are not kept in the vocabulary
TEXT_MAX = 20_000  # characters of a record's text that are indexed and shown


def words(text: str | None) -> list[str]:
    """The folded words of `text`, in order: words("Ô nhiễm, làng nghề") == ["o", "nhiem", "lang", "nghe"]."""
    return WORD.findall(fold(text))


def folded_field(text: str | None) -> str:
    """The stored folded form: the words with one space between them and one at each end."""
    found = words(text)
    return f" {' '.join(found)} " if found else ""


PAIR = "1"  # joins two adjacent words into one token of the full-text index: "o1nhiem"


def pair_tokens(found: Sequence[str]) -> list[str]:
    """Each word joined to the next: pair_tokens(["o", "nhiem", "lang"]) == ["o1nhiem", "nhiem1lang"]."""
    return [f"{a}{PAIR}{b}" for a, b in pairwise(found)]


def pairs_field(*folded: str) -> str:
    """The stored word pairs of folded fields (pairs never span two fields), space-separated:
    what makes a phrase one cheap lookup in PostgreSQL's full-text index."""
    return " ".join(p for text in folded for p in pair_tokens(text.split()))


def exact_forms(query: str) -> list[str]:
    """The query as typed (NFC, lower case) and capitalised, as it may begin a title or sentence:
    an "exact-diacritic" hit is one of these in the unfolded text."""
    typed = nfc(query).lower()
    if not typed:
        return []
    return list(dict.fromkeys([typed, typed[:1].upper() + typed[1:]]))


@lru_cache(maxsize=8192)
@lru_cache(maxsize=8192)  # a text's distinct characters are few, and the same from page to page
def _fold_char(ch: str) -> str:
    decomposed = unicodedata.normalize("NFD", ch)
    base = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return base.replace("đ", "d").replace("Đ", "D").casefold()


def _folded_with_positions(text: str) -> tuple[str, Sequence[int]]:
    """`text` folded, and for each folded character the index of the original one it came from."""
    table = {ord(ch): _fold_char(ch) for ch in set(text)}
    if all(len(folded) == 1 for folded in table.values()):
        # Every character folds to one (NFC text, as the index stores it): one C-speed pass,
        # and the positions are the characters' own.
        return text.translate(table), range(len(text))
    out: list[str] = []
    positions: list[int] = []
    for i, ch in enumerate(text):
        for c in _fold_char(ch):
            out.append(c)
            positions.append(i)
    return "".join(out), positions


def _spans(text: str, terms: Sequence[str], prefix_last: bool) -> list[tuple[int, int]]:
    """(start, end) in `text` of every whole-word hit of a folded term (the last one as a prefix)."""
    folded, positions = _folded_with_positions(text)
    spans: list[tuple[int, int]] = []
    for n, term in enumerate(terms):
        tail = "" if prefix_last and n == len(terms) - 1 else r"(?![^\W_])"
        for hit in re.finditer(r"(?<![^\W_])" + re.escape(term) + tail, folded):
            end = positions[hit.end() - 1] + 1
            while end < len(text) and unicodedata.category(text[end]) == "Mn":
                end += 1  # never split a letter from its marks (NFD input)
            spans.append((positions[hit.start()], end))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, terms: Sequence[str], *, prefix_last: bool = True, width: int | None = None) -> SafeString:
    """`text` escaped, with <mark> around the words matching `terms` (folded query words).

    With `width`, a window of about that many characters around the first hit, with "…" where
    it was cut.
    """
    spans = _spans(text, terms, prefix_last) if terms else []
    start, end = 0, len(text)
    if width is not None and len(text) > width:
        first = spans[0][0] if spans else 0
        start = max(0, first - width // 4)
        if start:
            space = text.rfind(" ", 0, start)
            start = space + 1 if space >= 0 and start - space < 20 else start
        end = min(len(text), start + width)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > start else end
    pieces: list[str] = ["…" if start else ""]
    at = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        pieces += [escape(text[at:s]), "<mark>", escape(text[s:e]), "</mark>"]
        at = e
    pieces += [escape(text[at:end]), "…" if end < len(text) else ""]
    return mark_safe("".join(pieces))


def vocabulary_words(*texts: str) -> set[str]:
    """The distinct folded words of `texts` worth keeping for typo correction (letters only)."""
    found: set[str] = set()
    for text in texts:
        found.update(w for w in text.split() if 2 <= len(w) <= WORD_MAX and w.isalpha())
    return found


def clip(text: str, limit: int = TEXT_MAX) -> str:
    return text if len(text) <= limit else text[:limit]
