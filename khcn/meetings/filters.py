from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from khcn.core.bounds import YEAR_MAX, YEAR_MIN
from khcn.core.forms import KhcnFilterSet
from khcn.core.text import fold, nfc
from khcn.geo.models import Organisation, OrganisationKind
from khcn.meetings.models import (
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    Meeting,
    MeetingLevel,
    MeetingRound,
    MeetingStatus,
    MeetingUnit,
    Topic,
)
from khcn.meetings.selectors import open_q, overdue_q, unassigned_q


class MeetingFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    round = django_filters.ModelChoiceFilter(
        label=_("Session round"), queryset=MeetingRound.objects.all(), empty_label=_("All rounds")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=MeetingStatus.choices, empty_label=_("All"))
    level = django_filters.ChoiceFilter(label=_("Level"), choices=MeetingLevel.choices, empty_label=_("All levels"))

    class Meta:
        model = Meeting
        fields = ["q", "round", "status", "level"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """A word of the title, or the name of a unit of the cluster, with or without diacritics."""
        folded = fold(value)
        units = MeetingUnit.objects.filter(meeting=OuterRef("pk"), unit__name_folded__contains=folded)
        return queryset.filter(Q(title__icontains=value) | Exists(units))


OPEN, OVERDUE, UNASSIGNED = "open", "overdue", "none"


class ItemFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), field_name="text", lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=FollowUpKind.choices, empty_label=_("All kinds"))
    state = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(OPEN, _("Not closed")), (OVERDUE, _("Overdue")), *FollowUpStatus.choices],
        empty_label=_("All"),
        method="by_state",
    )
    topic = django_filters.ChoiceFilter(label=_("Topic"), choices=Topic.choices, empty_label=_("All topics"))
    office = django_filters.ModelChoiceFilter(
        label=_("Department division"),
        field_name="assignee_office",
        queryset=Organisation.objects.filter(kind=OrganisationKind.DEPARTMENT_OFFICE).order_by("name"),
        empty_label=_("All divisions"),
        null_label=_("No division assigned yet"),
        null_value=UNASSIGNED,
        method="by_office",
    )
    level = django_filters.ChoiceFilter(
        label=_("Level"), field_name="meeting__level", choices=MeetingLevel.choices, empty_label=_("All levels")
    )
    due_year = django_filters.NumberFilter(
        label=_("Deadline in year"), field_name="due_on__year", min_value=YEAR_MIN, max_value=YEAR_MAX
    )

    class Meta:
        model = FollowUp
        fields = ["q", "kind", "state", "topic", "office", "level", "due_year"]

    def by_office(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        if value == UNASSIGNED:
            return queryset.filter(unassigned_q())
        return queryset.filter(assignee_office=value)

    def by_state(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == OPEN:
            return queryset.filter(open_q())
        if value == OVERDUE:
            return queryset.filter(overdue_q())
        return queryset.filter(status=value)


class RoundFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    year = django_filters.NumberFilter(label=_("Year"))

    class Meta:
        model = MeetingRound
        fields = ["q", "year"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = nfc(value)
        return queryset.filter(Q(name__icontains=value) | Q(purpose__icontains=value))
