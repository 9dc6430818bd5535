"""Vietnamese text helpers: NFC normalisation, diacritic folding, alphabetical sort keys.

DOMAIN.md §9: store NFC; match searches on a folded form (marks dropped, đ→d, casefolded);
sort by the 29-letter Vietnamese alphabet, where "đ" follows "d" and "ă", "â" follow "a".
The `search` app builds on these; they live in `core` so that `geo` can use them too.
"""

import re
import unicodedata

_SPACES = re.compile(r"[^\S\n]+")  # runs of spaces and tabs, not line breaks
_LINE_EDGES = re.compile(r" ?\n ?")
_BLANK_LINES = re.compile(r"\n{3,}")
# Control characters other than tab and line breaks: pasted from Word (vertical tab, form feed)
# they mean nothing in a text box, and an .xlsx cannot hold them.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Tone marks (combining) in dictionary order: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
# Letter-forming marks: breve (ă), circumflex (â ê ô), horn (ơ ư).
_SHAPES = {"\u0306": "1", "\u0302": "2", "\u031b": "3"}


def nfc(text: str | None) -> str:
    """Return `text` in Unicode NFC with surrounding and repeated spaces collapsed.

    Control characters other than tab and line breaks become spaces. Line breaks are kept (a
    paragraph typed in a text box stays a paragraph), with at most one blank line between
    paragraphs and no spaces at the ends of lines.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFC", _CONTROLS.sub(" ", text)).replace("\r\n", "\n").replace("\r", "\n")
    text = _LINE_EDGES.sub("\n", _SPACES.sub(" ", text))
    return _BLANK_LINES.sub("\n\n", text).strip()


def fold(text: str | None) -> str:
    """Fold Vietnamese text for matching: drop diacritics, map đ to d, casefold.

    fold("Mê Linh") == fold("me linh") == "me linh"; fold("Hòa") == fold("Hoà").
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return _SPACES.sub(" ", stripped.casefold()).strip()


def vi_sort_key(text: str | None) -> str:
    """Return an ASCII key whose plain ordering follows the Vietnamese alphabet.

    Each letter becomes its base letter plus a shape digit (a0 < ă a1 < â a2; d0 < đ d9);
    a space is "10", a digit "2<d>", anything else "11"; then "0" ends the letters and the
    tones follow as a secondary key, so "Ba" < "Bà" < "Ba Vì" < "Bác" < "Bắc". Only letters
    and digits are used, so the key orders the same under byte (C) and glibc/ICU collations, on SQLite and PostgreSQL.
    """
    if not text:
        return ""
    primary: list[str] = []
    tones: list[str] = []
    for ch in unicodedata.normalize("NFD", text.casefold()):
        if ch in _TONES:
            if tones:
                tones[-1] = _TONES[ch]
            continue
        if ch in _SHAPES:
            if primary:
                primary[-1] = primary[-1][0] + _SHAPES[ch]
            continue
        if unicodedata.category(ch) == "Mn":
            continue
        if ch == "đ":
            primary.append("d9")
        elif ch.isascii() and ch.isalpha():
            primary.append(ch + "0")
        elif ch.isascii() and ch.isdigit():
            primary.append("2" + ch)
        elif ch.isspace():
            primary.append("10")
        else:
            primary.append("11")
        tones.append("0")
    return "".join(primary) + "0" + "".join(tones)
