"""The draft an extraction proposes: initial values of the draft forms, with their sources."""

import re
from datetime import datetime, time
from typing import Any

from django.utils import timezone

from khcn.core.text import fold
from khcn.geo.models import AdminUnit
from khcn.ingest.extract import Extraction
from khcn.ingest.forms import ALL_UNITS
from khcn.meetings.models import AttendeeKind, FollowUpKind, MeetingRound
from khcn.meetings.services import guess_topic

_LEADER = re.compile(r"giam doc|chu tich|bi thu|truong doan|thu truong|bo truong")
_EXPERT = re.compile(r"\b(ts|ths|pgs|gs|tien si|chuyen gia|nha khoa hoc|giang vien|vien)\b")
_DEPARTMENT = re.compile(r"\bso\b(?! [a-z]+ (?:xa|huyen|phuong))|so khoa hoc|kh&cn")
_LOCAL = re.compile(r"\b(ubnd|huyen|xa|phuong|thi xa|quan|thi tran|uy ban)\b")


def attendee_kind(role: str) -> str:
    """A first kind for an attendee from their role; the officer corrects it."""
    folded = fold(role)
    if _LOCAL.search(folded):
        return AttendeeKind.UNIT_LEADER
    if _DEPARTMENT.search(folded):
        return AttendeeKind.DEPARTMENT_LEADER if _LEADER.search(folded) else AttendeeKind.DEPARTMENT_OFFICE
    if _EXPERT.search(folded):
        return AttendeeKind.EXPERT
    return AttendeeKind.OTHER


def _start_time(sentence: str) -> time:
    folded = fold(sentence)
    clock = re.search(r"(\d{1,2})\s*(?:gio|h|:)\s*(\d{2})?", folded)
    if clock and int(clock[1]) < 24:
        return time(int(clock[1]), int(clock[2] or 0) if (clock[2] or "0").isdigit() and int(clock[2] or 0) < 60 else 0)
    if re.search(r"\b(chieu|buoi chieu)\b", folded):
        return time(14, 0)
    return time(8, 0)


def _round_for(extraction: Extraction, text: str) -> MeetingRound | None:
    """The round of the session's year, preferring the one whose plan year the text names."""
    if extraction.date is None:
        return None
    rounds = list(MeetingRound.objects.filter(year=extraction.date.year).order_by("-pk"))
    plan_years = {int(y) for y in re.findall(r"kế hoạch[^.;]{0,80}?năm\s+(\d{4})", text, re.IGNORECASE)}
    for meeting_round in rounds:
        if meeting_round.plan_year in plan_years:
            return meeting_round
    return rounds[0] if len(rounds) == 1 else None


def _title(text: str) -> str:
    for line in text.splitlines():
        line = line.strip()
        if len(line.split()) >= 4 and not re.fullmatch(r"[\W\d\s|:]+", line):
            return line[:300]
    return ""


def _minutes(extraction: Extraction) -> str:
    parts = []
    if extraction.products:
        parts.append("Sản phẩm, nhãn hiệu được nêu: " + "; ".join(p.name for p in extraction.products) + ".")
    if extraction.difficulties:
        parts.append("Khó khăn, vướng mắc:\n" + "\n".join(f"- {d.text}" for d in extraction.difficulties))
    return "\n\n".join(parts)


def draft_initial(
    extraction: Extraction, text: str, units: list[AdminUnit], products: dict[str, list[Any]] | None = None
) -> dict[str, Any]:
    """Initial data of the session form and of each formset. `units` are the units the officer
    may put in a session (meetings.forms.cluster_units); `products`, by name read, the
    catalogue's products it likely names (selectors.product_candidates), the first proposed."""
    allowed = {unit.pk: unit for unit in units}
    session_words = fold(" ".join([extraction.date_sentence, extraction.place_sentence, _title(text)]))
    unit_rows = []
    cluster: list[int] = []
    for mention in extraction.units:
        unit_id = mention.unit.id if mention.unit and mention.unit.id in allowed else None
        in_session = unit_id is not None and fold(mention.name) in session_words
        if in_session and unit_id is not None:
            cluster.append(unit_id)
        unit_rows.append(
            {"include": in_session, "written": mention.name, "source_text": mention.sentence, "unit": unit_id}
        )
    host = next(
        (
            m.unit.id
            for m in extraction.units
            if m.unit and m.unit.id in cluster and fold(m.name) in fold(extraction.place or "")
        ),
        None,
    )
    day = extraction.date
    starts_at = (
        timezone.make_aware(datetime.combine(day, _start_time(extraction.date_sentence))) if day is not None else None
    )
    session = {
        "source": text,
        "date_source": extraction.date_sentence,
        "place_source": extraction.place_sentence,
        "title": _title(text),
        "starts_at": starts_at,
        "place": extraction.place or "",
        "round": _round_for(extraction, text),
        "host_unit": host,
        "chair": next((f"{p.name} - {p.role}" for p in extraction.people if _LEADER.search(fold(p.role))), "")[:255],
        "minutes": _minutes(extraction),
    }

    cluster_names = [(fold(m.name), m.unit.id) for m in extraction.units if m.unit and m.unit.id in cluster]
    folded_text = fold(text)

    def unit_named_in(sentence: str, *, look_back: bool) -> str:
        """The session unit the sentence names; for a request, else the last one named before it
        (a district's report goes on for paragraphs); else every unit of the session."""
        folded = fold(sentence)
        named = {unit_id for name, unit_id in cluster_names if name in folded}
        if len(named) == 1:
            return str(named.pop())
        if look_back and not named:
            before = folded_text[: max(folded_text.find(folded[:60]), 0)]
            last = max(((before.rfind(name), unit_id) for name, unit_id in cluster_names), default=(-1, None))
            if last[0] >= 0:
                return str(last[1])
        return ALL_UNITS if cluster else ""

    items = [
        {
            "include": True,
            "kind": kind,
            "unit": unit_named_in(statement.sentence, look_back=kind == FollowUpKind.REQUEST),
            "topic": guess_topic(statement.text),
            "text": statement.text,
            "source_text": statement.sentence,
        }
        for kind, statements in (
            (FollowUpKind.REQUEST, extraction.requests),
            (FollowUpKind.DIRECTIVE, extraction.directives),
        )
        for statement in statements
    ]
    figures = [
        {
            "include": True,
            "value": figure.value,
            "indicator": figure.indicator.id if figure.indicator else None,
            "unit": int(u) if (u := unit_named_in(figure.sentence, look_back=True)) not in ("", ALL_UNITS) else None,
            "source_text": figure.sentence,
        }
        for figure in extraction.figures
    ]
    people = [
        {
            "include": True,
            "name": person.name,
            "position": person.role[:255],
            "kind": attendee_kind(person.role),
            "source_text": person.sentence,
        }
        for person in extraction.people
    ]
    candidates = products or {}
    product_rows = [
        {
            "include": True,
            "name": product.name,
            "product": found[0].pk if (found := candidates.get(product.name)) else None,
            "candidates": ",".join(str(p.pk) for p in found or []),
            "source_text": product.sentence,
        }
        for product in extraction.products
    ]
    return {
        "session": session,
        "units": unit_rows,
        "people": people,
        "figures": figures,
        "items": items,
        "products": product_rows,
    }
