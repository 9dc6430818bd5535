"""The filters of the products app's lists (django-filter), by area."""

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from khcn.core.bounds import YEAR_MAX, YEAR_MIN
from khcn.core.forms import KhcnFilterSet
from khcn.core.text import fold, nfc
from khcn.geo.models import AdminUnit, UnitLevel
from khcn.products.alerts import ip_renewal_due_q, ip_stalled_q, ocop_expiring_q
from khcn.products.models import IpAsset, IpKind, IpStage, OcopRating, Producer, ProducerKind, Product, ProductCategory

# ---- Catalogue: producers and products ----


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


class CommuneChoiceFilter(django_filters.ModelChoiceFilter):
    """A commune, by its full name; the choices are the user's communes (set by the filter set)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("queryset", AdminUnit.objects.none())
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


def commune_choices(user: object) -> QuerySet[AdminUnit]:
    from khcn.accounts.scoping import visible

    return visible(AdminUnit.objects.filter(level=UnitLevel.COMMUNE).current(), user).order_by("sort_key")


STALLED, RENEWAL_DUE = "stalled", "renewal_due"


class IpAssetFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=IpKind.choices)
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=IpStage.choices)
    unit = CommuneChoiceFilter(label=_("Commune"))
    alert = django_filters.ChoiceFilter(
        label=_("Alert"),
        choices=[(STALLED, _("Stalled")), (RENEWAL_DUE, _("Renewal due"))],
        method="by_alert",
    )
    # The years the IP statistics and the city board count by (khcn/ipstats, city_figures.py).
    filed_year = django_filters.NumberFilter(
        label=_("Year filed"), field_name="filed_on", lookup_expr="year", min_value=YEAR_MIN, max_value=YEAR_MAX
    )
    granted_year = django_filters.NumberFilter(
        label=_("Year granted"), field_name="granted_on", lookup_expr="year", min_value=YEAR_MIN, max_value=YEAR_MAX
    )

    class Meta:
        model = IpAsset
        fields = ["q", "kind", "stage", "unit", "alert", "filed_year", "granted_year"]

    def __init__(self, *args: object, user: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.filters["unit"].queryset = commune_choices(user)  # type: ignore[attr-defined]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """A word of the sign's name, its owner, application or certificate number."""
        value = nfc(value).strip()
        return queryset.filter(
            Q(name__icontains=value)
            | Q(owner_name__icontains=value)
            | Q(application_number__icontains=value)
            | Q(certificate_number__icontains=value)
            | Q(unit__name_folded__contains=fold(value))
        )

    def by_alert(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        today = timezone.localdate()
        return queryset.filter(ip_stalled_q(today) if value == STALLED else ip_renewal_due_q(today))


EXPIRING, EXPIRED, VALID = "expiring", "expired", "valid"


class OcopRatingFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    stars = django_filters.ChoiceFilter(label=_("Stars"), choices=[(5, "5★"), (4, "4★"), (3, "3★")])
    year = django_filters.NumberFilter(label=_("Year"), field_name="rating_year", min_value=2000, max_value=2100)
    unit = CommuneChoiceFilter(label=_("Commune"), field_name="product__unit")
    validity = django_filters.ChoiceFilter(
        label=_("Validity"),
        choices=[(VALID, _("Valid")), (EXPIRING, _("Expiring soon")), (EXPIRED, _("Expired"))],
        method="by_validity",
    )

    class Meta:
        model = OcopRating
        fields = ["q", "stars", "year", "unit", "validity"]

    def __init__(self, *args: object, user: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.filters["unit"].queryset = commune_choices(user)  # type: ignore[attr-defined]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = nfc(value).strip()
        return queryset.filter(Q(product__name_folded__contains=fold(value)) | Q(decision_number__icontains=value))

    def by_validity(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        today = timezone.localdate()
        if value == VALID:
            return queryset.filter(valid_until__gte=today)
        if value == EXPIRED:
            return queryset.filter(valid_until__lt=today)
        return queryset.filter(ocop_expiring_q(today), valid_until__gte=today)


# ---- Batches ----

# ---- Board ----
