"""The filters of the demands' list (django-filter)."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from khcn.core.forms import KhcnFilterSet
from khcn.core.text import fold
from khcn.experts.models import Demand, DemandSource, DemandStatus
from khcn.experts.selectors.home import demand_open_q, demand_unconnected_q
from khcn.geo.models import AdminUnit

# The home page's cards link here: a commune's open demands, the Department's unconnected ones.
STATE_CHOICES = [("open", _("Not answered yet")), ("unconnected", _("No connection yet"))]


def _communes(request: Any) -> QuerySet[AdminUnit]:
    from khcn.accounts.scoping import visible
    from khcn.experts.forms.demands import communes_in_force

    return visible(communes_in_force(), getattr(request, "user", None))


class DemandFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=DemandStatus.choices)
    unit = django_filters.ModelChoiceFilter(label=_("Commune"), field_name="unit", queryset=_communes)
    field = django_filters.ChoiceFilter(label=_("Field group"), choices=Demand._meta.get_field("field").choices)
    source = django_filters.ChoiceFilter(label=_("Source"), choices=DemandSource.choices)
    state = django_filters.ChoiceFilter(label=_("Waiting for an answer"), choices=STATE_CHOICES, method="by_state")

    class Meta:
        model = Demand
        fields = ["q", "status", "unit", "field", "source", "state"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(title_folded__contains=fold(value))

    def by_state(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(demand_unconnected_q() if value == "unconnected" else demand_open_q())
