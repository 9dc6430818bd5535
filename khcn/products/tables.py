"""The lists of the products app (django-tables2), by area."""

from typing import Any

import django_tables2 as tables
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from khcn.products.alerts import is_ocop_expiring, is_renewal_due, is_stalled
from khcn.products.models import IpAsset, OcopRating, Producer, Product
from khcn.products.templatetags.ip_tags import ip_stage_badge, product_url

# ---- Catalogue: producers and products ----


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


def _day(value: object) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else "—"  # type: ignore[arg-type]


class IpAssetTable(tables.Table):
    name = tables.Column(verbose_name=_("Mark or indication"), attrs={"td": {"class": "col-name"}})
    kind = tables.Column(verbose_name=_("Kind"))
    unit = tables.Column(verbose_name=_("Commune"), order_by=("unit__sort_key",), accessor="unit__full_name")
    stage = tables.Column(verbose_name=_("Stage"))
    stage_since = tables.DateColumn(verbose_name=_("Since"), format="SHORT_DATE_FORMAT")
    application_number = tables.Column(verbose_name=_("Application number"))
    certificate_number = tables.Column(verbose_name=pgettext_lazy("IP", "Certificate number"))
    expires_on = tables.Column(verbose_name=_("Protection until"))

    class Meta:
        model = IpAsset
        fields = (
            "name",
            "kind",
            "unit",
            "stage",
            "stage_since",
            "application_number",
            "certificate_number",
            "expires_on",
        )
        order_by = ("stage_since",)
        attrs = {"class": "table table-hover align-middle mb-0"}
        empty_text = _("No dossier matches these filters.")

    def render_name(self, value: str, record: IpAsset) -> SafeString:
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), value)

    def value_name(self, value: str) -> str:
        return value

    def render_stage(self, value: str, record: IpAsset) -> SafeString:
        today = timezone.localdate()
        badge = format_html('<span class="badge {}">{}</span>', ip_stage_badge(record.stage), value)
        if is_stalled(record, today):
            return format_html('{} <span class="badge text-bg-danger">{}</span>', badge, _("stalled"))
        return badge

    def value_stage(self, value: str) -> str:
        return value

    def render_expires_on(self, value: object, record: IpAsset) -> SafeString | str:
        if is_renewal_due(record, timezone.localdate()):
            return format_html('{} <span class="badge text-bg-warning">{}</span>', _day(value), _("renewal due"))
        return _day(value)

    def value_expires_on(self, value: object) -> object:
        return value


class OcopRatingTable(tables.Table):
    product = tables.Column(verbose_name=_("Product"), order_by=("product__name_folded",))
    unit = tables.Column(
        verbose_name=_("Commune"), accessor="product__unit__full_name", order_by=("product__unit__sort_key",)
    )
    stars = tables.Column(verbose_name=_("Stars"), attrs={"td": {"class": "text-nowrap"}})
    score = tables.Column(verbose_name=_("Score"), attrs={"td": {"class": "text-end"}})
    level = tables.Column(verbose_name=_("Level"))
    rating_year = tables.Column(verbose_name=_("Rating year"), localize=False)
    decision_number = tables.Column(verbose_name=_("Decision no."))
    decision_date = tables.DateColumn(verbose_name=_("Decision date"), format="SHORT_DATE_FORMAT")
    valid_until = tables.Column(verbose_name=_("Valid until"))

    class Meta:
        model = OcopRating
        fields = (
            "product",
            "unit",
            "stars",
            "score",
            "level",
            "rating_year",
            "decision_number",
            "decision_date",
            "valid_until",
        )
        order_by = ("valid_until",)
        attrs = {"class": "table table-hover align-middle mb-0"}
        empty_text = _("No OCOP rating matches these filters.")

    def render_product(self, value: object, record: OcopRating) -> SafeString:
        return format_html('<a href="{}">{}</a>', product_url(record.product), record.product.name)

    def value_product(self, value: object, record: OcopRating) -> str:
        return record.product.name

    def render_stars(self, value: int) -> SafeString:
        return format_html(
            '<span aria-hidden="true">{}</span><span class="visually-hidden">{}</span>',
            "★" * value,
            _("%(n)s stars") % {"n": value},
        )

    def value_stars(self, value: int) -> int:
        return value

    def render_valid_until(self, value: object, record: OcopRating) -> SafeString | str:
        today = timezone.localdate()
        if record.valid_until < today:
            return format_html('{} <span class="badge text-bg-secondary">{}</span>', _day(value), _("expired"))
        if is_ocop_expiring(record, today, has_newer=getattr(record, "has_newer", False)):
            return format_html('{} <span class="badge text-bg-warning">{}</span>', _day(value), _("expiring"))
        return _day(value)

    def value_valid_until(self, value: object) -> object:
        return value


# ---- Batches ----

# ---- Board ----
