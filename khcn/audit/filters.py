import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from khcn.audit.models import AuditEvent, AuditKind
from khcn.core.forms import DateInput, KhcnFilterSet
from khcn.core.text import nfc


class AuditEventFilter(KhcnFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Event"), choices=AuditKind.choices, empty_label=_("All events"))
    user = django_filters.CharFilter(label=_("User"), method="by_user")
    since = django_filters.DateFilter(label=_("From"), field_name="at", lookup_expr="date__gte", widget=DateInput())
    until = django_filters.DateFilter(label=_("To"), field_name="at", lookup_expr="date__lte", widget=DateInput())

    class Meta:
        model = AuditEvent
        fields = ["kind", "user", "since", "until"]

    def by_user(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = nfc(value).strip()
        return queryset.filter(Q(username__icontains=value) | Q(user__full_name__icontains=value))
