"""The board of units' QMS and the list of courses (django-tables2)."""

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from khcn.quality.models import Course
from khcn.quality.selectors import GAP_ANNOUNCEMENT, GAP_NO_RECORD, GAP_NO_REVIEW, GAP_NO_SELF_REPORT, GAP_PROCEDURES

GAP_LABELS = {
    GAP_NO_RECORD: _("No QMS record"),
    GAP_NO_REVIEW: _("No management review this year"),
    GAP_PROCEDURES: _("Procedures without an ISO process"),
    GAP_ANNOUNCEMENT: _("Announcement missing or expired"),
    GAP_NO_SELF_REPORT: _("No self-report this year"),
}


class BoardTable(tables.Table):
    """One row per unit (a list of dicts built from selectors.qms_board)."""

    unit = tables.Column(verbose_name=_("Unit"), order_by=("sort_key",))
    mode = tables.Column(verbose_name=_("Certification or announcement"))
    valid_until = tables.DateColumn(verbose_name=_("Valid until"), format="SHORT_DATE_FORMAT")
    procedures_total = tables.Column(verbose_name=_("Procedures"))
    procedures_in_iso = tables.Column(verbose_name=_("With ISO process"))
    last_review_on = tables.DateColumn(verbose_name=_("Last management review"), format="SHORT_DATE_FORMAT")
    open_corrective_actions = tables.Column(verbose_name=_("Corrective actions open"))
    gap_count = tables.Column(verbose_name=_("Gaps"))
    gaps = tables.Column(
        verbose_name=_("What is missing"),
        orderable=False,
        attrs={"th": {"class": "col-labels"}, "td": {"class": "col-labels"}},
    )

    class Meta:
        attrs = {"class": "table table-hover align-middle mb-0"}
        empty_text = _("No unit matches these filters.")
        # What is missing first: on a narrow screen it is what scrolls out of sight last.
        sequence = ("unit", "gaps", "gap_count", "...")

    def render_unit(self, value: Any, record: dict[str, Any]) -> Any:
        url = reverse("quality:unit_detail", args=[record["unit_id"]])
        former = (
            format_html(' <span class="badge text-bg-secondary">{}</span>', _("former"))
            if not record["current"]
            else ""
        )
        return format_html('<a href="{}">{}</a>{}', url, value, former)

    def value_unit(self, value: Any) -> Any:
        return value

    def render_gaps(self, value: list[str]) -> Any:
        if not value:
            return format_html('<span class="badge text-bg-success">{}</span>', _("No gap"))
        return format_html(
            "".join('<span class="badge text-bg-warning text-wrap text-start me-1 mb-1">{}</span>' for _g in value),
            *[GAP_LABELS[g] for g in value],
        )

    def value_gaps(self, value: list[str]) -> str:
        return "; ".join(str(GAP_LABELS[g]) for g in value)


class CourseTable(tables.Table):
    title = tables.Column(verbose_name=_("Course"), linkify=True)
    kind = tables.Column(verbose_name=_("Kind"))
    starts_on = tables.DateColumn(verbose_name=_("Starts on"), format="SHORT_DATE_FORMAT")
    ends_on = tables.DateColumn(verbose_name=_("Ends on"), format="SHORT_DATE_FORMAT")
    place = tables.Column(verbose_name=_("Place"))
    invited_count = tables.Column(verbose_name=_("Invited"))
    attended_count = tables.Column(verbose_name=_("Attended"))

    class Meta:
        model = Course
        fields = ("title", "kind", "starts_on", "ends_on", "place", "invited_count", "attended_count")
        order_by = ("-starts_on",)
        attrs = {"class": "table table-hover align-middle mb-0"}
        empty_text = _("No course matches these filters.")
