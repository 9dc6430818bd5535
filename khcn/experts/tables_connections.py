"""The connections table (django-tables2): page, sort and .xlsx export."""

from typing import Any

import django_tables2 as tables
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from khcn.experts.models import Connection, Outcome

OUTCOME_BADGES = {
    Outcome.PENDING: "text-bg-secondary",
    Outcome.MEETING: "text-bg-info",
    Outcome.SITE_VISIT: "text-bg-info",
    Outcome.CONTRACT: "text-bg-primary",
    Outcome.TRANSFERRED: "text-bg-success",
    Outcome.NO_FIT: "text-bg-light",
}


def request_label(record: Connection) -> str:
    if record.demand_id is not None:
        return str(record.demand)
    return Truncator(record.followup.text if record.followup else "").chars(80)


class ConnectionTable(tables.Table):
    introduced_on = tables.DateColumn(verbose_name=_("Introduced on"), format="SHORT_DATE_FORMAT")
    request = tables.Column(verbose_name=_("Request"), empty_values=(), orderable=False)
    unit = tables.Column(verbose_name=_("Commune"), accessor="unit__name", order_by=("unit__sort_key",))
    expert = tables.Column(verbose_name=_("Expert"), order_by=("expert__name_folded",))
    technology = tables.Column(verbose_name=_("Technology"), order_by=("technology__title_folded",))
    outcome = tables.Column(verbose_name=_("Outcome"))
    outcome_on = tables.DateColumn(verbose_name=_("Outcome on"), format="SHORT_DATE_FORMAT")
    closes_request = tables.BooleanColumn(verbose_name=_("Answers the request"))

    class Meta:
        model = Connection
        fields = (
            "introduced_on",
            "request",
            "unit",
            "expert",
            "technology",
            "outcome",
            "outcome_on",
            "closes_request",
        )
        order_by = ("-introduced_on",)
        attrs = {"class": "table table-hover align-middle mb-0"}
        empty_text = _("No connection matches these filters.")

    def render_request(self, record: Connection) -> SafeString:
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), request_label(record))

    def value_request(self, record: Connection) -> str:
        return request_label(record)

    def render_unit(self, record: Connection) -> str:
        return record.unit.full_name

    def value_unit(self, record: Connection) -> str:
        return record.unit.full_name

    def render_outcome(self, value: str, record: Connection) -> SafeString:
        return format_html('<span class="badge {}">{}</span>', OUTCOME_BADGES[Outcome(record.outcome)], value)

    def value_outcome(self, value: str) -> str:
        return value

    def value_introduced_on(self, value: Any) -> Any:
        return value

    def value_outcome_on(self, value: Any) -> Any:
        return date_format(value, "SHORT_DATE_FORMAT") if value else ""
