import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from khcn.core.forms import KhcnFilterSet
from khcn.core.text import fold
from khcn.geo.models import Organisation, OrganisationKind


class OrganisationFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=OrganisationKind.choices, empty_label=_("All kinds"))

    class Meta:
        model = Organisation
        fields = ["q", "kind"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(name_folded__contains=fold(value))
