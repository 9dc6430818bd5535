"""The city's decision on an initiative and its certificate, as Decree 30 documents.

Staff edit the Word templates in `docx/` (laid out by `docx_layout.py`); the code works out the
values. The documents are always in Vietnamese. Who issues them is a setting
(KHCN_INITIATIVE_DECISION_ISSUER, DOMAIN.md §4.3 unconfirmed): the Department, as standing
body of the city's initiative council, or the People's Committee of the city.
"""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import translation

from khcn.documents.decree30 import (
    clean_text,
    date_parts,
    department_issuer,
    parent_body,
    place_name,
    short_date,
    unit_in_sentence,
)
from khcn.documents.render import render_docx
from khcn.initiatives.models import CityRecognition, InfluenceScope, Initiative
from khcn.reporting.formatting import fmt_number

DOCX = Path(__file__).resolve().parent / "docx"
CITY_DECISION_TEMPLATE = DOCX / "city_decision.docx"
CERTIFICATE_TEMPLATE = DOCX / "certificate.docx"

SCOPE_TEXT: dict[str, str] = {
    InfluenceScope.CITY: "cấp thành phố",
    InfluenceScope.NATIONAL: "toàn quốc",
    InfluenceScope.BASE: "cơ sở",
}

# The laws a decision rests on (DOMAIN.md §4.1-4.2).
BASES = [
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
    "Căn cứ Nghị định số 13/2012/NĐ-CP ngày 02 tháng 3 năm 2012 của Chính phủ ban hành Điều lệ Sáng kiến;",
    "Căn cứ Thông tư số 18/2013/TT-BKHCN ngày 01 tháng 8 năm 2013 của Bộ trưởng Bộ Khoa học và Công nghệ "
    "hướng dẫn thi hành một số quy định của Điều lệ Sáng kiến;",
]


def _issuer() -> dict[str, str]:
    """The issuing body's lines: the Department (the default) or the city's People's Committee."""
    issuer, province = department_issuer()
    city = province.full_name if province else ""
    department = clean_text(settings.KHCN_DEPARTMENT_NAME)
    if settings.KHCN_INITIATIVE_DECISION_ISSUER == "city" and province is not None:
        return {
            "parent_body": "",
            "issuer_name": f"ỦY BAN NHÂN DÂN {city.upper()}",
            "authority": f"CHỦ TỊCH ỦY BAN NHÂN DÂN {city.upper()}",
            "signer_position": "CHỦ TỊCH",
            "issuer_in_sentence": f"Chủ tịch Ủy ban nhân dân {city}",
            "executors": "Chánh Văn phòng Ủy ban nhân dân thành phố, Giám đốc Sở Khoa học và Công nghệ",
            "place": place_name(province),
            "city": city,
        }
    return {
        "parent_body": parent_body(province),
        "issuer_name": issuer,
        "authority": f"GIÁM ĐỐC {department.upper()}",
        "signer_position": "GIÁM ĐỐC",
        "issuer_in_sentence": f"Giám đốc {department}",
        "executors": "Chánh Văn phòng Sở",
        "place": place_name(province) if province else "",
        "city": city,
    }


def owner_in_sentence(initiative: Initiative) -> str:
    """The owner inside a sentence: the organisation's name, or "xã Mê Linh"."""
    if initiative.organisation_id or initiative.unit is None:
        return clean_text(initiative.owner_label())
    return clean_text(unit_in_sentence(initiative.unit))


def _authors(initiative: Initiative) -> str:
    return ", ".join(clean_text(a.full_name) for a in initiative.authors.all()) or "(chưa ghi tác giả)"


def decision_context(*, initiative: Initiative, decision: CityRecognition) -> dict[str, Any]:
    issuer = _issuer()
    base = getattr(initiative, "base_recognition", None)
    council = decision.council
    bases = list(BASES)
    if council is not None:
        held = f" ngày {short_date(council.meets_on)}" if council.meets_on else ""
        bases.append(f"Căn cứ kết quả họp {clean_text(council.name)}{held};")
    day = decision.decision_date or decision.created_at.date()
    return {
        **issuer,
        **date_parts(day),
        "number": clean_text(decision.decision_number) or "        /QĐ",
        "bases": bases,
        "recognised": decision.recognised,
        "title": clean_text(initiative.title),
        "authors": _authors(initiative),
        "owner": owner_in_sentence(initiative),
        "field": str(initiative.get_field_display()),
        "scope_text": SCOPE_TEXT.get(decision.influence_scope, "cấp thành phố"),
        "effectiveness": clean_text(decision.effectiveness) or "như hồ sơ sáng kiến",
        "reasons": clean_text(decision.reasons) or "chưa đạt yêu cầu",
        "base_decision": (
            f"Quyết định số {clean_text(base.decision_number)} ngày {short_date(base.decision_date)}"
            if base is not None
            else "quyết định của đơn vị"
        ),
        "mean": f"{fmt_number(decision.mean_score)}/100" if decision.mean_score is not None else "—",
        "decision_day": short_date(day),
        "signer_name": clean_text(decision.signer),
    }


def city_decision_docx(*, initiative: Initiative, decision: CityRecognition) -> bytes:
    """The decision (.docx), recognised or not."""
    with translation.override("vi"):
        context = decision_context(initiative=initiative, decision=decision)
        return render_docx(
            CITY_DECISION_TEMPLATE,
            context,
            title=f"Quyết định công nhận sáng kiến — {context['title']}"[:255],
            author=clean_text(settings.KHCN_DEPARTMENT_NAME),
        )


def certificate_docx(*, initiative: Initiative, decision: CityRecognition) -> bytes:
    """The certificate (.docx) of an initiative the city recognised."""
    with translation.override("vi"):
        context = decision_context(initiative=initiative, decision=decision)
        return render_docx(
            CERTIFICATE_TEMPLATE,
            context,
            title=f"Giấy chứng nhận sáng kiến — {context['title']}"[:255],
            author=clean_text(settings.KHCN_DEPARTMENT_NAME),
        )
