"""Tables of the setup lists: programmes, targets, periods (sortable, paged, exportable)."""

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from khcn.programs.models import Program, ReportingPeriod, Target
from khcn.programs.selectors import CLOSED, OPEN, UPCOMING, period_state

STATE_LABELS = {
    UPCOMING: pgettext_lazy("period state", "Not open yet"),
    OPEN: pgettext_lazy("period state", "Open"),
    CLOSED: pgettext_lazy("period state", "Closed"),
}
TABLE_ATTRS = {"class": "table table-hover align-middle mb-0"}


class ProgramTable(tables.Table):
    code = tables.Column(verbose_name=_("Code"), linkify=True, attrs={"td": {"class": "text-nowrap"}})
    name = tables.Column(verbose_name=_("Name"), attrs={"td": {"class": "col-text"}})
    issuing_body = tables.Column(verbose_name=_("Issuing body"))
    years = tables.Column(verbose_name=_("Years"), order_by=("start_year", "end_year"), empty_values=(), accessor="pk")
    successor = tables.Column(verbose_name=_("Followed by"), order_by=("successor__code",))
    indicator_count = tables.Column(verbose_name=_("Indicators"), attrs={"td": {"class": "text-end"}})
    period_count = tables.Column(verbose_name=_("Periods"), attrs={"td": {"class": "text-end"}})

    class Meta:
        model = Program
        fields = ("code", "name", "issuing_body", "years", "successor", "indicator_count", "period_count")
        order_by = ("-years",)
        attrs = TABLE_ATTRS
        empty_text = _("No programme matches these filters.")

    def render_years(self, record: Program) -> str:
        return f"{record.start_year}–{record.end_year}"

    def value_years(self, record: Program) -> str:
        return self.render_years(record)

    def render_successor(self, value: Program) -> str:
        return value.code


def _number(value: Any) -> str:
    normal = value.normalize() if value == value.to_integral_value() else value
    return number_format(normal, use_l10n=True, force_grouping=True)


class TargetTable(tables.Table):
    indicator = tables.Column(
        verbose_name=_("Indicator"), order_by=("indicator__group__position", "indicator__position", "indicator__code")
    )
    unit = tables.Column(verbose_name=_("Unit"), order_by=("unit__sort_key",), default=_("Whole city"))
    year = tables.Column(verbose_name=_("Year"))
    value = tables.Column(verbose_name=_("Target value"), attrs={"td": {"class": "text-end text-nowrap"}})
    actions = tables.Column(
        verbose_name=_("Actions"), orderable=False, empty_values=(), accessor="pk", exclude_from_export=True
    )

    class Meta:
        model = Target
        fields = ("indicator", "unit", "year", "value", "actions")
        order_by = ("-year", "indicator")
        attrs = TABLE_ATTRS
        empty_text = _("No target yet: add one, or import them from Excel.")

    def render_indicator(self, value: Any, record: Target) -> str:
        return format_html(
            '<a href="{}"><span class="fw-semibold">{}</span> {}</a>',
            reverse("programs:target_edit", args=[record.pk]),
            value.code,
            value.name,
        )

    def value_indicator(self, value: Any) -> str:
        return str(value)

    def render_unit(self, value: Any) -> str:
        return value.full_name

    def render_value(self, value: Any, record: Target) -> str:
        unit = record.indicator.unit_of_measure
        return f"{_number(value)} {unit}".strip()

    def value_value(self, value: Any) -> Any:
        return value

    def render_actions(self, record: Target) -> str:
        return format_html(
            '<a class="btn btn-sm btn-outline-primary" href="{}" aria-label="{} {}">{}</a> '
            '<a class="btn btn-sm btn-outline-danger" href="{}" aria-label="{} {}">{}</a>',
            reverse("programs:target_edit", args=[record.pk]),
            _("Edit"),
            str(record),
            _("Edit"),
            reverse("programs:target_delete", args=[record.pk]),
            _("Delete"),
            str(record),
            _("Delete"),
        )


class PeriodTable(tables.Table):
    name = tables.Column(verbose_name=_("Period"), linkify=("programs:period_detail", [tables.A("pk")]))
    program = tables.Column(verbose_name=_("Programme"), order_by=("program__code",))
    kind = tables.Column(verbose_name=_("Kind"))
    year = tables.Column(verbose_name=_("Year"))
    opens_on = tables.DateColumn(verbose_name=_("Opens on"), format="SHORT_DATE_FORMAT")
    due_on = tables.DateColumn(verbose_name=_("Deadline"), format="SHORT_DATE_FORMAT")
    closes_on = tables.DateColumn(verbose_name=_("Closes on"), format="SHORT_DATE_FORMAT", default="—")
    state = tables.Column(verbose_name=_("State"), orderable=False, empty_values=(), accessor="pk")
    report_count = tables.Column(verbose_name=_("Reports"), attrs={"td": {"class": "text-end"}})

    class Meta:
        model = ReportingPeriod
        fields = ("name", "program", "kind", "year", "opens_on", "due_on", "closes_on", "state", "report_count")
        order_by = ("-opens_on",)
        attrs = TABLE_ATTRS
        empty_text = _("No reporting period matches these filters.")

    def render_program(self, value: Program) -> str:
        return value.code

    def value_program(self, value: Program) -> str:
        return value.code

    def render_state(self, record: ReportingPeriod) -> str:
        state = period_state(record)
        return format_html('<span class="badge period-state-{}">{}</span>', state, STATE_LABELS[state])

    def value_state(self, record: ReportingPeriod) -> str:
        return str(STATE_LABELS[period_state(record)])
