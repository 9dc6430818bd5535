"""The units' requests, the leaders' directives and the difficulties, as whole sentences.

- A request asks someone for something: "kiến nghị", "đề xuất với", "mong muốn", "rất cần",
  "đề nghị … hỗ trợ". "Đề xuất" of a task or of next year's plan is a proposal, not a request,
  and "các kiến nghị" as a noun is not one by itself.
- A directive is a leader (a title, "đồng chí", "Sở") who "đề nghị", "yêu cầu", "giao",
  "chỉ đạo", "lưu ý" someone, or says what the units "cần" do "thời gian tới"; the speaker may
  be named in the sentence before. The sentences that follow in the same paragraph continue
  the directive ("Tập trung giải quyết …").
- A difficulty names "khó khăn", "vướng mắc", "hạn chế", "bất cập", "tồn tại" as something
  the units have, not something someone will help resolve, or sets what is still lacking
  against what was done ("…, song … chưa …", "… nhưng … còn thiếu …").
- Minutes and notices of conclusions list them: the items under a heading ("2. Khó khăn,
  vướng mắc", "3. Kiến nghị, đề xuất", "Nhiệm vụ thời gian tới") or a lead line ("Giao các
  phòng thuộc Sở:") take its kind, whatever their words; an item of the conclusions that
  opens with the order ("Giao …", "Đề nghị UBND …") is a directive; "Đối với kiến nghị …:
  <answer>" holds a request and, when the answer assigns it, a directive. Markers ("-", "a)",
  "2.") are left out of the text.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from khcn.core.text import fold
from khcn.ingest.lexicon import words_of
from khcn.ingest.sentences import Sentence

_REQUEST_STRONG = re.compile(
    r"\b(mong muon|nguyen vong|rat can|de nghi (?:so|thanh pho|tinh|bo|trung uong|cap tren|cac so)[^.;]{0,120}"
    r"ho tro|kien nghi (?:voi|so|thanh pho|tinh|bo|ubnd|cap tren|cac co quan)|de xuat(?:,\s*kien nghi)? voi|"
    r"xin (?:duoc|ho tro|bo sung|kinh phi)|can duoc ho tro|can su ho tro|dat hang (?:so|thanh pho))"
)
_REQUEST_WEAK = re.compile(r"\b(kien nghi|de xuat|de nghi)\b")
# Of whom a weak cue asks (read with diacritics: "Sở" is not "số").
_REQUEST_TARGET = re.compile(
    r"(?:kiến nghị|đề xuất|đề nghị)[^.;]{0,40}?\b(?:sở|thành phố|tỉnh|trung ương|bộ|cấp trên|ubnd)\b|kiến nghị của",
    re.IGNORECASE,
)
# "các kiến nghị", "9 kiến nghị", "ý kiến đề xuất", "hướng dẫn đề xuất", "đề xuất kế hoạch/nhiệm vụ".
_NOT_REQUEST = re.compile(
    r"\b(?:cac|nhung|\d+|y kien|huong dan|ve|voi cac|tiep thu|nhat tri voi cac|giai dap)\s+(?:kien nghi|de xuat)"
    r"|de xuat\s+(?:ke hoach|nhiem vu|cac nhiem vu|dat hang|danh muc|de tai|du an)"
)
_DIRECTIVE_VERB = re.compile(
    r"\b(de nghi|yeu cau|giao cho|giao|chi dao|luu y|quan triet|nhan manh)\b"
    r"(?!\s+(?:dich|thong|luu|tiep|dien|nhan|ban))"
)
_RECIPIENT = re.compile(
    r"^\W*(?:,\s*)?(?:trong\s+)?(?:thoi gian toi|toi day|cac|nhung|so|ubnd|huyen|xa|phuong|quan|thi xa|dia phuong|"
    r"don vi|ban|phong|van phong|thanh tra|chi cuc|hoi dong|uy ban|trung tam|nganh|lanh dao|moi|toan|doan|dong chi)"
)
# A conclusion's item opens with the order itself, its speaker the Department ("Giao Trung tâm
# …", "Đề nghị UBND xã …", "Yêu cầu các phòng …").
_ORDERS = re.compile(r"\W*(?:de nghi|giao|yeu cau)\b")
_FUTURE_NEED = re.compile(r"(thoi gian toi|toi day|sap toi|nam toi)\W{1,3}[^.;:]{0,60}\bcan\b")
_SPEAKER = re.compile(
    r"\b(pho giam doc|giam doc|chu tich|bi thu|thu truong|bo truong|truong doan|lanh dao so|lanh dao thanh pho|"
    r"lanh dao tinh|dong chi|d/c|so khoa hoc|so kh&cn|"
    r"\bso (?=de nghi|yeu cau|giao|chi dao|luu y|kien nghi)|doan cong tac|ket luan)"
)
# "…, ông giao Phòng …": a pronoun as the subject of an order, the leader named just before (in
# the same paragraph or the one above it).
_PRONOUN_ORDER = re.compile(r"\b(?:ong|ba)\s+(?:giao|yeu cau|chi dao|luu y|de nghi)\b")
# An order of its own inside a section of requests ("Giám đốc Sở giao Phòng …", "Giao Trung tâm
# …"): a leader or the Department as the subject of "giao", "yêu cầu", "chỉ đạo", or the line
# opening with "Giao".
_OWN_ORDER = re.compile(r"\b(?:giao|yeu cau|chi dao)\b")
# The Department's acknowledgement of a request ("Sở ghi nhận, sẽ tổng hợp …"): no request itself.
_ACKNOWLEDGED = re.compile(
    r"\W*(?:so|so khoa hoc[^,]{0,40}|lanh dao so|giam doc so|doan cong tac)\s*,?\s*(?:da\s+|se\s+)?"
    r"(?:ghi nhan|tiep thu|tong hop)\b"
)
_DIFFICULTY = re.compile(r"\b(kho khan|vuong mac|han che|bat cap|ton tai|yeu kem)\b")
# A shortfall set against what was done: "…, song … chưa …", "… nhưng … còn thiếu …", "Dù vậy,
# … còn …"; the "chưa"/"còn" may come in the next clause of the sentence, after a ";" ("Tuy
# nhiên, …; nhiều hộ chưa …"). Read with diacritics ("những" is not "nhưng").
_SHORTFALL = re.compile(
    r"(?:,\s*song|^\W*song|\bnhưng|\btuy nhiên|\b(?:tuy|dù|dẫu|mặc dù|tuy rằng)\s+(?:vậy|thế)|\bmặc dù)\b"
    r"(?:[^.;]{0,160};)?[^.;]{0,120}?\b(?:chưa|vẫn còn|còn (?:thiếu|yếu|ít|chậm|thấp|nhỏ lẻ|lúng túng|manh mún|"
    r"phân tán|hạn chế|khó khăn|bất cập))\b",
    re.IGNORECASE,
)
_RESOLVING = re.compile(
    r"(thao go|khac phuc|giai dap|giai quyet|vuot qua|thao do|go)\s+(?:nhung|cac|mot so)?\s*"
    r"(?:kho khan|vuong mac|ton tai|han che|bat cap)"
)


def _is_difficulty(folded: str, text: str) -> bool:
    return bool(_DIFFICULTY.search(_RESOLVING.sub(" ", folded)) or _SHORTFALL.search(text))


@dataclass(frozen=True)
class Statement:
    text: str  # the sentence, or one part of a list it makes ("…; hỗ trợ …; xử lý …")
    kind: str  # "request", "directive", "difficulty"
    sentence: str = ""


def split_items(sentence: str) -> list[str]:
    """The parts of a sentence that lists several asks with semicolons, each as written.

    Parts of fewer than three words stay with the one before; semicolons inside brackets or
    quotes do not split."""
    parts: list[str] = []
    depth = 0
    start = 0
    for pos, ch in enumerate(sentence):
        if ch in "([“":
            depth += 1
        elif ch in ")]”" and depth:
            depth -= 1
        elif ch == ";" and depth == 0:
            parts.append(sentence[start:pos])
            start = pos + 1
    parts.append(sentence[start:])
    merged: list[str] = []
    for part in parts:
        part = part.strip()
        part = re.sub(r"(?:[\s;,]*(?:…|\.\.\.))+$", "", part).strip(" ;,")
        if not part:
            continue
        if merged and len(part.split()) < 3:
            continue
        merged.append(part)
    return merged or [sentence.strip()]


# "đề xuất ba nội dung: một là, …; hai là, …", "kiến nghị như sau: thứ nhất, …": the asks are
# enumerated after the cue, with no addressee needed.
_ENUMERATED = re.compile(
    r"\b(?:kien nghi|de xuat|de nghi|nguyen vong)\b[^.;:]{0,60}:\s*"
    r"(?:mot la|thu nhat|\(?(?:1|a|i)\)|1\.|[-–+•])"
)


def _is_request(folded: str, original: str) -> bool:
    if _REQUEST_STRONG.search(folded):
        return True
    enumerated = _ENUMERATED.search(folded)
    if enumerated and not re.search(
        r"(?:giai dap|tiep thu|tra loi|xu ly)\W+(?:\w+\W+)?$", folded[: enumerated.start()]
    ):
        return True
    if not _REQUEST_WEAK.search(_NOT_REQUEST.sub(" ", folded)):
        return False
    # A weak cue counts when the sentence says of whom it asks.
    return bool(_REQUEST_TARGET.search(original))


def _directive_cue(folded: str) -> bool:
    for match in _DIRECTIVE_VERB.finditer(folded):
        if match.group(1) == "giao" and re.search(r"(chuyen|ban)\s+$", folded[: match.start()]):
            continue
        if match.group(1) == "chi dao" and re.search(r"(trong|cong tac|su)\s+$", folded[: match.start()]):
            continue
        if match.group(1) == "nhan manh" and not re.match(
            r"\W*(?:cac|nhung)?\s*\w+[^.]{0,60}\bcan\b", folded[match.end() :]
        ):
            continue
        if _RECIPIENT.match(folded[match.end() :]):
            return True
    return False


# -- the layout of minutes and notices of conclusions -----------------------------------------

# A list item's marker at the start of a line, and how deep it sits: "II." above "2." above
# "a)" above "-".
_MARKER = re.compile(
    r"\s*(?:(?P<roman>[IVXLC]{1,6})[.)]|(?P<number>\d{1,2}(?:\.\d{1,2})*)[.)]|(?P<letter>[a-zđ])[.)]|(?P<dash>[-–+•*]))\s+"
)
_DEPTH = {"roman": 0, "number": 1, "letter": 2, "dash": 3}
_HEADING_KINDS = (
    ("difficulty", re.compile(r"\b(kho khan|vuong mac|han che|ton tai|bat cap)\b")),
    ("request", re.compile(r"\b(kien nghi|de xuat|de nghi|nguyen vong)\b")),
    (
        "directive",
        re.compile(r"\b(chi dao|nhiem vu (?:thoi gian toi|trong thoi gian toi|tiep theo|trong tam|can|giai phap))"),
    ),
)
# "Đối với đề xuất …: giao Phòng …", "Về kiến nghị của xã …: Sở sẽ tổng hợp …": a request
# answered in the conclusions, the request before the colon and the answer after it.
_ANSWERED = re.compile(
    r"(?:đối với|về)\s+(?:các\s+|những\s+)?(?:kiến nghị|đề xuất|đề nghị|nguyện vọng)\b[^:]{3,}?:\s*(?=\S)",
    re.IGNORECASE,
)
_CUE_WORDS = frozenset(words_of("doi voi ve cac nhung kien nghi de xuat nguyen vong cua viec"))


@dataclass(frozen=True)
class _Line:
    body: str  # the sentence without its list marker
    kind: str | None  # the kind its section heading or lead line gives it
    frame: bool  # a heading or a lead ("Đề nghị UBND xã:") only: no statement itself


def _heading_kind(folded: str) -> str | None:
    kinds = {kind for kind, pattern in _HEADING_KINDS if pattern.search(folded)}
    return kinds.pop() if len(kinds) == 1 else None


def _is_heading(body: str, marked: bool) -> bool:
    """A section title: short, no closing mark, numbered or in capitals (or very short)."""
    words = body.split()
    if not words or len(words) > 10 or body.rstrip()[-1:] in ".;:!?":
        return False
    return marked or body.isupper() or len(words) <= 4


def _layout(sentences: list[Sentence], own_kind: Callable[[str], str | None]) -> list[_Line]:
    """Each sentence's text without its marker, and the kind its place in a list gives it.

    A heading ("2. Khó khăn, vướng mắc", "KIẾN NGHỊ") or a line that ends with a colon
    ("Đề nghị UBND xã:") gives its kind to the list items below it that sit deeper ("-" under
    "2.", "a)" under "3."), and a numbered or capitalised heading to the lines right under it
    too; a line at its own depth, or a paragraph after an empty line, closes it."""
    lines: list[_Line] = []
    stack: list[tuple[float, str | None, bool]] = []  # (depth, kind, its lines below follow it)
    line_kind: str | None = None
    last_paragraph = -2
    for index, sentence in enumerate(sentences):
        opens_line = index == 0 or sentences[index - 1].paragraph != sentence.paragraph
        if not opens_line:
            lines.append(_Line(sentence.text, line_kind, False))
            continue
        marker = _MARKER.match(sentence.text)
        body = sentence.text[marker.end() :] if marker else sentence.text
        if marker:
            depth: float = _DEPTH[marker.lastgroup or "dash"]
            while stack and stack[-1][0] >= depth:
                stack.pop()
        else:
            if not (stack and stack[-1][2] and sentence.paragraph == last_paragraph + 1):
                stack.clear()
            depth = stack[-1][0] + 0.5 if stack else -1
        line_kind = next((kind for _, kind, _ in reversed(stack) if kind), None)
        whole_line = index + 1 == len(sentences) or sentences[index + 1].paragraph != sentence.paragraph
        frame = False
        if whole_line and _is_heading(body, bool(marker)):
            # A numbered or capitalised heading leads the lines right under it; a short line of
            # an article (a subtitle, a by-line) only its list items.
            stack.append((depth, _heading_kind(fold(body)), bool(marker) or body.isupper()))
            frame = True
        elif whole_line and body.rstrip().endswith(":"):
            # "Giao các phòng thuộc Sở:" by its words; "UBND xã có một số kiến nghị như sau:" by
            # the section it opens.
            stack.append((depth, own_kind(body) or _heading_kind(fold(body)), False))
            following = sentences[index + 1] if index + 1 < len(sentences) else None
            below = _MARKER.match(following.text) if following else None
            frame = bool(below and _DEPTH[below.lastgroup or "dash"] > depth)
        lines.append(_Line(body, line_kind, frame))
        last_paragraph = sentence.paragraph
    return lines


def _restates(request: str, earlier: list[Statement]) -> bool:
    """The conclusions name again a request the minutes already hold ("Về đề xuất bổ sung
    biên chế:" after "Xin bổ sung biên chế công chức …")."""
    said = {w for w in re.findall(r"\w+", fold(request)) if w not in _CUE_WORDS}
    return len(said) >= 2 and any(said <= set(re.findall(r"\w+", fold(s.text))) for s in earlier)


def classify(sentences: list[Sentence], *, speakers: Iterable[str] = ()) -> list[Statement]:
    """Requests, directives and difficulties in reading order.

    `speakers` are the names of the people found with a title: one of them named in a
    sentence (or the one before) is a speaker, as a title is. In minutes, a list item takes
    the kind of its section or lead line (`_layout`)."""
    names = [fold(name) for name in speakers]

    def has_speaker(folded: str) -> bool:
        return bool(_SPEAKER.search(folded)) or any(name in folded for name in names)

    def is_directive(folded: str, speaker: bool, speaker_before: bool, request: bool) -> bool:
        return not _REQUEST_STRONG.search(folded) and (
            (_directive_cue(folded) and (speaker or speaker_before or bool(_ORDERS.match(folded))))
            or (speaker and not request and bool(_FUTURE_NEED.search(folded)))
        )

    def own_kind(text: str) -> str | None:
        folded = fold(text)
        request = _is_request(folded, text)
        if is_directive(folded, has_speaker(folded), False, request):
            return "directive"
        if request:
            return "request"
        return "difficulty" if _is_difficulty(folded, text) else None

    def own_order(folded: str, text: str) -> bool:
        """An order that keeps its kind inside another section: not a request itself, its
        subject a leader or the Department, or the line opening with "Giao"."""
        if _is_request(folded, text) or not _OWN_ORDER.search(folded) or not _directive_cue(folded):
            return False
        return bool(_SPEAKER.search(folded)) or bool(re.match(r"\W*giao\b", folded))

    out: list[Statement] = []
    directive_paragraph = -1
    previous: Sentence | None = None
    paragraphs: list[int] = []  # the paragraphs read so far, in order
    speaker_paragraph = -1  # the last paragraph with a leader named
    for sentence, line in zip(sentences, _layout(sentences, own_kind), strict=True):
        text = line.body
        previous, before = sentence, previous
        if not paragraphs or paragraphs[-1] != sentence.paragraph:
            paragraphs.append(sentence.paragraph)
        speaker_near = speaker_paragraph in paragraphs[-2:]
        if has_speaker(fold(sentence.text)):
            speaker_paragraph = sentence.paragraph
        if line.frame:
            continue
        answered = _ANSWERED.match(text)
        if answered:
            head = text[: answered.end()].rstrip().rstrip(":").strip()
            if not _restates(head, [s for s in out if s.kind == "request"]):
                out.append(Statement(head, "request", sentence.text))
            text = text[answered.end() :]
            if own_kind(text) == "directive":
                out += [Statement(part, "directive", sentence.text) for part in split_items(text)]
            continue
        if line.kind is not None:
            folded = fold(text)
            if line.kind == "request" and _ACKNOWLEDGED.match(folded):
                continue
            kind = "directive" if line.kind != "directive" and own_order(folded, text) else line.kind
            parts = [text.strip()] if kind == "difficulty" else split_items(text)
            out += [Statement(part, kind, sentence.text) for part in parts]
            continue
        folded = fold(text)
        speaker_before = (
            before is not None and before.paragraph == sentence.paragraph and bool(_SPEAKER.search(fold(before.text)))
        ) or (speaker_near and bool(_PRONOUN_ORDER.search(folded)))
        request = _is_request(folded, text)
        directive = is_directive(folded, has_speaker(folded), speaker_before, request)
        if directive or (sentence.paragraph == directive_paragraph and not request and not _DIFFICULTY.search(folded)):
            out += [Statement(part, "directive", sentence.text) for part in split_items(text)]
            directive_paragraph = sentence.paragraph
        elif request:
            out += [Statement(part, "request", sentence.text) for part in split_items(text)]
            directive_paragraph = -1
        if not directive and not request and sentence.paragraph != directive_paragraph and _is_difficulty(folded, text):
            out.append(Statement(text, "difficulty", sentence.text))
    return out
