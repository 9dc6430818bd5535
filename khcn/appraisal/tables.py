"""The list of technology appraisals (django-tables2); a late dossier's row is highlighted."""

from typing import Any

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from khcn.appraisal.models import Appraisal


def _row_class(record: Appraisal, **kwargs: Any) -> str:
    return "table-danger" if record.is_late(timezone.localdate()) else ""


class AppraisalTable(tables.Table):
    project_name = tables.Column(verbose_name=_("Project"), linkify=True, order_by=("search_folded", "pk"))
    investor_name = tables.Column(verbose_name=_("Investor"))
    unit = tables.Column(verbose_name=_("Located in"), order_by=("unit__sort_key", "pk"))
    # In the export, not on the page (the project's name needs the room).
    sector = tables.Column(verbose_name=_("Sector"), visible=False)
    incoming_number = tables.Column(verbose_name=_("Document number"), visible=False)
    received_on = tables.DateColumn(verbose_name=_("Received on"), format="SHORT_DATE_FORMAT")
    due_on = tables.DateColumn(verbose_name=_("Time limit"), format="SHORT_DATE_FORMAT")
    state = tables.Column(verbose_name=_("State"), empty_values=(), order_by=("opinion_date", "due_on", "pk"))
    opinion_date = tables.DateColumn(verbose_name=_("Opinion issued on"), format="SHORT_DATE_FORMAT")
    conclusion = tables.Column(verbose_name=_("Conclusion"))

    class Meta:
        model = Appraisal
        fields = (
            "project_name",
            "investor_name",
            "unit",
            "sector",
            "incoming_number",
            "received_on",
            "due_on",
            "state",
            "opinion_date",
            "conclusion",
        )
        order_by = ("-received_on",)
        attrs = {"class": "table table-hover align-middle mb-0"}
        row_attrs = {"class": _row_class}
        empty_text = _("No dossier matches these filters.")

    def render_state(self, record: Appraisal) -> Any:
        return format_html('<span class="badge {}">{}</span>', *state_badge(record))

    def value_state(self, record: Appraisal) -> str:
        return str(state_badge(record)[1])


def state_badge(record: Appraisal) -> tuple[str, Any]:
    """The badge class and text of a dossier's state against its time limit."""
    if record.opinion_date is None:
        if record.is_late(timezone.localdate()):
            return "text-bg-danger", _("Late")
        return "text-bg-warning", _("Waiting")
    if record.answered_late:
        return "text-bg-secondary", _("Answered late")
    return "text-bg-success", _("Answered on time")
