"""The filters of the programmes' list (django-filter)."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from khcn.core.bounds import YEAR_MAX, YEAR_MIN
from khcn.core.forms import KhcnFilterSet
from khcn.research.models import TaskProgramme


class ProgrammeFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    active_year = django_filters.NumberFilter(
        label=_("Running in (year)"), method="running_in", min_value=YEAR_MIN, max_value=YEAR_MAX
    )

    class Meta:
        model = TaskProgramme
        fields = ["q", "active_year"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value) | Q(document__icontains=value))

    def running_in(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.filter(
            Q(start_year__isnull=True) | Q(start_year__lte=value), Q(end_year__isnull=True) | Q(end_year__gte=value)
        )
