"""The search form: the query and its filters (kind, unit subtree, year, status)."""

from typing import Any, cast

from django import forms
from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from khcn.accounts.scoping import scope_for, visible
from khcn.core.bounds import form_year
from khcn.core.kept import Kept
from khcn.core.searchable import source_get, source_list
from khcn.geo.models import AdminUnit, UnitLevel
from khcn.search.query import Filters

QUERY_MAX = 200


def unit_choices(user: Any) -> QuerySet[AdminUnit]:
    """The units offered as a filter: the provinces and districts the user sees, and the units
    of the user's own grants (a commune officer's commune); a national list of communes would
    make every results page heavy."""
    scope = scope_for(user)
    upper = visible(AdminUnit.objects.filter(level__in=[UnitLevel.PROVINCE, UnitLevel.DISTRICT]), user)
    if not scope.unit_paths:
        return upper.order_by("path")
    # One filter (either side read from its index), not a subquery tested on every unit.
    return (upper | AdminUnit.objects.filter(path__in=list(scope.unit_paths))).order_by("path")


# The units offered, by the user's scope (and their labels by the language too): every results
# page shows them. The queryset is kept unevaluated; the field takes a copy.
_offered_from: Kept[QuerySet[AdminUnit]] = Kept(seconds=60.0, size=256)
_offered: Kept[list[Any]] = Kept(seconds=60.0, size=256)


class _Listed(forms.models.ModelChoiceIterator):
    """The choices from the queryset read as a list (Django's iterator reads it through a
    server-side cursor: on PostgreSQL three statements and the rows kept until the end) and
    kept a minute under the field's `offered_key`."""

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        key = getattr(self.field, "offered_key", None)
        if key is None:
            yield from (self.choice(obj) for obj in self.queryset)
        else:
            yield from _offered.get_or_make(key, lambda: [self.choice(obj) for obj in self.queryset])


# The filters' <select> as rendered, by everything the HTML depends on: Django renders each
# option through a template, and the unit filter has dozens on every results page.
_rendered: Kept[str] = Kept(seconds=60.0, size=1024)


class _KeptSelect(forms.Select):
    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> Any:
        choices = tuple((str(v), str(label)) for v, label in self.choices)
        key = (name, str(value), repr(sorted({**self.attrs, **(attrs or {})}.items())), choices, type(renderer))
        return _rendered.get_or_make(key, lambda: super(_KeptSelect, self).render(name, value, attrs, renderer))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=QUERY_MAX, required=False, strip=True)
    kind = forms.ChoiceField(label=_("Kind"), required=False, widget=_KeptSelect)
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=AdminUnit.objects.none(), required=False, widget=_KeptSelect
    )
    unit.iterator = _Listed
    year = form_year(label=_("Year"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, widget=_KeptSelect)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = cast(forms.ChoiceField, self.fields["kind"])
        kind.choices = [("", _("All"))] + [(s.kind, s.label) for s in source_list()]
        unit = cast(forms.ModelChoiceField, self.fields["unit"])
        unit.queryset = _offered_from.get_or_make((connection.alias, scope_for(user)), lambda: unit_choices(user))
        unit.offered_key = (scope_for(user), get_language())  # type: ignore[attr-defined]
        unit.empty_label = str(_("All"))
        source = source_get(str(self.data.get("kind", "")))
        statuses = list(source.statuses) if source else []
        cast(forms.ChoiceField, self.fields["status"]).choices = [("", _("All")), *statuses]
        self.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off", "class": "form-control"})
        for name in ("kind", "unit", "status"):
            self.fields[name].widget.attrs["class"] = "form-select"
        self.fields["year"].widget.attrs["class"] = "form-control"

    @property
    def has_statuses(self) -> bool:
        return len(self.fields["status"].choices) > 1  # type: ignore[attr-defined]

    def filters(self) -> Filters:
        data = self.cleaned_data
        unit = data.get("unit")
        return Filters(
            kind=data.get("kind") or "",
            unit_path=unit.path if unit else "",
            year=data.get("year"),
            status=data.get("status") or "",
        )
