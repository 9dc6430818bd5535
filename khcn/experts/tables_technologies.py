"""The list of technology offers (django-tables2)."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from khcn.experts.models import Technology


class TechnologyTable(tables.Table):
    title = tables.Column(verbose_name=_("Technology"), linkify=True, order_by=("title_folded", "pk"))
    field = tables.Column(verbose_name=_("Field group"))
    maturity = tables.Column(verbose_name=_("TRL"), attrs={"td": {"class": "text-nowrap"}})
    owner = tables.Column(verbose_name=_("Owner"), empty_values=(), orderable=False, accessor="pk")
    status = tables.Column(verbose_name=_("Status"))
    expires_on = tables.DateColumn(verbose_name=_("Listed until"), format="SHORT_DATE_FORMAT")

    class Meta:
        model = Technology
        fields = ("title", "field", "maturity", "owner", "status", "expires_on")
        order_by = ("title",)
        attrs = {"class": "table table-hover align-middle mb-0"}
        empty_text = _("No technology matches these filters.")

    def render_maturity(self, record: Technology) -> str:
        return f"TRL {record.maturity}"

    def render_owner(self, record: Technology) -> str:
        if record.owner_expert_id:
            return str(record.owner_expert)
        if record.owner_organisation_id:
            return str(record.owner_organisation)
        return record.owner_name or "—"

    def value_owner(self, record: Technology) -> str:
        return self.render_owner(record)
