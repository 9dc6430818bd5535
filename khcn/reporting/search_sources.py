"""What the search finds among periodic reports (issue 17): a report and its narrative, in the
unit's scope (the model's scope rules)."""

from django.utils.translation import gettext_lazy as _

from khcn.core.searchable import SearchDoc, SearchSource, text_of
from khcn.reporting.models import Report, ReportSection, ReportStatus


def _document(report: Report) -> SearchDoc:
    return SearchDoc(
        title=f"{report.unit.full_name} — {report.period.name}",
        text=text_of(*(s.text for s in report.sections.all())),
        url=report.get_absolute_url(),
        unit_id=report.unit_id,
        year=report.period.year,
        status=report.status,
    )


SOURCES = (
    SearchSource(
        kind="reporting.report",
        label=_("Periodic reports"),
        model=Report,
        document=_document,
        queryset=lambda: Report.objects.select_related("unit", "period").prefetch_related("sections"),
        related=((ReportSection, "report_id"),),
        unit_scoped=True,
        statuses=tuple(ReportStatus.choices),
    ),
)
