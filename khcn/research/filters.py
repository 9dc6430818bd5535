import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from khcn.core.forms import KhcnFilterSet
from khcn.core.text import fold
from khcn.research.models import PlanCall, Proposal, ProposalStatus, ScienceField


class ProposalFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    call = django_filters.ModelChoiceFilter(
        label=_("Call"), queryset=PlanCall.objects.all(), empty_label=_("All calls")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ProposalStatus.choices, empty_label=_("All"))
    field = django_filters.ChoiceFilter(label=_("Field"), choices=ScienceField.choices, empty_label=_("All fields"))

    class Meta:
        model = Proposal
        fields = ["q", "call", "status", "field"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(title_folded__contains=fold(value))
