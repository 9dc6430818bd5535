"""Splitting Vietnamese press text into paragraphs and sentences.

A full stop ends a sentence only when a capital letter, a digit or an opening quote follows
after a space, and the word before it is not an abbreviation ("TP.", "Q.", "TS.", an initial)
nor the number that opens a line of minutes ("2. Khó khăn, vướng mắc", "II. KẾT LUẬN").
Decimals ("12.422", "3,5") have no space after the mark, so they never split. Each line is a
paragraph: headlines and captions have no full stop of their own.
"""

import re
from dataclasses import dataclass

from khcn.core.text import nfc

# Words written with a full stop that do not end a sentence (compared lower-cased).
ABBREVIATIONS = frozenset(
    {
        "tp", "q", "p", "h", "x", "tx", "tt", "ts", "ths", "pgs", "gs", "bs", "ks", "cn", "th", "kts",
        "ttg", "ubnd", "st", "tr", "nxb", "no", "v.v", "vv", "ông", "bà", "đ/c", "đc", "pgs.ts", "gs.ts",
        "ts.bs", "bs.ckii", "bs.cki", "mr", "mrs", "dr", "tel", "đt",
    }
)  # fmt: skip
_BREAK = re.compile(r"[.!?…]+[\"”’)\]]*\s+")
_LIST_MARKER = re.compile(r"\s*(?:\d{1,2}(?:\.\d{1,2})*|[IVXLC]{1,6}|[a-zđ])")
# Lines after which a news page lists other articles: not part of the text.
_TRAILERS = re.compile(
    r"^\s*(có thể bạn quan tâm|tin khác|tin liên quan|bài viết liên quan|nên xem|xem thêm|tin cùng chuyên mục"
    r"|các tin khác|tin mới|đọc thêm)\s*:?\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Sentence:
    text: str
    paragraph: int  # index of the paragraph (line) it belongs to
    index: int  # index among all sentences


def clean_text(text: str) -> str:
    """NFC text with the related-articles trailer of a news page cut off."""
    lines = nfc(text).split("\n")
    for number, line in enumerate(lines):
        if number > 2 and _TRAILERS.match(line):
            lines = lines[:number]
            break
    return "\n".join(lines)


def _ends_sentence(text: str, start: int, end: int) -> bool:
    following = text[end : end + 2]
    if not following:
        return True
    first = following.lstrip('"“‘([')[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    if text[start:end].strip().rstrip('"”’)]') != ".":
        return True  # "?", "!", "…", "..." always end one
    if _LIST_MARKER.fullmatch(text[:start]):
        return False  # "2. Khó khăn, vướng mắc", "II. KẾT LUẬN": a numbered line's marker
    word = re.search(r"(\S+)$", text[:start])
    if word is None:
        return True
    token = word.group(1).lstrip('"“‘(').lower()
    return not (token in ABBREVIATIONS or (len(token) == 1 and token.isalpha()))


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of `text`, each with its paragraph; empty lines are dropped."""
    sentences: list[Sentence] = []
    for paragraph, line in enumerate(clean_text(text).split("\n")):
        line = line.strip()
        if not line:
            continue
        start = 0
        for match in _BREAK.finditer(line):
            if _ends_sentence(line, match.start(), match.end()):
                piece = line[start : match.end()].strip()
                if piece:
                    sentences.append(Sentence(piece, paragraph, len(sentences)))
                start = match.end()
        piece = line[start:].strip()
        if piece:
            sentences.append(Sentence(piece, paragraph, len(sentences)))
    return sentences
