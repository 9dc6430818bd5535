"""The parts every official document shares, per Decree 30/2020/NĐ-CP, Annex I (DOMAIN.md §8).

The issuing bodies of the header block, the place and date line, section numbering, and text
made safe for Word. Each app's `documents.py` builds its documents' values from these.
"""

import re
from datetime import date

from django.conf import settings

from khcn.geo.models import AdminUnit, UnitLevel, UnitType

# Characters XML 1.0 does not allow; pasted text sometimes carries them.
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# The mark the demo data puts on invented names; the pages show it, an official title does not.
_DEMO_MARK = re.compile(r"\s*\(demo\)", re.IGNORECASE)
_VERB = "thực hiện"


def date_parts(day: date) -> dict[str, str]:
    """Day, month and year as Decree 30 writes them: day < 10 and months 1, 2 padded with 0.

    >>> date_parts(date(2026, 1, 5))
    {'day': '05', 'month': '01', 'year': '2026'}
    >>> date_parts(date(2026, 3, 9))["month"]
    '3'
    """
    return {
        "day": f"{day.day:02d}",
        "month": f"{day.month:02d}" if day.month <= 2 else str(day.month),
        "year": str(day.year),
    }


def date_line(*, place: str, day: date) -> str:
    """The place and date line, e.g. "Hà Nội, ngày 05 tháng 01 năm 2026" (as the templates write it)."""
    parts = date_parts(day)
    return f"{place}, ngày {parts['day']} tháng {parts['month']} năm {parts['year']}"


def roman(number: int) -> str:
    """Roman numeral for section headings (I, II, … XX)."""
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):  # fmt: skip
        while number >= value:
            out += letters
            number -= value
    return out


def clean_text(text: str) -> str:
    """`text` stripped, without the control characters XML 1.0 (so Word) refuses."""
    return _XML_INVALID.sub("", text or "").strip()


def title_text(text: str) -> str:
    """A name as it stands in an official title: cleaned, without the demo data's "(demo)" mark.

    >>> title_text("Kế hoạch KH&CN năm 2025 (demo)")
    'Kế hoạch KH&CN năm 2025'
    """
    return " ".join(_DEMO_MARK.sub("", clean_text(text)).split())


def results_summary(*, program: str, period: str, lead: str = "Kết quả thực hiện") -> str:
    """The summary line of a report on a programme (Decree 30 box 5a): one sentence, no dash.

    The verb is not repeated when the programme's name starts with it, and the period follows
    in lower case, as a sentence writes it:

    >>> results_summary(program="Thực hiện Nghị quyết số 57-NQ/TW (demo)", period="Năm 2026")
    'Kết quả thực hiện Nghị quyết số 57-NQ/TW năm 2026'
    >>> results_summary(program="Chương trình số 07-CTr/TU", period="6 tháng đầu năm 2024")
    'Kết quả thực hiện Chương trình số 07-CTr/TU 6 tháng đầu năm 2024'
    """
    name = title_text(program)
    if lead.casefold().endswith(_VERB) and name.casefold().startswith(_VERB + " "):
        name = name[len(_VERB) + 1 :]
    when = title_text(period)
    return " ".join(part for part in (lead, name, when[:1].lower() + when[1:]) if part)


def split_paragraphs(text: str) -> list[str]:
    """A narrative text as paragraphs: one per non-empty line."""
    return [line for line in (clean_text(raw) for raw in (text or "").splitlines()) if line]


def deployment_province() -> AdminUnit | None:
    return (
        AdminUnit.objects.current()
        .filter(level=UnitLevel.PROVINCE, code=settings.KHCN_PROVINCE_CODE)
        .order_by("-valid_from")
        .first()
    )


def department_issuer() -> tuple[str, AdminUnit | None]:
    """The issuing body line ("SỞ KHOA HỌC VÀ CÔNG NGHỆ": the parent line already names the city)
    and the deployment's province."""
    province = deployment_province()
    issuer = clean_text(settings.KHCN_DEPARTMENT_NAME)
    if province and issuer.endswith(f" {province.name}"):
        issuer = issuer.removesuffix(f" {province.name}")
    return issuer.upper(), province


def province_of(unit: AdminUnit) -> AdminUnit | None:
    """The province-level unit above `unit` (itself if it is one), else the deployment's."""
    node: AdminUnit | None = unit
    while node is not None and node.level != UnitLevel.PROVINCE:
        node = node.parent
    return node or deployment_province()


def parent_body(province: AdminUnit | None) -> str:
    """The parent body line, e.g. "UBND THÀNH PHỐ HÀ NỘI" (Decree 30 lets it abbreviate UBND)."""
    return f"UBND {province.full_name.upper()}" if province else ""


def place_name(unit: AdminUnit) -> str:
    """Place on the date line: the official name of the unit where the issuing body sits.

    Decree 30, Annex I: for local bodies, the name of the administrative unit they sit in
    ("Mê Linh" for UBND xã Mê Linh, "Hà Nội" for a Department of Hà Nội); units named by a
    number keep their full name ("Phường 5").
    """
    return unit.full_name if unit.name[:1].isdigit() else unit.name


def unit_in_sentence(unit: AdminUnit) -> str:
    """A unit's name inside a sentence: "xã Mê Linh", "Thành phố Hà Nội", "Phường 5"."""
    if unit.name[:1].isdigit() or unit.unit_type == UnitType.CITY:
        return unit.full_name
    return f"{unit.type_label.lower()} {unit.name}"


def short_date(day: date) -> str:
    """A date inside a sentence, unpadded: "5/1/2026"."""
    return f"{day.day}/{day.month}/{day.year}"
