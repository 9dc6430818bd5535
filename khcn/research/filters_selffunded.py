"""The filters of the list of tasks without state budget (django-filter)."""

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from khcn.core.bounds import YEAR_MAX, YEAR_MIN
from khcn.core.forms import KhcnFilterSet
from khcn.core.text import fold
from khcn.research.models import ScienceField, SelfFundedStatus, SelfFundedTask


class SelfFundedFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=SelfFundedStatus.choices)
    field = django_filters.ChoiceFilter(label=_("Field"), choices=ScienceField.choices)
    decided = django_filters.BooleanFilter(label=_("Evaluated"), method="by_decided")
    decision_year = django_filters.NumberFilter(
        label=_("Decided in (year)"),
        field_name="decision_date",
        lookup_expr="year",
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
    )

    class Meta:
        model = SelfFundedTask
        fields = ["q", "status", "field", "decided", "decision_year"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(title_folded__contains=fold(value))

    def by_decided(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        from khcn.research.models import DECIDED

        if value is None:
            return queryset
        return queryset.filter(status__in=DECIDED) if value else queryset.exclude(status__in=DECIDED)
