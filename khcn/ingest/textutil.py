"""Small helpers over Vietnamese text: a folded copy that keeps offsets, capitalised runs.

A word may hold an apostrophe between letters: names of the Central Highlands and the north
are written so ("phường B'Lao", "ông K'Brơi", "Đắk R'lấp"), and the apostrophe does not split them.
"""

import re
import unicodedata

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def fold_keep_offsets(text: str) -> str:
    """`text` lower-cased without diacritics (đ→d), one character for each character of `text`,
    so that a match found in the folded copy has the same offsets in the original."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[0].lower()
        if base == "đ":
            base = "d"
        out.append(base if len(base) == 1 else ch)
    return "".join(out)


def is_capitalised(token: str) -> bool:
    return bool(token) and (token[0].isupper() or token[0].isdigit())


def capitalised_run(text: str, pos: int, *, max_tokens: int = 8, allow_digit_first: bool = True) -> list[re.Match[str]]:
    """The capitalised words starting at `pos`, joined by single spaces ("Mê Linh", "Quận 1")."""
    run: list[re.Match[str]] = []
    while len(run) < max_tokens:
        match = _WORD.match(text, pos)
        if match is None:
            break
        token = match.group()
        if not (token[0].isupper() or (allow_digit_first and not run and token.isdigit() and len(token) <= 3)):
            break
        run.append(match)
        pos = match.end()
        if text[pos : pos + 1] != " ":
            break
        pos += 1
    return run


def words(text: str) -> list[re.Match[str]]:
    return list(_WORD.finditer(text))
