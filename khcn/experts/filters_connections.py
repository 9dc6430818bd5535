"""Filters of the connections list (django-filter)."""

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khcn.accounts.scoping import visible
from khcn.core.forms import KhcnFilterSet
from khcn.core.text import fold, nfc
from khcn.experts.models import Connection, Expert, Outcome
from khcn.experts.selectors.home import RECENT_DAYS, connection_recent_q
from khcn.geo.models import AdminUnit, UnitLevel
from khcn.research.models import ScienceField


class ConnectionFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    outcome = django_filters.ChoiceFilter(label=_("Outcome"), choices=Outcome.choices)
    field = django_filters.ChoiceFilter(label=_("Field group"), choices=ScienceField.choices, method="by_field")
    unit = django_filters.ModelChoiceFilter(label=_("Commune"), queryset=AdminUnit.objects.none())
    expert = django_filters.ModelChoiceFilter(label=_("Expert"), queryset=Expert.objects.none())
    # The home page's card of a commune's recent connections links here.
    recent = django_filters.ChoiceFilter(
        label=_("Introduced when"),
        choices=[(str(RECENT_DAYS), _("In the last 30 days"))],
        method="by_recent",
    )

    class Meta:
        model = Connection
        fields = ["q", "outcome", "field", "unit", "expert", "recent"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = visible(  # type: ignore[attr-defined]
            AdminUnit.objects.filter(level=UnitLevel.COMMUNE).current(), user
        ).order_by("sort_key")
        # Only the experts named in a connection the user sees: a short list, never the registry.
        named = visible(Connection.objects.filter(expert__isnull=False), user).values("expert_id")
        self.filters["expert"].queryset = Expert.objects.filter(pk__in=named)  # type: ignore[attr-defined]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """A word of the demand, the item, the expert, the technology or the parties; without
        diacritics too (folded columns)."""
        value = nfc(value).strip()
        folded = fold(value)
        return queryset.filter(
            Q(demand__title_folded__contains=folded)
            | Q(technology__title_folded__contains=folded)
            | Q(expert__name_folded__contains=folded)
            | Q(unit__name_folded__contains=folded)
            | Q(followup__text__icontains=value)
            | Q(parties__icontains=value)
        )

    def by_field(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Q(demand__field=value)
            | (Q(demand__field="") | Q(demand__isnull=True)) & (Q(technology__field=value) | Q(expert__field=value))
        )

    def by_recent(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(connection_recent_q(timezone.localdate()))
