"""What the search finds among administrative units (issue 17): every unit, for everyone."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from khcn.core.searchable import SearchDoc, SearchSource, text_of
from khcn.geo.models import AdminUnit


def _document(unit: AdminUnit) -> SearchDoc:
    parent = unit.parent.full_name if unit.parent is not None else ""
    return SearchDoc(
        title=unit.full_name,
        text=text_of(unit.code, parent),
        url=unit.get_absolute_url(),
        unit_id=unit.pk,
        year=unit.valid_from.year if unit.valid_from else None,
    )


def _everyone(queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
    return queryset  # the unit tree is open to every signed-in user (geo:unit_tree)


SOURCES = (
    SearchSource(
        kind="geo.unit",
        label=_("Administrative units"),
        model=AdminUnit,
        document=_document,
        queryset=lambda: AdminUnit.objects.select_related("parent"),
        visible=_everyone,
    ),
)
