"""The one number filter of the pages: `{% load numbers %}` then `{{ value|number }}`.

"1.500" and "2.500,5", as people write numbers in Vietnam (khcn.core.numbers.format_number);
`{{ value|number:1 }}` keeps at most one decimal. None reads as "", so add `|default:"—"`.
"""

from typing import Any

from django import template

from khcn.core.numbers import format_number

register = template.Library()


@register.filter(name="number")
def number(value: Any, places: int = 2) -> str:
    return format_number(value, int(places))
