"""The expert list (django-tables2)."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from khcn.experts.fields import subfield_label
from khcn.experts.models import Expert, subfield_codes

PERSONAL_COLUMNS = ("email", "phone")


class ExpertTable(tables.Table):
    full_name = tables.Column(
        verbose_name=_("Expert"), linkify=True, order_by=("name_folded", "pk"), accessor="display_name"
    )
    organisation_name = tables.Column(verbose_name=_("Works at"))
    field = tables.Column(verbose_name=_("Field group"))
    subfields = tables.Column(verbose_name=_("Fields"), orderable=False)
    availability = tables.Column(verbose_name=_("Availability"))
    status = tables.Column(verbose_name=_("Status"))
    public_consent = tables.BooleanColumn(verbose_name=_("Public"), yesno=("✔", "—"))
    email = tables.Column(verbose_name=_("E-mail"), orderable=False)
    phone = tables.Column(verbose_name=_("Phone"), orderable=False)

    class Meta:
        model = Expert
        fields = (
            "full_name",
            "organisation_name",
            "field",
            "subfields",
            "availability",
            "status",
            "public_consent",
            "email",
            "phone",
        )
        order_by = ("full_name",)
        attrs = {"class": "table table-hover align-middle mb-0"}
        empty_text = _("No expert matches these filters.")

    def render_subfields(self, value: str) -> str:
        return "; ".join(subfield_label(c) for c in subfield_codes(value)) or "—"
