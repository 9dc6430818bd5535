import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from khcn.accounts.models import User
from khcn.accounts.roles import Role
from khcn.core.forms import KhcnFilterSet
from khcn.core.text import nfc

INACTIVE, ALL = "inactive", "all"


class UserFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    role = django_filters.ChoiceFilter(
        label=_("Role"), choices=Role.choices, method="by_role", empty_label=_("All roles")
    )
    # Empty (the default) lists the accounts that can sign in.
    state = django_filters.ChoiceFilter(
        label=_("Accounts"),
        choices=[(INACTIVE, _("Deactivated accounts")), (ALL, _("All accounts"))],
        method="by_state",
        empty_label=_("Active accounts"),
    )

    class Meta:
        model = User
        fields = ["q", "role", "state"]

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        if not self.form.cleaned_data.get("state"):
            queryset = queryset.filter(is_active=True)
        return super().filter_queryset(queryset)

    def by_state(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(is_active=False) if value == INACTIVE else queryset

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = nfc(value)
        return queryset.filter(Q(username__icontains=value) | Q(full_name__icontains=value))

    def by_role(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(grants__role=value, grants__is_active=True).distinct()
