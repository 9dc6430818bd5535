"""Products and marks named in a text: "gạo nếp cái hoa vàng", "bưởi đỏ Đông Cao", "OCOP 3 sao".

Only sentences about products are read (they speak of a "sản phẩm", a mark, OCOP, a
geographical indication, a speciality or traceability). A product phrase starts with a noun
of farm produce, food or craft goods (rau, bưởi, gạo, bánh, gốm…), takes the lower-case words
that qualify it and may end with the capitalised name of its place; lists are split at
commas, semicolons and "và" (except right after a singular "sản phẩm", which names one
product: "sản phẩm bánh đa nem và mỳ bún"). A quoted name after "nhãn hiệu" or "sản phẩm" is
taken whole, and OCOP ratings as written ("OCOP 3 sao", "OCOP từ 3 đến 4 sao", "4 sao OCOP"). A
speciality whose noun the list lacks is still read when it is named "<words> <Place>" right
after "đặc sản"/"sản phẩm", after "và" or at the start of a clause ("sá sùng Vân Đồn").
"""

import re
from dataclasses import dataclass

from khcn.core.text import fold
from khcn.ingest.lexicon import is_institution_word, is_surname
from khcn.ingest.sentences import Sentence
from khcn.ingest.textutil import words

_CUES = (
    "san pham", "nhan hieu", "ocop", "chi dan dia ly", "dac san", "thuong hieu", "truy xuat", "hang hoa",
    "nong san", "mat hang",
)  # fmt: skip
# Nouns that open a product's name (lower-case, with diacritics: "hoa" is not "hóa").
HEADS = frozenset(
    [
        "rau",
        "củ",
        "quả",
        "mía",
        "quế",
        "hồi",
        "sen",
        "măng",
        "cau",
        "dừa",
        "bơ",
        "vú",
        "sữa",
        "bưởi",
        "cam",
        "quýt",
        "chanh",
        "nhãn",
        "vải",
        "xoài",
        "ổi",
        "na",
        "mít",
        "chuối",
        "dứa",
        "hồng",
        "táo",
        "lê",
        "đào",
        "mận",
        "mơ",
        "dưa",
        "gạo",
        "nếp",
        "lúa",
        "ngô",
        "khoai",
        "sắn",
        "lạc",
        "đậu",
        "vừng",
        "chè",
        "trà",
        "nấm",
        "sâm",
        "hoa",
        "gà",
        "vịt",
        "ngan",
        "ngỗng",
        "lợn",
        "bò",
        "dê",
        "cá",
        "tôm",
        "cua",
        "ốc",
        "mắm",
        "tương",
        "muối",
        "rượu",
        "bia",
        "giò",
        "chả",
        "nem",
        "bánh",
        "mỳ",
        "mì",
        "miến",
        "bún",
        "phở",
        "cốm",
        "kẹo",
        "mứt",
        "thịt",
        "trứng",
        "sữa",
        "gốm",
        "sứ",
        "lụa",
        "vải",
        "nón",
    ]
)
# Words after a head that make it something else ("đào tạo", "nhãn hiệu", "cá nhân").
_NOT_PRODUCT = frozenset(
    ("đào tạo", "nhãn hiệu", "nhãn mác", "cá nhân", "cam kết", "hồng ngoại", "chè chén", "lê thị", "na uy", "dê dại",
     "tương tác", "tương ứng", "tương đối", "tương lai", "hoa hồng", "muối mặt", "hương ước", "mì ăn", "lợn cợn",
     "hồ sơ", "mật khẩu", "lạc hậu", "lạc quan", "ngô nghê", "đậu xe", "tôm hùm đất", "bò sát", "bánh xe",
     "giò lụa", "gốm sứ", "vải vóc", "sơn mài", "mây tre", "tranh thủ", "tranh chấp", "tranh luận", "trà trộn",
     "chiếu sáng", "chiếu theo", "thêu dệt", "táo bạo", "sâm banh", "bia mộ", "rượu chè", "thịt chó", "hương thơm")
)  # fmt: skip
# Lower-case words that end a product phrase (function words), and pairs of words (verbs and
# nouns of the sentence around it: "… đạt chứng nhận", "… được xây dựng").
_STOP = frozenset(
    [
        "của",
        "cho",
        "tại",
        "và",
        "với",
        "theo",
        "trên",
        "được",
        "đã",
        "đang",
        "sẽ",
        "là",
        "có",
        "các",
        "những",
        "này",
        "đó",
        "gồm",
        "như",
        "để",
        "từ",
        "đến",
        "trong",
        "ở",
        "thuộc",
        "bằng",
        "vào",
        "ra",
        "về",
        "qua",
        "do",
        "nhằm",
        "phục",
        "tới",
        "sang",
        "đạt",
        "cấp",
        "năm",
        "sao",
        "ocop",
    ]
)
_STOP_PAIRS = frozenset(
    [
        "xây dựng",
        "phát triển",
        "quản lý",
        "bảo hộ",
        "đăng ký",
        "hỗ trợ",
        "nâng cao",
        "chất lượng",
        "giá trị",
        "sản xuất",
        "tiêu thụ",
        "xuất khẩu",
        "công nhận",
        "chứng nhận",
        "nhãn hiệu",
        "thương hiệu",
        "tập thể",
        "truy xuất",
        "chỉ dẫn",
        "địa lý",
        "trên địa",
        "đạt tiêu",
    ]
)
_OCOP = re.compile(
    r"OCOP\s+(?:đạt\s+)?(?:từ\s+)?\d(?:\s*(?:đến|-|–)\s*\d)?\s*sao|\d\s*sao\s+OCOP", re.IGNORECASE
)  # "OCOP 3 sao", "OCOP từ 3 đến 4 sao", "4 sao OCOP"
_QUOTED = re.compile(
    r"(?:nhãn hiệu|sản phẩm|thương hiệu|chỉ dẫn địa lý)[^\"“”.;]{0,20}[\"“]([^\"”]{3,60})[\"”]", re.IGNORECASE
)
_ACTIVITY_BEFORE = re.compile(
    r"\b(?:chế biến|sản xuất|trồng|nuôi|thu mua|thu hái|buôn bán|kinh doanh|bán)\s+$", re.IGNORECASE
)
_LOCATION_TAIL = re.compile(r",?\s*(?:của\s+)?(?:xã|phường|thị trấn|huyện|quận|thôn|làng)\s.*$", re.IGNORECASE)


@dataclass(frozen=True)
class Product:
    name: str
    sentence: str


def _is_cue_sentence(text: str) -> bool:
    folded = fold(text)
    return any(cue in folded for cue in _CUES)


def _phrases(text: str, spans: list[tuple[int, int]] | None = None) -> list[str]:
    """Product phrases in one sentence, as written (their offsets are added to `spans`)."""
    tokens = words(text)
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i].group()
        pair = " ".join(t.group().lower() for t in tokens[i : i + 2])
        head = token.lower()
        if token[0].isupper() and i > 0 and not re.search(r"[:;]\s*$", text[: tokens[i].start()]):
            i += 1
            continue
        two_word_head = pair in HEADS_TWO
        if (head not in HEADS and not two_word_head) or pair in _NOT_PRODUCT:
            i += 1
            continue
        if i > 0 and tokens[i - 1].group().lower() in ("văn", "kết", "hiệu", "sinh", "đồ", "hàng"):
            i += 1
            continue
        start = tokens[i].start()
        end = tokens[i + (1 if two_word_head else 0)].end()
        j = i + (2 if two_word_head else 1)
        singular = bool(re.search(r"(?<!các )(?<!những )sản phẩm\s+$", text[:start], re.IGNORECASE))
        place = False
        while j < len(tokens):
            gap = text[end : tokens[j].start()]
            word = tokens[j].group()
            if gap == " " and word[0].isupper():
                place = True
            elif (
                gap == " "
                and not place
                and word.islower()
                and word not in _STOP
                and " ".join(t.group() for t in tokens[j : j + 2]) not in _STOP_PAIRS
            ) or (
                singular
                and not place
                and gap == " "
                and word == "và"
                and j + 1 < len(tokens)
                and (tokens[j + 1].group().lower() in HEADS)
            ):
                pass
            elif j == i + 1 and gap.strip() == "," and word.lower() in HEADS:
                pass  # "rau, củ quả Đông Cao": one product listed by its parts
            else:
                break
            end = tokens[j].end()
            j += 1
        phrase = _LOCATION_TAIL.sub("", text[start:end]).strip()
        # A two-word head alone ("dược liệu", "mật ong") names a kind of goods, not a product,
        # and so do goods without a place that an activity works on ("chế biến chè ô long").
        generic = not place and bool(_ACTIVITY_BEFORE.search(text[:start]))
        if len(phrase.split()) > (2 if two_word_head else 1) and not generic:
            out.append(phrase)
            if spans is not None:
                spans.append((start, end))
        i = j
    return out


# Words that open a phrase "<words> <Place>" which is no product: a unit's or a village's
# type, a way of addressing a person.
_NOT_GOODS = frozenset(
    ("xã", "phường", "huyện", "quận", "tỉnh", "thị", "thành", "thôn", "xóm", "làng", "bản", "ấp", "xứ", "vùng",
     "khu", "cụm", "đặc", "ông", "bà", "anh", "chị", "cô", "chú", "đồng", "em", "cháu", "đ/c")
)  # fmt: skip
_GOODS_CUES = ("đặc sản", "sản phẩm", "nông sản", "mặt hàng")


def _named_by_place(text: str, taken: list[tuple[int, int]]) -> list[str]:
    """Specialties named "<common noun> <Place>" whatever the noun ("sá sùng Vân Đồn"): up to
    four lower-case words and a place of two or three capitalised words, right after a
    "đặc sản"/"sản phẩm", after "và", or opening a clause of a sentence about products."""
    tokens = words(text)
    out: list[str] = []
    for i, token in enumerate(tokens):
        gap = text[tokens[i - 1].end() : token.start()] if i else ""
        before = " ".join(t.group().lower() for t in tokens[max(i - 2, 0) : i])
        opens = (
            i == 0
            or bool(re.search(r"[,;:]", gap))
            or (gap == " " and (before.split()[-1:] == ["và"] or before in _GOODS_CUES))
        )
        if not opens or any(a <= token.start() < b for a, b in taken):
            continue
        j = i
        while j < len(tokens) and j - i < 4 and tokens[j].group().islower():
            if j > i and text[tokens[j - 1].end() : tokens[j].start()] != " ":
                break
            j += 1
        place = j
        while place < len(tokens) and place - j < 3 and text[tokens[place - 1].end() : tokens[place].start()] == " ":
            word = tokens[place].group()
            if not (word[0].isupper() and word[1:].islower()):
                break
            place += 1
        head = [t.group() for t in tokens[i:j]]
        names = [t.group() for t in tokens[j:place]]
        if (
            not head
            or len(names) < 2
            or head[0] in _NOT_GOODS
            or any(w in _STOP for w in head)
            or any(" ".join(head[k : k + 2]) in _STOP_PAIRS for k in range(len(head)))
            or is_institution_word(names[0])
            or (len(names) >= 3 and is_surname(names[0]))  # a person's name
        ):
            continue
        end = tokens[place - 1].end()
        if any(a < end and token.start() < b for a, b in taken):
            continue  # "sản phẩm quế Sơn Hà" around "quế Sơn Hà", read already
        out.append(text[token.start() : end])
    return out


HEADS_TWO = frozenset({"thanh long", "cà phê", "ca cao", "hồ tiêu", "mật ong", "nước mắm", "dược liệu", "tinh dầu",
                       "sơn mài", "đồ gỗ", "mây tre"})  # fmt: skip


def find_products(sentences: list[Sentence]) -> list[Product]:
    """Products and OCOP ratings named in sentences about products, once each."""
    found: dict[str, Product] = {}
    for sentence in sentences:
        text = sentence.text
        if not _is_cue_sentence(text):
            continue
        names = [m.group(1) for m in _QUOTED.finditer(text)]
        spans: list[tuple[int, int]] = []
        names += _phrases(text, spans)
        names += _named_by_place(text, spans)
        names += [m.group() for m in _OCOP.finditer(text)]
        for name in names:
            name = name.strip(" ,;:")
            key = fold(name)
            # "nhãn lồng" after "nhãn lồng Phố Hiến": the same product named again.
            if any(known.startswith(key) for known in found):
                continue
            for shorter in [known for known in found if key.startswith(known + " ")]:
                del found[shorter]  # "cá cơm", then "cá cơm sấy Hòa Vang": keep the full name
            found[key] = Product(name, text)
    return list(found.values())
