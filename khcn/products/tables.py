"""The lists of the products app (django-tables2), by area."""

# ---- Catalogue: producers and products ----
from typing import Any

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from khcn.products.models import Producer, Product


class ProducerTable(tables.Table):
    name = tables.Column(verbose_name=_("Producer"), linkify=True, order_by=("name_folded", "pk"))
    kind = tables.Column(verbose_name=_("Kind"))
    unit = tables.Column(verbose_name=_("Commune"), order_by=("unit__sort_key", "name_folded"))
    phone = tables.Column(verbose_name=capfirst(_("business phone")))
    representative = tables.Column(verbose_name=capfirst(_("representative")))
    representative_phone = tables.Column(verbose_name=capfirst(_("representative's phone")), orderable=False)

    class Meta:
        model = Producer
        fields = ("name", "kind", "unit", "phone", "representative", "representative_phone")
        order_by = ("name",)
        attrs = {"class": "table table-hover align-middle mb-0"}
        empty_text = _("No producer matches these filters.")


class ProductTable(tables.Table):
    name = tables.Column(verbose_name=_("Product"), linkify=True, order_by=("name_folded", "pk"))
    category = tables.Column(verbose_name=_("Category"))
    unit = tables.Column(verbose_name=_("Commune"), order_by=("unit__sort_key", "name_folded"))
    producer_names = tables.Column(verbose_name=_("Producers"), orderable=False, empty_values=(), accessor="pk")
    ocop_stars = tables.Column(verbose_name=_("OCOP"), attrs={"td": {"class": "text-nowrap"}})
    is_published = tables.BooleanColumn(verbose_name=_("Public page"), yesno=("✔", "—"))

    class Meta:
        model = Product
        fields = ("name", "category", "unit", "producer_names", "ocop_stars", "is_published")
        order_by = ("name",)
        attrs = {"class": "table table-hover align-middle mb-0"}
        empty_text = _("No product matches these filters.")

    def render_producer_names(self, record: Product) -> str:
        return ", ".join(p.name for p in record.producers.all()) or "—"

    def render_ocop_stars(self, value: Any) -> str:
        return format_html('<span aria-label="{}">{}</span>', _("%(n)s stars") % {"n": value}, "★" * int(value))


# ---- IP dossiers and OCOP ratings ----

# ---- Batches ----

# ---- Board ----
