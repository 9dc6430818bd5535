"""People named with their role: "đồng chí Nguyễn Quốc Hà - Phó Giám đốc Sở …", "Chủ tịch UBND
huyện Ứng Hòa Nguyễn Tiến Thiết", "Đ/c Trưởng Phòng Kinh tế … Nguyễn Thị Thanh Tám".

A name is 2–5 capitalised syllables opening with a family name, or a name of the Central
Highlands written with an apostrophe ("K'Brơi"). Its role is the title phrase
written right after it (after a dash or a comma) or right before it; a name with neither a
role nor "đồng chí"/"ông"/"bà" before it (a by-line, a place) is left out.
"""

import re
from dataclasses import dataclass

from khcn.core.text import fold
from khcn.ingest.lexicon import PROVINCES, ROLE_WORDS, is_surname
from khcn.ingest.sentences import Sentence
from khcn.ingest.textutil import capitalised_run, fold_keep_offsets

_HONORIFIC = re.compile(r"(?:đồng chí|đ/c|ông|bà|anh|chị|ngài)\s*$", re.IGNORECASE)
# What ends a role written after the name.
_ROLE_END_WORDS = (
    r"\s(?:chủ trì|làm trưởng đoàn|làm trưởng|phát biểu|cho biết|nhấn mạnh|báo cáo|đề nghị|"
    r"yêu cầu|đánh giá|khẳng định|cho rằng|đề xuất|ghi nhận|lưu ý|chỉ đạo|và đồng chí|cùng|tham dự|đã|đồng thời|"
    r"tại|thông tin|trao đổi|chia sẻ|kiến nghị|mong muốn|giới thiệu|trình bày|và các|và lãnh đạo|dự)\b"
)
_ROLE_END = re.compile(r"[;.(:\n]|\s[-–]\s|" + _ROLE_END_WORDS, re.IGNORECASE)
# A role written before a name runs straight into it: one of these words between the title
# and the name ("Trưởng phòng … cùng các chuyên gia của Viện …") puts them in two clauses.
_ROLE_BREAK = re.compile(_ROLE_END_WORDS, re.IGNORECASE)
# What starts the clause a role written before the name belongs to.
_CLAUSE_START = re.compile(r"(?:[;.:,\n]|\s[-–]\s|\b(?:đồng chí|Đồng chí|Đ/c|đ/c|ông|bà|Ông|Bà|theo|Theo)\b)\s*")
_ROLE_FOLDED = tuple(ROLE_WORDS)
_UNIT_PREFIX = re.compile(r"(?:huyen|quan|xa|phuong|thi tran|tinh|thanh pho|tp\.?)[\s:,]*$")
# Capitalised words of titles and bodies, as written ("Thứ" of Thứ trưởng is not the name "Thu").
_NOT_NAME = frozenset(
    [
        "Giám",
        "Chủ",
        "Phó",
        "Trưởng",
        "Sở",
        "UBND",
        "HĐND",
        "Bí",
        "Thứ",
        "Bộ",
        "Cục",
        "Viện",
        "Hiệu",
        "Chánh",
        "Tổng",
        "Ủy",
        "Uỷ",
        "Phòng",
        "Ban",
        "Đảng",
    ]
)


def _is_highlands_name(token: str) -> bool:
    """ "K'Brơi", "H'Hen": a short capitalised head, an apostrophe, a capitalised name (a place
    is often written "Ea H'leo", lower-case after the mark)."""
    parts = re.split(r"['’]", token)
    return len(parts) == 2 and 1 <= len(parts[0]) <= 3 and all(part.isalpha() and part[0].isupper() for part in parts)


@dataclass(frozen=True)
class Person:
    name: str
    role: str
    sentence: str


def _name_in_run(tokens: list[str]) -> tuple[int, int] | None:
    """(start, end) of the person's name among a run of capitalised tokens, if there is one."""
    folded = [fold(t) for t in tokens]
    starts = [i for i, t in enumerate(tokens) if is_surname(t) and not any(w in _NOT_NAME for w in tokens[i : i + 2])]
    inside_place = -1
    for i in starts:
        rest = len(tokens) - i
        # Skip a leading place name ("Hà Nội Nguyễn Quốc Hà", "Lâm Đồng Trần Văn Hiệp").
        if i <= inside_place:
            continue
        if rest > 2 and " ".join(folded[i : i + 2]) in PROVINCES:
            inside_place = i + 1
            continue
        if rest > 4 and any(j > i + 1 and len(tokens) - j >= 2 for j in starts):
            continue
        if " ".join(folded[i:]) in PROVINCES:
            continue
        if 2 <= rest <= 5 and not any(w in _NOT_NAME for w in tokens[i:]):
            return i, len(tokens)
    # Names of the Central Highlands have no Kinh family name and carry an apostrophe
    # ("K'Brơi", "Ka H'Rin"): from the first such word to the end of the run.
    for i, token in enumerate(tokens):
        if _is_highlands_name(token) and len(tokens) - i <= 4 and not any(w in _NOT_NAME for w in tokens[i:]):
            return i, len(tokens)
    return None


def _role_at(folded: str, pos: int) -> str | None:
    for word in _ROLE_FOLDED:
        if folded.startswith(word, pos) and (pos + len(word) >= len(folded) or not folded[pos + len(word)].isalnum()):
            return word
    return None


def _role_after(text: str, folded: str, end: int) -> str:
    lead = re.match(r"\s*(?:[-–,]|\(|là)\s*", text[end:])
    if lead is None:
        return ""
    start = end + lead.end()
    if _role_at(folded, start) is None:
        return ""
    stop = _ROLE_END.search(text, start)
    role = text[start : stop.start() if stop else len(text)]
    if "(" in lead.group():
        role = role.split(")", 1)[0]  # "ông Vi Văn Sơn (Giám đốc HTX …) và …"
    # A comma followed by a lower-case word that opens no title ends the role too.
    for comma in re.finditer(r",\s*", role):
        after = comma.end()
        if after < len(role) and role[after].islower() and _role_at(fold_keep_offsets(role), after) is None:
            role = role[: comma.start()]
            break
    return role.strip(" ,")


_ACADEMIC = re.compile(r"(?:(?:PGS|GS)\.\s?TS|PGS|GS|TS|ThS|KS|BS|NCS)\.?\s*$")


def _role_before(text: str, folded: str, start: int) -> str:
    academic = _ACADEMIC.search(text[:start])
    if academic and (academic.start() == 0 or not text[academic.start() - 1].isalnum()):
        return academic.group().strip()
    window_start = 0
    for match in _CLAUSE_START.finditer(text, 0, start):
        if match.end() <= start:
            window_start = match.end()
    for pos in range(window_start, start):
        if (pos == window_start or not folded[pos - 1].isalnum()) and _role_at(folded, pos):
            if _ROLE_BREAK.search(text, pos, start):
                continue
            return text[pos:start].strip(" ,")
    return ""


def find_people(sentences: list[Sentence]) -> list[Person]:
    """Every person named with a role (or addressed as "đồng chí"), once each, first role kept."""
    found: dict[str, Person] = {}
    for sentence in sentences:
        text = sentence.text
        folded = fold_keep_offsets(text)
        pos = 0
        while pos < len(text):
            run = capitalised_run(text, pos, allow_digit_first=False)
            if not run or (pos > 0 and text[pos - 1].isalnum()):
                pos += 1
                continue
            span = _name_in_run([m.group() for m in run])
            if span is None:
                pos = run[-1].end()
                continue
            if span[0] == 0 and _UNIT_PREFIX.search(folded[: run[0].start()]):
                pos = run[-1].end()  # "huyện Đông Anh": a unit, not a person
                continue
            first, last = run[span[0]], run[span[1] - 1]
            name = text[first.start() : last.end()]
            if name.isupper() and len(name.replace(" ", "")) > 3:
                pos = run[-1].end()  # a heading or signature block in capitals ("UBND XÃ KIM LIÊN")
                continue
            role = _role_after(text, folded, last.end())
            after = text.find(role, last.end()) + len(role) if role else last.end()
            role = role or _role_before(text, folded, first.start())
            if role or _HONORIFIC.search(text[: first.start()]):
                key = fold(name)
                if key not in found or (role and not found[key].role):
                    found[key] = Person(name, role, text)
            # The words of a role written after the name are not read again as another person
            # ("ông Lê Tú - Giám đốc Hợp tác xã Hoàng Trù").
            pos = after
    return list(found.values())
