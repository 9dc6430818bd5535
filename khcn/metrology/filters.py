"""The filters of the metrology lists."""

from datetime import timedelta
from typing import Any

import django_filters
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khcn.core.bounds import YEAR_MAX, YEAR_MIN
from khcn.core.forms import KhcnFilterSet
from khcn.metrology.models import (
    Announcement,
    AnnouncementKind,
    DueState,
    Instrument,
    InstrumentKind,
    InstrumentStatus,
    Laboratory,
    Result,
    Verification,
)
from khcn.registers.filters import folded_search


def due_q(state: str, today: Any) -> Q:
    """Instruments in a due state on `today` (notice: KHCN_VERIFICATION_NOTICE_DAYS)."""
    limit = today + timedelta(days=settings.KHCN_VERIFICATION_NOTICE_DAYS)
    if state == DueState.NEVER:
        return Q(next_due_on__isnull=True)
    if state == DueState.OVERDUE:
        return Q(next_due_on__lt=today)
    if state == DueState.DUE:
        return Q(next_due_on__gte=today, next_due_on__lte=limit)
    return Q(next_due_on__gt=limit)


class InstrumentKindFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=100)

    class Meta:
        model = InstrumentKind
        fields = ["q"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return folded_search(queryset, value, "name", "note")


class InstrumentFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=100)
    kind = django_filters.ModelChoiceFilter(label=_("Kind"), queryset=InstrumentKind.objects.all())
    due = django_filters.ChoiceFilter(label=_("Verification"), choices=DueState.choices, method="by_due")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=InstrumentStatus.choices)

    class Meta:
        model = Instrument
        fields = ["q", "kind", "due", "status"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return folded_search(queryset, value, "serial", "model_name", "organisation__name", "location", "kind__name")

    def by_due(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset.filter(due_q(value, timezone.localdate()))


class VerificationFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=100)
    result = django_filters.ChoiceFilter(label=_("Result"), choices=Result.choices)
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="verified_on", lookup_expr="year", min_value=YEAR_MIN, max_value=YEAR_MAX
    )

    class Meta:
        model = Verification
        fields = ["q", "result", "year"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return folded_search(
            queryset, value, "instrument__serial", "body", "certificate", "instrument__organisation__name"
        )


class AnnouncementFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=100)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=AnnouncementKind.choices)
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="received_on", lookup_expr="year", min_value=YEAR_MIN, max_value=YEAR_MAX
    )

    class Meta:
        model = Announcement
        fields = ["q", "kind", "year"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return folded_search(queryset, value, "number", "product", "standard_code", "organisation__name")


class LaboratoryFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=100)
    expiring = django_filters.BooleanFilter(label=_("Accreditation expiring"), method="by_expiring")

    class Meta:
        model = Laboratory
        fields = ["q", "expiring"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return folded_search(queryset, value, "name", "organisation__name", "fields_covered", "accreditation")

    def by_expiring(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        if value is None:
            return queryset
        limit = timezone.localdate() + timedelta(days=settings.KHCN_LAB_ACCREDITATION_NOTICE_DAYS)
        q = Q(accreditation_expires_on__lte=limit)
        return queryset.filter(q) if value else queryset.exclude(q)
