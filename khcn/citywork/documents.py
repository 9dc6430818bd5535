"""The Department's report to the city as a Decree 30 .docx (template in `docx/`)."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from khcn.citywork import selectors
from khcn.citywork.models import CityReport, Recipient, ReportKind
from khcn.documents.decree30 import (
    clean_text,
    date_parts,
    department_issuer,
    parent_body,
    place_name,
    split_paragraphs,
    unit_in_sentence,
)
from khcn.documents.render import render_docx
from khcn.geo.models import AdminUnit, UnitType

CITY_REPORT_TEMPLATE = Path(__file__).resolve().parent / "docx" / "city_report.docx"


def _recipient(report: CityReport, province: AdminUnit | None) -> str:
    if report.recipient == Recipient.MINISTRY or province is None:
        return "Bộ Khoa học và Công nghệ"
    if report.recipient == Recipient.PARTY:
        return ("Thành ủy " if province.unit_type == UnitType.CITY else "Tỉnh ủy ") + province.name
    return f"Ủy ban nhân dân {unit_in_sentence(province)}"


def city_report_context(*, report: CityReport) -> dict[str, Any]:
    """The report's own text, and the board's figures for its year as KHCN computes them now."""
    issuer, province = department_issuer()
    scopes: dict[str, str] = {
        ReportKind.HALF_YEAR: f"kết quả công tác 6 tháng đầu năm {report.year}",
        ReportKind.ANNUAL: f"kết quả công tác năm {report.year}",
    }
    scope = scopes.get(report.kind, f"kết quả công tác khoa học, công nghệ và đổi mới sáng tạo năm {report.year}")
    figures = [
        {
            "number": n,
            "label": clean_text(row.label),
            "value": row.shown,
            "rank": f"Thứ {row.rank.national_rank}" if row.rank else "",
        }
        for n, row in enumerate((r for r in selectors.board(year=report.year) if r.value is not None), start=1)
    ]
    day = report.sent_on or timezone.localdate()
    return {
        **date_parts(day),
        "parent_body": parent_body(province),
        "issuer_name": issuer,
        "place": place_name(province) if province else "",
        "department": clean_text(settings.KHCN_DEPARTMENT_NAME),
        "number": clean_text(report.number) or "        /BC-SKHCN",
        "summary": clean_text(report.title),
        "recipient": _recipient(report, province),
        "scope_line": scope,
        "year": report.year,
        "results": split_paragraphs(report.results) or ["(Chưa có nội dung.)"],
        "figures": figures,
        "difficulties": split_paragraphs(report.difficulties) or ["(Chưa có nội dung.)"],
        "proposals": split_paragraphs(report.proposals) or ["(Chưa có nội dung.)"],
        "next_tasks": split_paragraphs(report.next_tasks) or ["(Chưa có nội dung.)"],
        "signer_name": "",
    }


def city_report_docx(*, report: CityReport) -> bytes:
    context = city_report_context(report=report)
    return render_docx(CITY_REPORT_TEMPLATE, context, title=clean_text(report.title), author=context["department"])
