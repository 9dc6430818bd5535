"""The date of the working session a text describes.

Dates are written "19/7/2024", "19-7-2024", "19.7.2024", "ngày 19 tháng 7 năm 2024", or without
the year ("Ngày 5-7", "sáng nay (12/3)"), or not at all ("Sáng nay, Sở tổ chức …": the day
the item was published). A text may also carry its publication date (a line holding little
else, or "Ngày đăng …") and the dates of documents it cites ("Chương trình số 20-CT/TU ngày
13/2/2018"); neither is the session's. Among the rest, the date of a sentence
that describes a meeting ("làm việc", "hội nghị", "tổ chức", "tại …") wins.
"""

import re
from dataclasses import dataclass
from datetime import date

from khcn.core.text import fold
from khcn.ingest.sentences import Sentence

_FULL = re.compile(r"(?<![\d/.-])(\d{1,2})\s?([/.-])\s?(\d{1,2})\s?\2\s?((?:19|20)\d{2})(?![\d/])")
_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+((?:19|20)\d{2}))?", re.IGNORECASE)
_YEARLESS = re.compile(
    r"(?:\b(?:ngày|sáng|chiều|tối|trưa|hôm nay|sáng nay|chiều nay|tối nay)\s*(?:ngày\s+)?\(?)"
    r"(\d{1,2})\s?[/-]\s?(\d{1,2})(?![\d/.-]*\d)(?!\s?[/.-]\s?\d)",
    re.IGNORECASE,
)
_DOCUMENT_BEFORE = re.compile(
    r"(?:[A-ZĐ]{2,}(?:-[A-ZĐa-z]+)*/[A-ZĐa-z-]+|\bsố\s+\S+|(?:Quyết định|Nghị quyết|Nghị định|Thông tư|Chỉ thị|"
    r"Kế hoạch|Công văn|Thông báo|Chương trình|Luật)[^,.;]{0,40})\s*(?:,\s*)?(?:ban hành\s+)?(?:ngày\s*)?$"
)
_PUBLICATION = re.compile(r"ngày đăng|đăng ngày|cập nhật|lượt xem|ngày xuất bản|\|\s*\d{1,2}:\d{2}", re.IGNORECASE)
_SESSION_WORDS = (
    "lam viec",
    "hoi nghi",
    "hoi thao",
    "toa dam",
    "cuoc hop",
    "buoi",
    "to chuc",
    "kiem tra",
    "khao sat",
    "doan cong tac",
    "dien ra",
    "tham du",
    "chu tri",
    "hop ",
    "tiep ",
)
_DEADLINE_BEFORE = re.compile(
    r"(?:trước|đến|hạn|chậm nhất|muộn nhất|kể từ|từ|sau|hết)\s+(?:ngày\s*)?$|trước\s+ngày\s*$", re.IGNORECASE
)
# Minutes state the session's time and place under labels.
_LABEL = re.compile(r"\s*(?:thời gian|ngày họp|ngày làm việc|thời điểm|vào lúc)\s*:", re.IGNORECASE)
_TODAY = re.compile(r"\b(?:(?:sáng|chiều|tối|trưa)\s+nay|hôm nay)\b", re.IGNORECASE)
_PLAN_YEAR = re.compile(r"kế hoạch[^.;]{0,80}?năm\s+((?:19|20)\d{2})", re.IGNORECASE)


@dataclass(frozen=True)
class DateMention:
    day: int
    month: int
    year: int | None
    sentence: Sentence
    kind: str  # "event", "publication", "document"
    score: int


def _valid(day: int, month: int, year: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _classify(sentence: Sentence, start: int) -> tuple[str, int]:
    text = sentence.text
    if _DOCUMENT_BEFORE.search(text[:start]):
        return "document", 0
    if _DEADLINE_BEFORE.search(text[:start]):
        return "deadline", 0
    if _LABEL.match(text):
        return "event", 9
    words = re.findall(r"[^\W\d_]+", text)
    if _PUBLICATION.search(text) or len(words) <= 3:
        return "publication", 0
    folded = fold(text)
    score = 1
    if any(word in folded for word in _SESSION_WORDS):
        score += 2
    if re.search(r"\btai\s", folded):
        score += 1
    if start < 25:
        score += 1
    return "event", score


def date_mentions(sentences: list[Sentence]) -> list[DateMention]:
    found: list[DateMention] = []
    for sentence in sentences:
        taken: list[tuple[int, int]] = []
        for match in _FULL.finditer(sentence.text):
            kind, score = _classify(sentence, match.start())
            found.append(DateMention(int(match[1]), int(match[3]), int(match[4]), sentence, kind, score))
            taken.append(match.span())
        for match in _WORDS.finditer(sentence.text):
            kind, score = _classify(sentence, match.start())
            year = int(match[3]) if match[3] else None
            found.append(DateMention(int(match[1]), int(match[2]), year, sentence, kind, score))
            taken.append(match.span())
        for match in _YEARLESS.finditer(sentence.text):
            if any(a <= match.start(1) < b for a, b in taken):
                continue
            kind, score = _classify(sentence, match.start())
            found.append(DateMention(int(match[1]), int(match[2]), None, sentence, kind, score))
    return found


def session_date(sentences: list[Sentence], text: str) -> tuple[date | None, Sentence | None]:
    """The session's date and the sentence it was read from, or (None, None)."""
    mentions = date_mentions(sentences)
    events = [m for m in mentions if m.kind == "event" and m.score >= 2]
    if not events:
        return _today(sentences, mentions)
    best = max(events, key=lambda m: (m.score, m.year is not None, -m.sentence.index))
    year = best.year or _infer_year(best, mentions, text)
    if year is None:
        return None, None
    day = _valid(best.day, best.month, year)
    return (day, best.sentence) if day else (None, None)


def _today(sentences: list[Sentence], mentions: list[DateMention]) -> tuple[date | None, Sentence | None]:
    """A news item that says only "sáng nay"/"hôm nay" of its session: the day it was published."""
    published = next((m for m in mentions if m.kind == "publication" and m.year), None)
    if published is None:
        return None, None
    for sentence in sentences:
        if _TODAY.search(sentence.text) and any(word in fold(sentence.text) for word in _SESSION_WORDS):
            day = _valid(published.day, published.month, published.year or 0)
            return (day, sentence) if day else (None, None)
    return None, None


def _infer_year(best: DateMention, mentions: list[DateMention], text: str) -> int | None:
    """A date written without its year: the publication's year (the year before when the
    day would fall after publication), another full date of an event, or the year before the
    plan year a session prepares ("kế hoạch … năm 2025")."""
    for kind in ("publication", "event"):
        for mention in mentions:
            if mention.kind == kind and mention.year:
                published = _valid(mention.day, mention.month, mention.year)
                candidate = _valid(best.day, best.month, mention.year)
                if kind == "publication" and published and candidate and candidate > published:
                    return mention.year - 1
                return mention.year
    plan = _PLAN_YEAR.search(text)
    return int(plan[1]) - 1 if plan else None
