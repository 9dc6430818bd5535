"""The one number format of the pages (issue 13, defect 11)."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from khcn.core.numbers import format_number


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (Decimal("1500.0"), 2, "1.500"),
        (Decimal("4000"), 2, "4.000"),
        (4000, 2, "4.000"),
        (Decimal("2500.5"), 2, "2.500,5"),
        (Decimal("-1234567.891"), 2, "-1.234.567,89"),
        (Decimal("12.3456"), 1, "12,3"),
        (Decimal("999"), 2, "999"),
        (0.25, 2, "0,25"),
        (None, 2, ""),
        ("not a number", 2, ""),
        (Decimal("NaN"), 2, ""),
    ],
)
def test_format_number_groups_thousands_with_dots_and_drops_empty_decimals(value, places, text) -> None:
    assert format_number(value, places) == text


def test_the_number_filter_formats_in_any_page_language() -> None:
    template = Template('{% load numbers %}{{ a|number }} · {{ b|number:1 }} · {{ c|number|default:"—" }}')
    assert template.render(Context({"a": Decimal("1500.0"), "b": Decimal("0.55"), "c": None})) == "1.500 · 0,6 · —"
