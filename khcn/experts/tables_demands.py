"""The list of technology demands (django-tables2)."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from khcn.experts.models import Demand


class DemandTable(tables.Table):
    title = tables.Column(verbose_name=_("Demand"), linkify=True, order_by=("title_folded", "pk"))
    unit = tables.Column(verbose_name=_("Commune"), order_by=("unit__sort_key", "pk"))
    requester_name = tables.Column(verbose_name=_("Requester"))
    field = tables.Column(verbose_name=_("Field group"))
    source = tables.Column(verbose_name=_("Source"))
    status = tables.Column(verbose_name=_("Status"))
    created_at = tables.DateColumn(verbose_name=_("Recorded on"), format="SHORT_DATE_FORMAT")

    class Meta:
        model = Demand
        fields = ("title", "unit", "requester_name", "field", "source", "status", "created_at")
        order_by = ("-created_at",)
        attrs = {"class": "table table-hover align-middle mb-0"}
        empty_text = _("No demand matches these filters.")
