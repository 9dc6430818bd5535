"""What the shared table template (components/table.html) needs beyond django-tables2."""

from typing import Any

from django import template
from django.utils import translation
from django.utils.translation import gettext as _

register = template.Library()

# Query parameters that page, sort or export a list without filtering it.
NOT_FILTERS = {"page", "sort", "per_page", "export", "view"}


def filters_active(request: Any, table: Any = None) -> bool:
    """Whether the list was asked for with at least one filter value."""
    if request is None:
        return False
    ignored = set(NOT_FILTERS)
    if table is not None:
        ignored |= {table.prefixed_page_field, table.prefixed_order_by_field, table.prefixed_per_page_field}
    return any(value.strip() for key, values in request.GET.lists() if key not in ignored for value in values)


@register.filter(name="filters_active")
def filters_active_filter(request: Any) -> bool:
    """`{% if request|filters_active %}`: for lists drawn without the table template."""
    return filters_active(request)


@register.simple_tag(takes_context=True)
def table_empty_text(context: Any, table: Any) -> str:
    """The table's "nothing matches these filters" text only when a filter is set.

    A list nobody filtered says it has nothing yet (a table may name that in
    `empty_text_unfiltered`), not that filters hid everything (issue 13, defect 13); an empty
    text that is not about filters ("No target yet: add one") shows as it is.
    """
    text = table.empty_text
    if filters_active(context.get("request"), table) or not text:
        return str(text or _("Nothing to list yet."))
    with translation.override("en"):
        english = str(text).lower()  # the message id of a lazy text, whatever the language
    about_filters = "filter" in english or "lọc" in english
    if about_filters:
        return str(getattr(table, "empty_text_unfiltered", None) or _("Nothing to list yet."))
    return str(text)
