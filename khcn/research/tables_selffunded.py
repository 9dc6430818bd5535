"""The list of tasks without state budget (django-tables2)."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from khcn.research.models import SelfFundedTask


class SelfFundedTable(tables.Table):
    title = tables.Column(verbose_name=_("Task name"), linkify=True, order_by=("title_folded", "pk"))
    organisation = tables.Column(verbose_name=_("Organisation"), order_by=("organisation__name", "pk"))
    field = tables.Column(verbose_name=_("Field"))
    funding_million = tables.Column(verbose_name=_("Funding (million VND)"))
    received_on = tables.DateColumn(verbose_name=_("Request received on"), format="SHORT_DATE_FORMAT")
    status = tables.Column(verbose_name=_("Status"))
    decision_number = tables.Column(verbose_name=_("Decision number"))
    decision_date = tables.DateColumn(verbose_name=_("Decision date"), format="SHORT_DATE_FORMAT")

    class Meta:
        model = SelfFundedTask
        fields = (
            "title",
            "organisation",
            "field",
            "funding_million",
            "received_on",
            "status",
            "decision_number",
            "decision_date",
        )
        order_by = ("-received_on",)
        attrs = {"class": "table table-hover align-middle mb-0"}
        empty_text = _("No request matches these filters.")
