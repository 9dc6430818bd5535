from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khcn.core.bounds import YEAR_MAX, YEAR_MIN
from khcn.core.forms import KhcnFilterSet
from khcn.core.text import fold, nfc
from khcn.research.models import (
    CallState,
    PlanCall,
    Proposal,
    ProposalStatus,
    ResearchTask,
    ScienceField,
    TaskStatus,
    TaskType,
)
from khcn.research.selectors import accepted_in_q, published_in_q


class ProposalFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    call = django_filters.ModelChoiceFilter(
        label=_("Call"), queryset=PlanCall.objects.all(), empty_label=_("All calls")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ProposalStatus.choices, empty_label=_("All"))
    field = django_filters.ChoiceFilter(label=_("Field"), choices=ScienceField.choices, empty_label=_("All fields"))

    class Meta:
        model = Proposal
        fields = ["q", "call", "status", "field"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(title_folded__contains=fold(value))


class TaskFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=TaskStatus.choices, empty_label=_("All"))
    field = django_filters.ChoiceFilter(label=_("Field"), choices=ScienceField.choices, empty_label=_("All fields"))
    task_type = django_filters.ChoiceFilter(
        label=_("Form of the task"), choices=TaskType.choices, empty_label=_("All forms")
    )
    # The years the city board counts by (city_figures.py): accepted (nghiệm thu), published.
    accepted_year = django_filters.NumberFilter(
        label=_("Year accepted"), method="by_accepted_year", min_value=YEAR_MIN, max_value=YEAR_MAX
    )
    published_year = django_filters.NumberFilter(
        label=_("Year results published"), method="by_published_year", min_value=YEAR_MIN, max_value=YEAR_MAX
    )

    class Meta:
        model = ResearchTask
        fields = ["q", "status", "field", "task_type", "accepted_year", "published_year"]

    def by_accepted_year(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset.filter(accepted_in_q(int(value))) if value else queryset

    def by_published_year(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset.filter(published_in_q(int(value))) if value else queryset

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        folded = fold(value)
        return queryset.filter(
            Q(title_folded__contains=folded) | Q(code__icontains=value) | Q(host_name__icontains=value)
        )


class CallFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    plan_year = django_filters.NumberFilter(label=_("Plan year"))
    state = django_filters.ChoiceFilter(
        label=_("Status"), choices=CallState.choices, empty_label=_("All"), method="by_state"
    )

    class Meta:
        model = PlanCall
        fields = ["q", "plan_year", "state"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(name__icontains=nfc(value)) | Q(description__icontains=nfc(value)))

    def by_state(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        today = timezone.localdate()
        if value == CallState.CLOSED:
            return queryset.filter(closed_at__isnull=False)
        running = queryset.filter(closed_at__isnull=True)
        if value == CallState.UPCOMING:
            return running.filter(opens_on__gt=today)
        if value == CallState.OPEN:
            return running.filter(opens_on__lte=today, closes_on__gte=today)
        return running.filter(closes_on__lt=today)
