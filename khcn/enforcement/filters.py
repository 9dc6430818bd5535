"""The filters of the inspection and decision lists."""

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khcn.core.bounds import YEAR_MAX, YEAR_MIN
from khcn.core.forms import KhcnFilterSet
from khcn.enforcement.models import Area, Decision, Inspection, InspectionKind, RemedyState
from khcn.registers.filters import folded_search


class InspectionFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=100)
    area = django_filters.ChoiceFilter(label=_("Area inspected"), choices=Area.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=InspectionKind.choices)
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="starts_on", lookup_expr="year", min_value=YEAR_MIN, max_value=YEAR_MAX
    )

    class Meta:
        model = Inspection
        fields = ["q", "area", "kind", "year"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return folded_search(queryset, value, "organisation__name", "team", "findings", "decision_number")


def remedy_q(state: str, today: Any) -> Q:
    if state == RemedyState.NONE:
        return Q(remedy_due_on__isnull=True)
    if state == RemedyState.DONE:
        return Q(remedy_due_on__isnull=False, remedy_done_on__isnull=False)
    if state == RemedyState.OVERDUE:
        return Q(remedy_done_on__isnull=True, remedy_due_on__lt=today)
    return Q(remedy_done_on__isnull=True, remedy_due_on__gte=today)


class DecisionFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=100)
    area = django_filters.ChoiceFilter(label=_("Area inspected"), choices=Area.choices, field_name="inspection__area")
    remedy = django_filters.ChoiceFilter(label=_("Remedy"), choices=RemedyState.choices, method="by_remedy")
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="issued_on", lookup_expr="year", min_value=YEAR_MIN, max_value=YEAR_MAX
    )

    class Meta:
        model = Decision
        fields = ["q", "area", "remedy", "year"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return folded_search(queryset, value, "number", "violation", "remedies", "inspection__organisation__name")

    def by_remedy(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset.filter(remedy_q(value, timezone.localdate()))
