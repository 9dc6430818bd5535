"""The filters of the technology offers' list (django-filter)."""

from datetime import timedelta

import django_filters
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khcn.core.forms import KhcnFilterSet
from khcn.core.text import fold
from khcn.experts.fields import SUBFIELD_CHOICES
from khcn.experts.models import Maturity, OfferStatus, TechIpStatus, Technology
from khcn.research.models import ScienceField

EXPIRING_CHOICES = [("soon", _("Confirmation due soon")), ("expired", _("Listing expired"))]


class TechnologyFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    field = django_filters.ChoiceFilter(label=_("Field group"), choices=ScienceField.choices)
    subfield = django_filters.ChoiceFilter(label=_("Field"), choices=SUBFIELD_CHOICES, method="by_subfield")
    maturity = django_filters.ChoiceFilter(label=_("Maturity (TRL)"), choices=Maturity.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=OfferStatus.choices)
    ip_status = django_filters.ChoiceFilter(label=_("Intellectual property"), choices=TechIpStatus.choices)
    expiring = django_filters.ChoiceFilter(label=_("Listing"), choices=EXPIRING_CHOICES, method="by_expiring")

    class Meta:
        model = Technology
        fields = ["q", "field", "subfield", "maturity", "status", "ip_status", "expiring"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Words of the name or the owner, with or without diacritics."""
        folded = fold(value)
        return queryset.filter(
            Q(title_folded__contains=folded)
            | Q(owner_expert__name_folded__contains=folded)
            | Q(owner_name__icontains=value.strip())
        )

    def by_subfield(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(subfields__contains=f" {value} ")

    def by_expiring(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        today = timezone.localdate()
        published = queryset.filter(status=OfferStatus.PUBLISHED)
        if value == "expired":
            return published.filter(expires_on__lt=today)
        limit = today + timedelta(days=settings.KHCN_TECH_CONFIRM_NOTICE_DAYS)
        return published.filter(expires_on__gte=today, expires_on__lte=limit)


class CatalogueFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    field = django_filters.ChoiceFilter(label=_("Field group"), choices=ScienceField.choices)
    maturity = django_filters.ChoiceFilter(label=_("Maturity (TRL)"), choices=Maturity.choices)

    class Meta:
        model = Technology
        fields = ["q", "field", "maturity"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(title_folded__contains=fold(value))
