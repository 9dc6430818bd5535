"""The filters of the expert list (django-filter)."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from khcn.core.forms import KhcnFilterSet
from khcn.core.text import fold
from khcn.experts.fields import SUBFIELD_CHOICES
from khcn.experts.forms.experts import units_current
from khcn.experts.models import Availability, Expert, ProfileStatus
from khcn.research.models import ScienceField

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _units(request: Any) -> QuerySet:
    return units_current()


class ExpertFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    field = django_filters.ChoiceFilter(label=_("Field group"), choices=ScienceField.choices)
    subfield = django_filters.ChoiceFilter(label=_("Field"), choices=SUBFIELD_CHOICES, method="by_subfield")
    availability = django_filters.ChoiceFilter(label=_("Availability"), choices=Availability.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ProfileStatus.choices)
    consent = django_filters.ChoiceFilter(label=_("Public consent"), choices=YES_NO, method="by_consent")
    unit = django_filters.ModelChoiceFilter(label=_("Based in"), queryset=_units)

    class Meta:
        model = Expert
        fields = ["q", "field", "subfield", "availability", "status", "consent", "unit"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Every word of the name, organisation or keywords, with or without diacritics."""
        for word in fold(value).split():
            queryset = queryset.filter(search_folded__contains=word)
        return queryset

    def by_subfield(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(subfields__contains=f" {value} ")

    def by_consent(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(public_consent=value == "yes")
