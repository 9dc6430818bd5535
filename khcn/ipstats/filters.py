"""The filters of the province's IP statistics (django-filter): a range of years, the kinds,
and a word of the source or notes."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from khcn.core.bounds import YEAR_MAX, YEAR_MIN
from khcn.core.forms import KhcnFilterSet
from khcn.core.text import nfc
from khcn.ipstats.models import IpKind, IpStatistic


class StatisticFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    year_from = django_filters.NumberFilter(
        label=_("From year"), field_name="year", lookup_expr="gte", min_value=YEAR_MIN, max_value=YEAR_MAX
    )
    year_to = django_filters.NumberFilter(
        label=_("To year"), field_name="year", lookup_expr="lte", min_value=YEAR_MIN, max_value=YEAR_MAX
    )
    kind = django_filters.MultipleChoiceFilter(label=_("IP kind"), choices=IpKind.choices)

    class Meta:
        model = IpStatistic
        fields = ["q", "year_from", "year_to", "kind"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = nfc(value).strip()
        return queryset.filter(Q(source__icontains=value) | Q(note__icontains=value))
