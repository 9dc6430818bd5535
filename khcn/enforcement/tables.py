"""The inspection and decision lists (django-tables2)."""

from typing import Any

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from khcn.enforcement.models import Decision, Inspection, RemedyState

ATTRS = {"class": "table table-hover align-middle mb-0"}
REMEDY_CSS: dict[str, str] = {
    RemedyState.NONE: "text-bg-light",
    RemedyState.PENDING: "text-bg-info",
    RemedyState.OVERDUE: "text-bg-danger",
    RemedyState.DONE: "text-bg-success",
}


class InspectionTable(tables.Table):
    starts_on = tables.DateColumn(verbose_name=_("Starts on"), format="SHORT_DATE_FORMAT", linkify=True)
    organisation = tables.Column(verbose_name=_("Organisation"), order_by=("organisation__name",))
    area = tables.Column(verbose_name=_("Area inspected"))
    kind = tables.Column(verbose_name=_("Kind"))
    unit = tables.Column(verbose_name=_("Commune or ward"), order_by=("unit__sort_key",))
    decision_count = tables.Column(verbose_name=_("Decisions"), empty_values=(), orderable=False)

    class Meta:
        model = Inspection
        fields = ("starts_on", "organisation", "area", "kind", "unit", "decision_count")
        attrs = ATTRS
        empty_text = _("No inspection matches these filters.")

    def render_decision_count(self, record: Inspection) -> Any:
        return len(record.decisions.all())

    def value_decision_count(self, record: Inspection) -> int:
        return len(record.decisions.all())


class DecisionTable(tables.Table):
    number = tables.Column(verbose_name=_("Decision number"), linkify=True)
    issued_on = tables.DateColumn(verbose_name=_("Issued on"), format="SHORT_DATE_FORMAT")
    organisation = tables.Column(
        verbose_name=_("Organisation"),
        accessor="inspection__organisation",
        order_by=("inspection__organisation__name",),
    )
    fine_vnd = tables.Column(verbose_name=_("Fine (VND)"))
    remedy_due_on = tables.DateColumn(verbose_name=_("Remedy deadline"), format="SHORT_DATE_FORMAT")
    remedy = tables.Column(verbose_name=_("Remedy"), empty_values=(), orderable=False)

    class Meta:
        model = Decision
        fields = ("number", "issued_on", "organisation", "fine_vnd", "remedy_due_on", "remedy")
        attrs = ATTRS
        empty_text = _("No decision matches these filters.")

    def render_fine_vnd(self, value: int) -> str:
        return f"{value:,}".replace(",", ".")

    def value_fine_vnd(self, value: int) -> int:
        return value

    def render_remedy(self, record: Decision) -> Any:
        state = record.remedy_state(timezone.localdate())
        return format_html('<span class="badge {}">{}</span>', REMEDY_CSS[state], RemedyState(state).label)

    def value_remedy(self, record: Decision) -> str:
        return str(RemedyState(record.remedy_state(timezone.localdate())).label)
