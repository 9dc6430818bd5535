"""The filters of the fund's lists (django-filter)."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khcn.core.bounds import YEAR_MAX, YEAR_MIN
from khcn.core.forms import KhcnFilterSet
from khcn.core.text import fold
from khcn.fund.models import ApplicationStatus, Disbursement, FundApplication, FundCall, Repayment, SupportKind
from khcn.fund.selectors import overdue_q


def _year(label: object, field_name: str) -> django_filters.NumberFilter:
    return django_filters.NumberFilter(
        label=label, field_name=field_name, lookup_expr="year", min_value=YEAR_MIN, max_value=YEAR_MAX
    )


class CallFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    year = _year(_("Year"), "opens_on")

    class Meta:
        model = FundCall
        fields = ["q", "year"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(title__icontains=value) | Q(number__icontains=value))


class ApplicationFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    call = django_filters.ModelChoiceFilter(label=_("Intake call"), queryset=FundCall.objects.all())
    kind = django_filters.ChoiceFilter(label=_("Support"), choices=SupportKind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ApplicationStatus.choices)
    year = _year(_("Year received"), "received_on")
    decided_year = _year(_("Year decided"), "decided_on")

    class Meta:
        model = FundApplication
        fields = ["q", "call", "kind", "status", "year", "decided_year"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        folded = fold(value)
        return queryset.filter(
            Q(title_folded__contains=folded)
            | Q(organisation__name_folded__contains=folded)
            | Q(decision_number__icontains=value)
        )


class DisbursementFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    year = _year(_("Year paid"), "paid_on")
    kind = django_filters.ChoiceFilter(label=_("Support"), field_name="application__kind", choices=SupportKind.choices)

    class Meta:
        model = Disbursement
        fields = ["q", "year", "kind"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        folded = fold(value)
        return queryset.filter(
            Q(application__title_folded__contains=folded)
            | Q(application__organisation__name_folded__contains=folded)
            | Q(reference__icontains=value)
        )


class RepaymentFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    year = _year(_("Year due"), "due_on")
    overdue = django_filters.BooleanFilter(label=_("Overdue only"), method="only_overdue")

    class Meta:
        model = Repayment
        fields = ["q", "year", "overdue"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        folded = fold(value)
        return queryset.filter(
            Q(application__title_folded__contains=folded) | Q(application__organisation__name_folded__contains=folded)
        )

    def only_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value:
            return queryset.filter(overdue_q(timezone.localdate()))
        return queryset
