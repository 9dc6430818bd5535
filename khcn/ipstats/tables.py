"""The rows of the province's IP statistics as a table (django-tables2)."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from khcn.core.numbers import format_number
from khcn.ipstats.models import IpStatistic

NUMBER = {"td": {"class": "text-end"}, "th": {"class": "text-end"}}


class StatisticTable(tables.Table):
    year = tables.Column(verbose_name=_("Year"), linkify=True)
    kind = tables.Column(verbose_name=_("IP kind"), linkify=True)
    applications = tables.Column(verbose_name=_("Applications filed"), attrs=NUMBER)
    grants = tables.Column(verbose_name=_("Titles granted"), attrs=NUMBER)
    source = tables.Column(verbose_name=_("Source"))
    note = tables.Column(verbose_name=_("Notes"), orderable=False)

    class Meta:
        model = IpStatistic
        fields = ("year", "kind", "applications", "grants", "source", "note")
        order_by = ("-year", "kind")
        attrs = {"class": "table table-hover align-middle mb-0"}
        empty_text = _("No figure matches these filters.")

    def render_applications(self, value: int) -> str:
        return format_number(value, 0)

    def render_grants(self, value: int) -> str:
        return format_number(value, 0)

    def render_note(self, value: str) -> str:
        return value if len(value) <= 80 else value[:79] + "…"

    def value_note(self, value: str) -> str:
        return value

    def value_applications(self, value: int) -> int:
        return value

    def value_grants(self, value: int) -> int:
        return value
