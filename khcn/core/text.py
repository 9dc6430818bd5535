"""Vietnamese text helpers: NFC normalisation, diacritic folding, alphabetical sort keys.

DOMAIN.md §9: store NFC; match searches on a folded form (marks dropped, đ→d, casefolded);
sort by the 29-letter Vietnamese alphabet, where "đ" follows "d" and "ă", "â" follow "a".
The `search` app builds on these; they live in `core` so that `geo` can use them too.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")

# Tone marks (combining) in dictionary order: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
# Letter-forming marks: breve (ă), circumflex (â ê ô), horn (ơ ư).
_SHAPES = {"\u0306": "1", "\u0302": "2", "\u031b": "3"}


def nfc(text: str | None) -> str:
    """Return `text` in Unicode NFC with surrounding and repeated spaces collapsed."""
    if not text:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


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
    tones are a secondary key appended at the end, so "Ba" < "Bà" < "Bác" < "Bắc".
    The key compares the same way on SQLite and PostgreSQL whatever their collation.
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
        elif ch.isalnum() and ch.isascii():
            primary.append(ch + "0")
        elif ch.isspace():
            primary.append(" ")
        else:
            primary.append(ch.encode("ascii", "ignore").decode() or "~")
        tones.append("0")
    return "".join(primary) + "|" + "".join(tones)
