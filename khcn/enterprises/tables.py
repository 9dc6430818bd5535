"""The register of S&T enterprises as a table (django-tables2)."""

from typing import Any

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from khcn.enterprises.models import Certificate


class CertificateTable(tables.Table):
    number = tables.Column(verbose_name=_("Certificate number"), linkify=True)
    organisation = tables.Column(verbose_name=_("Enterprise"), order_by=("organisation__sort_key", "pk"))
    tax_code = tables.Column(verbose_name=_("Tax code"), accessor="organisation__tax_code")
    unit = tables.Column(
        verbose_name=_("Unit"), accessor="organisation__unit__name", order_by=("organisation__unit__sort_key", "pk")
    )
    issued_on = tables.DateColumn(verbose_name=_("Issued on"), format="SHORT_DATE_FORMAT")
    incentive_count = tables.Column(
        verbose_name=_("Incentives"), attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}}
    )
    state = tables.Column(
        verbose_name=_("State"), accessor="revoked_on", order_by=("revoked_on", "pk"), empty_values=()
    )

    class Meta:
        model = Certificate
        fields = ("number", "organisation", "tax_code", "unit", "issued_on", "incentive_count", "state")
        order_by = ("-issued_on",)
        attrs = {"class": "table table-hover align-middle mb-0"}
        empty_text = _("No certificate matches these filters.")

    def render_state(self, record: Certificate) -> Any:
        if record.revoked_on is not None:
            day = record.revoked_on.strftime("%d/%m/%Y")
            return format_html('<span class="badge text-bg-secondary">{} {}</span>', _("Revoked"), day)
        return format_html('<span class="badge text-bg-success">{}</span>', _("In force"))

    def value_state(self, record: Certificate) -> str:
        return f"{_('Revoked')} {record.revoked_on:%d/%m/%Y}" if record.is_revoked else str(_("In force"))
