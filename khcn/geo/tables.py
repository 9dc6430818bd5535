import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from khcn.geo.models import Organisation


class OrganisationTable(tables.Table):
    name = tables.Column(verbose_name=_("Name"), linkify=True, order_by=("sort_key",))
    kind = tables.Column(verbose_name=_("Kind"))
    unit = tables.Column(verbose_name=_("Administrative unit"), order_by=("unit__sort_key",))
    phone = tables.Column(verbose_name=_("Phone"), orderable=False)
    updated_at = tables.DateTimeColumn(verbose_name=_("Last updated"), format="SHORT_DATETIME_FORMAT")

    class Meta:
        model = Organisation
        fields = ("name", "kind", "unit", "phone", "updated_at")
        order_by = ("name",)
        attrs = {"class": "table table-hover align-middle mb-0"}
        empty_text = _("No organisation matches these filters.")
