"""Filling reports for the document tests."""

from typing import Any

from khcn.programs.models import SectionKey
from khcn.reporting import services
from khcn.reporting.models import Report
from khcn.reporting.validation import Entry


def entries(ind: dict[str, Any], **override: Entry) -> dict[int, Entry]:
    """A valid set of values for the test programme; `override` by indicator key."""
    out = {
        "received": Entry(value="1.200"),
        "on_time": Entry(value="1.150"),
        "rate": Entry(value="95,8"),
        "cashless": Entry(value="87"),
        "radios": Entry(numerator="5", denominator="18"),
        "plan": Entry(value="1"),
    }
    out.update(override)
    return {ind[key].pk: entry for key, entry in out.items()}


SECTIONS = {
    SectionKey.RESULTS: "Kết quả A & B <tốt> trong kỳ.\n\nĐã triển khai mô hình chợ thông minh.",
    SectionKey.REQUESTS: "- Tập huấn cho cán bộ\n- Hỗ trợ mô hình nông nghiệp công nghệ cao",
}


def fill(
    *, period: Any, unit: Any, user: Any, values: dict[int, Entry], submit: bool, sections: dict | None = None
) -> Report:
    """Open the unit's report for the period, save the values and sections, maybe submit."""
    report = services.report_open(period=period, unit=unit, user=user)
    outcome = services.report_save(
        report=report,
        user=user,
        entries=values,
        sections=sections or {},
        expected_version=report.version,
        submit=submit,
    )
    assert outcome.ok, outcome.errors
    report.refresh_from_db()
    return report
