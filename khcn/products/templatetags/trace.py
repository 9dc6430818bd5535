"""Template tags of the traceability area."""

from typing import Any

from django import template
from django.utils import timezone

from khcn.products.selectors.trace import scan_totals

register = template.Library()


@register.simple_tag
def product_scans(product: Any) -> dict[str, int]:
    """A product's scans, in all and in the last 30 days (one query), for its page's batch card."""
    return scan_totals(product=product, today=timezone.localdate())
