"""The filters of the register of S&T enterprises (django-filter)."""

from datetime import date

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from khcn.core.bounds import YEAR_MAX, YEAR_MIN
from khcn.core.forms import KhcnFilterSet
from khcn.core.text import fold
from khcn.enterprises.models import Certificate, IncentiveKind
from khcn.enterprises.selectors import valid_q

STATES = [("valid", _("In force")), ("revoked", _("Revoked"))]


class CertificateFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    year = django_filters.NumberFilter(
        label=_("Year issued"), field_name="issued_on", lookup_expr="year", min_value=YEAR_MIN, max_value=YEAR_MAX
    )
    state = django_filters.ChoiceFilter(label=_("State"), choices=STATES, method="by_state")
    incentive = django_filters.ChoiceFilter(
        label=_("Incentive"), choices=IncentiveKind.choices, field_name="incentives__kind", distinct=True
    )
    valid_in = django_filters.NumberFilter(
        label=_("In force at the end of"), method="in_force_at_end", min_value=YEAR_MIN, max_value=YEAR_MAX
    )

    class Meta:
        model = Certificate
        fields = ["q", "year", "state", "incentive", "valid_in"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        folded = fold(value)
        return queryset.filter(
            Q(number__icontains=value)
            | Q(organisation__name_folded__contains=folded)
            | Q(organisation__tax_code__icontains=value)
            | Q(results__icontains=value)
        )

    def by_state(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(revoked_on__isnull=(value == "valid"))

    def in_force_at_end(self, queryset: QuerySet, name: str, value: object) -> QuerySet:
        return queryset.filter(valid_q(date(int(value), 12, 31))) if value else queryset  # type: ignore[call-overload]
