"""The filters of the products app's lists (django-filter), by area."""

# ---- Catalogue: producers and products ----
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from khcn.core.forms import KhcnFilterSet
from khcn.core.text import fold
from khcn.geo.models import AdminUnit, UnitLevel
from khcn.products.models import Producer, ProducerKind, Product, ProductCategory


def _communes(request: Any) -> QuerySet[AdminUnit]:
    from khcn.accounts.scoping import visible

    today = timezone.localdate()
    current = Q(valid_to__isnull=True) | Q(valid_to__gte=today)
    user = getattr(request, "user", None)
    return visible(AdminUnit.objects.filter(current, level=UnitLevel.COMMUNE), user).order_by("sort_key", "pk")


class _CommuneChoice(django_filters.ModelChoiceFilter):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            label=_("Commune"), field_name="unit", queryset=_communes, empty_label=_("All communes"), **kwargs
        )


class ProducerFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    unit = _CommuneChoice()
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ProducerKind.choices, empty_label=_("All kinds"))

    class Meta:
        model = Producer
        fields = ["q", "unit", "kind"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Words of the name, with or without diacritics (the folded name)."""
        return queryset.filter(name_folded__contains=fold(value))


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class ProductFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    unit = _CommuneChoice()
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=ProductCategory.choices, empty_label=_("All categories")
    )
    published = django_filters.ChoiceFilter(
        label=_("Public page"), choices=YES_NO, empty_label=_("All"), method="by_published"
    )
    ocop = django_filters.ChoiceFilter(
        label=capfirst(_("OCOP rating")), choices=YES_NO, empty_label=_("All"), method="by_ocop"
    )

    class Meta:
        model = Product
        fields = ["q", "unit", "category", "published", "ocop"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        folded = fold(value)
        return queryset.filter(Q(name_folded__contains=folded) | Q(gtin=value.strip()))

    def by_published(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(is_published=value == "yes")

    def by_ocop(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(has_ocop=value == "yes")


# ---- IP dossiers and OCOP ratings ----

# ---- Batches ----

# ---- Board ----
