"""The list of initiatives (django-tables2)."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from khcn.initiatives.models import Initiative


class InitiativeTable(tables.Table):
    title = tables.Column(verbose_name=_("Initiative"), linkify=True, order_by=("title_folded", "pk"))
    owner = tables.Column(verbose_name=_("Unit or organisation"), accessor="owner_label", orderable=False)
    field = tables.Column(verbose_name=_("Field of application"))
    first_applied_on = tables.DateColumn(verbose_name=_("First applied"), format="SHORT_DATE_FORMAT")
    influence_scope = tables.Column(verbose_name=_("Scope of influence"))
    status = tables.Column(verbose_name=_("Status"))
    created_at = tables.DateColumn(verbose_name=_("Recorded on"), format="SHORT_DATE_FORMAT")

    class Meta:
        model = Initiative
        fields = ("title", "owner", "field", "first_applied_on", "influence_scope", "status", "created_at")
        order_by = ("-created_at",)
        attrs = {"class": "table table-hover align-middle mb-0"}
        empty_text = _("No initiative matches these filters.")
