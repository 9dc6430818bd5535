"""The filters of the initiatives' list (django-filter)."""

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from khcn.core.bounds import YEAR_MAX, YEAR_MIN
from khcn.core.forms import KhcnFilterSet
from khcn.core.text import fold
from khcn.geo.models import AdminUnit
from khcn.initiatives.models import InfluenceScope, Initiative, InitiativeField, InitiativeStatus
from khcn.initiatives.selectors import recognised_in_q


def _units(request: Any) -> QuerySet[AdminUnit]:
    from khcn.accounts.scoping import visible

    user = getattr(request, "user", None)
    return visible(AdminUnit.objects.filter(initiatives__isnull=False).distinct(), user).order_by("level", "sort_key")


class InitiativeFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=InitiativeStatus.choices)
    unit = django_filters.ModelChoiceFilter(label=_("Unit"), field_name="unit", queryset=_units)
    field = django_filters.ChoiceFilter(label=_("Field of application"), choices=InitiativeField.choices)
    influence_scope = django_filters.ChoiceFilter(label=_("Scope of influence"), choices=InfluenceScope.choices)
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="created_at", lookup_expr="year", min_value=YEAR_MIN, max_value=YEAR_MAX
    )
    # The year of the recognition decision (the city board counts by it: city_figures.py).
    recognised_year = django_filters.NumberFilter(
        label=_("Year recognised"), method="by_recognised_year", min_value=YEAR_MIN, max_value=YEAR_MAX
    )

    class Meta:
        model = Initiative
        fields = ["q", "status", "unit", "field", "influence_scope", "year", "recognised_year"]

    def by_recognised_year(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset.filter(recognised_in_q(int(value))) if value else queryset

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        for word in fold(value).split()[:8]:
            queryset = queryset.filter(Q(title_folded__contains=word) | Q(authors__name_folded__contains=word))
        return queryset.distinct()
