"""The filters of the radiation lists (django-filter); `q` searches with diacritics folded."""

from datetime import timedelta
from typing import Any

import django_filters
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khcn.core.bounds import YEAR_MAX, YEAR_MIN
from khcn.core.forms import KhcnFilterSet
from khcn.radiation.models import (
    Facility,
    FacilityKind,
    Incident,
    Licence,
    LicenceState,
    Severity,
    Source,
    SourceKind,
    SourceStatus,
)
from khcn.registers.filters import folded_search


class FacilityFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=100)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=FacilityKind.choices)

    class Meta:
        model = Facility
        fields = ["q", "kind"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return folded_search(queryset, value, "name", "organisation__name", "address", "unit__name")


class SourceFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=100)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=SourceKind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=SourceStatus.choices)

    class Meta:
        model = Source
        fields = ["q", "kind", "status"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return folded_search(queryset, value, "model_name", "serial", "isotope", "facility__name")


class LicenceFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=100)
    state = django_filters.ChoiceFilter(label=_("State"), choices=LicenceState.choices, method="by_state")
    valid_on = django_filters.DateFilter(label=_("Valid on"), method="by_valid_on")
    year = django_filters.NumberFilter(
        label=_("Issued in"), field_name="issued_on", lookup_expr="year", min_value=YEAR_MIN, max_value=YEAR_MAX
    )

    class Meta:
        model = Licence
        fields = ["q", "state", "valid_on", "year"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return folded_search(queryset, value, "number", "activities", "facility__name", "facility__organisation__name")

    def by_state(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset.filter(licence_state_q(value, timezone.localdate()))

    def by_valid_on(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset.filter(issued_on__lte=value, expires_on__gte=value)


def licence_state_q(state: str, today: Any) -> Q:
    """The licences in `state` on `today` (the notice period is KHCN_RADIATION_LICENCE_NOTICE_DAYS)."""
    limit = today + timedelta(days=settings.KHCN_RADIATION_LICENCE_NOTICE_DAYS)
    if state == LicenceState.EXPIRED:
        return Q(expires_on__lt=today)
    if state == LicenceState.EXPIRING:
        return Q(expires_on__gte=today, expires_on__lte=limit)
    return Q(expires_on__gt=limit)


class IncidentFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=100)
    severity = django_filters.ChoiceFilter(label=_("Severity"), choices=Severity.choices)
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="occurred_on", lookup_expr="year", min_value=YEAR_MIN, max_value=YEAR_MAX
    )

    class Meta:
        model = Incident
        fields = ["q", "severity", "year"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return folded_search(queryset, value, "description", "measures", "facility__name")
