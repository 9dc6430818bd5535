"""The filters of the appraisals' list (django-filter)."""

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khcn.appraisal import selectors
from khcn.appraisal.models import Appraisal, Conclusion, Sector
from khcn.core.bounds import YEAR_MAX, YEAR_MIN
from khcn.core.forms import KhcnFilterSet
from khcn.core.text import fold

STATE_CHOICES = [
    ("waiting", _("Waiting for the opinion")),
    ("late", _("Late: past the time limit without an opinion")),
    ("answered", _("Opinion issued")),
    ("on_time", _("Opinion issued on time")),
    ("answered_late", _("Opinion issued late")),
]


class AppraisalFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    state = django_filters.ChoiceFilter(label=_("State"), choices=STATE_CHOICES, method="by_state")
    sector = django_filters.ChoiceFilter(label=_("Sector"), choices=Sector.choices)
    conclusion = django_filters.ChoiceFilter(label=_("Conclusion"), choices=Conclusion.choices)
    received_year = django_filters.NumberFilter(
        label=_("Received in (year)"),
        field_name="received_on",
        lookup_expr="year",
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
    )
    opinion_year = django_filters.NumberFilter(
        label=_("Opinion issued in (year)"),
        field_name="opinion_date",
        lookup_expr="year",
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
    )

    class Meta:
        model = Appraisal
        fields = ["q", "state", "sector", "conclusion", "received_year", "opinion_year"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(search_folded__contains=fold(value))

    def by_state(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        today = timezone.localdate()
        match value:
            case "waiting":
                return queryset.filter(selectors.waiting_q())
            case "late":
                return queryset.filter(selectors.late_q(today=today))
            case "answered":
                return queryset.filter(opinion_date__isnull=False)
            case "on_time":
                return queryset.filter(selectors.answered_on_time_q())
            case _:
                return queryset.filter(selectors.answered_late_q())
