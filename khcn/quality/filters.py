"""The filters of the board and of the course list (django-filter)."""

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from khcn.core.bounds import YEAR_MAX, YEAR_MIN, form_year
from khcn.core.forms import KhcnFilterSet, KhcnForm
from khcn.core.text import fold
from khcn.quality.models import Course, CourseKind
from khcn.quality.tables import GAP_LABELS


class BoardFilterForm(KhcnForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    gap = forms.ChoiceField(label=_("Gap"), required=False, choices=[("", _("Any")), *GAP_LABELS.items()])
    # The units whose ISO 9001 system was certified or announced in the year (the city board).
    applied_year = form_year(label=_("ISO system applied in"), required=False)


class CourseFilter(KhcnFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=CourseKind.choices)
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="starts_on", lookup_expr="year", min_value=YEAR_MIN, max_value=YEAR_MAX
    )

    class Meta:
        model = Course
        fields = ["q", "kind", "year"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        ids = [c.pk for c in queryset.only("pk", "title", "topic") if fold(value) in fold(f"{c.title} {c.topic}")]
        return queryset.filter(pk__in=ids)
