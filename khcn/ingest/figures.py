"""Indicator figures: percentages ("87%", "72,5%"), ratios ("5/18"), counts with what they count
("12.422 đơn", "7 sản phẩm"), ranges of either ("20–25%", "3-5 tỷ đồng"), each with its sentence
and the indicator it likely belongs to.

The indicator is the programme indicator whose name shares the most words with the sentence
(diacritics folded, common words left out), when it shares at least two and half its words.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from khcn.core.text import fold
from khcn.ingest.sentences import Sentence

_NUMBER = r"\d{1,3}(?:[.,]\d{1,2})?"
# "87%", "72,5%", and a range "20–25%" or "20%-25%" as one figure.
_PERCENT = re.compile(rf"(?<![\w.,])(?:{_NUMBER}\s?%?\s?[-–]\s?)?{_NUMBER}\s?%")
_RATIO = re.compile(r"(?<![\w/.,:-])(\d{1,5})/(\d{1,5})(?![\w/]|[.,]\d)")
# What a count counts, longest first: a unit of measure (mass, volume, area, length, energy,
# money) or the head of a countable noun phrase of administrative and S&T reporting (bodies and
# establishments, people, documents and works, animals, plants and things with their
# classifiers). Periods ("6 tháng", "năm") are not among them: they are durations, not amounts.
MEASURES = (
    "tấn", "tạ", "yến", "kg", "kilôgam", "gam", "lít", "ml", "m3", "m³", "ha", "hecta", "héc-ta", "hécta",
    "m2", "m²", "km2", "km²", "sào", "mẫu", "công", "km", "mét", "cm", "mm", "kW", "kWh", "MW", "MWh", "MWp",
    "tỷ đồng", "triệu đồng", "nghìn đồng", "ngàn đồng", "đồng", "USD", "tỷ USD", "triệu USD", "lần",
)  # fmt: skip
COUNT_NOUNS = sorted(
    (
        *MEASURES,
        # bodies and establishments
        "doanh nghiệp", "hợp tác xã", "tổ hợp tác", "tổ", "nhóm", "hộ", "hộ dân", "hộ gia đình", "xã", "phường",
        "thị trấn", "thôn", "bản", "ấp", "tổ dân phố", "làng nghề", "trường", "cơ sở", "tổ chức",
        "cửa hàng", "siêu thị", "chợ", "nhà máy", "trang trại", "gian hàng", "điểm", "trạm", "đài",
        "phòng thí nghiệm", "startup", "cơ quan", "công ty",
        # people
        "người", "lượt", "học viên", "cán bộ", "công chức", "chuyên gia", "nhà khoa học", "hội viên",
        "thành viên", "xã viên", "lao động", "công nhân", "nông dân", "kỹ thuật viên", "sinh viên", "học sinh",
        # documents, works, tasks
        "sản phẩm", "nhiệm vụ", "đề tài", "dự án", "đề án", "đơn", "hồ sơ", "thủ tục", "mô hình", "nhãn hiệu",
        "chỉ dẫn địa lý", "sáng kiến", "sáng chế", "văn bằng", "bằng độc quyền", "lớp", "công trình",
        "bài báo", "kiến nghị", "giải pháp", "tiêu chuẩn", "quy trình", "thiết bị", "công nghệ", "camera",
        "ứng dụng", "dịch vụ công", "hội thảo", "khóa", "buổi", "chứng nhận", "giấy chứng nhận", "văn bản",
        "hợp đồng", "tin", "bài",
        # animals, plants and things, with their classifiers
        "giống", "cây", "con", "đàn", "cá thể", "thùng", "quả", "chiếc", "bộ", "máy", "lồng", "ao", "bè",
    ),
    key=len,
    reverse=True,
)  # fmt: skip
_AMOUNT = r"(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?"
# A measure per another ("80-100 kg/ha", "1,3 triệu đồng/lít") is one figure.
_PER = (
    r"(?:\s?/\s?(?:"
    + "|".join(re.escape(n) for n in sorted(MEASURES, key=len, reverse=True))
    + r"|con|cây|hộ|người|năm|tháng|ngày|vụ)(?!\w))?"
)
_COUNT = re.compile(
    rf"(?<![\w.,/-])({_AMOUNT})(?:\s?[-–]\s?{_AMOUNT})?\s?(?:"
    + "|".join(re.escape(n) for n in COUNT_NOUNS)
    + r")(?![\w²³-])"
    + _PER,
    re.IGNORECASE,
)
# Not counts of an indicator: a year, a date, a number of a text or of a programme's name ("Đề
# án 1 triệu héc-ta"), an ordinal, and the units a new commune was formed of ("trên cơ sở sắp xếp
# 3 xã").
_NOT_COUNT_BEFORE = re.compile(
    r"(?:năm|ngày|tháng|số|khóa|kỳ|lần thứ|thứ|điều|khoản|mục|giai đoạn|quý|sắp xếp|sáp nhập|hợp nhất|đề án|"
    r"chương trình|nghị quyết|nghị định|quyết định|thông tư|quốc lộ|tỉnh lộ|hotline|điện thoại|đt|"
    r"số điện thoại)\s*:?\s*$",
    re.IGNORECASE,
)
_STOPWORDS = frozenset(
    [
        "cua",
        "cac",
        "va",
        "la",
        "duoc",
        "tren",
        "dia",
        "ban",
        "so",
        "ty",
        "le",
        "nam",
        "co",
        "cho",
        "trong",
        "the",
        "nhung",
        "mot",
        "voi",
        "theo",
        "ve",
        "tu",
        "den",
        "da",
        "thuc",
        "hien",
    ]
)


def count_at(text: str, start: int) -> bool:
    """A count of a measure or of a countable noun opens at `start` ("3 thôn", "1,5 tấn")."""
    return _COUNT.match(text, start) is not None


@dataclass(frozen=True)
class IndicatorRef:
    id: int
    name: str
    code: str = ""


@dataclass(frozen=True)
class Figure:
    value: str
    sentence: str
    kind: str  # "percent", "ratio", "count"
    indicator: IndicatorRef | None = None


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", fold(text)) if w not in _STOPWORDS and not w.isdigit()}


def likely_indicator(sentence: str, indicators: Iterable[IndicatorRef]) -> IndicatorRef | None:
    said = _words(sentence)
    best: tuple[float, int, IndicatorRef] | None = None
    for indicator in indicators:
        wanted = _words(indicator.name)
        if not wanted:
            continue
        shared = len(wanted & said)
        share = shared / len(wanted)
        if shared >= 2 and share >= 0.5 and (best is None or (share, shared) > best[:2]):
            best = (share, shared, indicator)
    return best[2] if best else None


def find_figures(sentences: list[Sentence], *, indicators: Iterable[IndicatorRef] = ()) -> list[Figure]:
    """Every figure in reading order (the same value twice in two sentences is two figures)."""
    indicators = list(indicators)
    found: list[Figure] = []
    for sentence in sentences:
        text = sentence.text
        spans: list[tuple[int, int, str]] = []
        for match in _PERCENT.finditer(text):
            spans.append((match.start(), match.end(), "percent"))
        for match in _RATIO.finditer(text):
            numerator, denominator = int(match[1]), int(match[2])
            if 0 < denominator < 1900 and numerator <= denominator and not re.search(r"số\s*$", text[: match.start()]):
                spans.append((match.start(), match.end(), "ratio"))
        for match in _COUNT.finditer(text):
            if _NOT_COUNT_BEFORE.search(text[: match.start()]) or re.match(r"\s+vị\b", text[match.end() :]):
                continue
            if any(a <= match.start() < b for a, b, _ in spans):
                continue
            spans.append((match.start(), match.end(), "count"))
        for start, end, kind in sorted(spans):
            # The indicator is read in the clause of the figure first ("…100% trường học…;
            # 5/18 Đài truyền thanh…" quotes two indicators), then in the whole sentence.
            clause_start = text.rfind(";", 0, start) + 1
            clause_end = text.find(";", end)
            clause = text[clause_start : clause_end if clause_end >= 0 else len(text)]
            indicator = likely_indicator(clause, indicators) or likely_indicator(text, indicators)
            found.append(Figure(text[start:end], text, kind, indicator))
    return found
