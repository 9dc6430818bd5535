"""Small display helpers of IP dossiers and OCOP ratings."""

from typing import Any

from django import template

from khcn.products.models import IpStage

register = template.Library()

# Bootstrap's badge colours by stage: grey before filing, blue at the IP Office, green granted.
STAGE_BADGES: dict[str, str] = {
    IpStage.SURVEY: "text-bg-light border",
    IpStage.DOSSIER: "text-bg-light border",
    IpStage.FILED: "text-bg-info",
    IpStage.FORMAL_EXAM: "text-bg-info",
    IpStage.PUBLISHED: "text-bg-info",
    IpStage.SUBSTANTIVE_EXAM: "text-bg-info",
    IpStage.GRANTED: "text-bg-success",
    IpStage.REFUSED: "text-bg-danger",
    IpStage.WITHDRAWN: "text-bg-secondary",
}


@register.filter
def ip_stage_badge(stage: str) -> str:
    """The badge classes of a stage."""
    return STAGE_BADGES.get(stage, "text-bg-light border")


@register.filter
def star_text(stars: int) -> str:
    return "★" * int(stars or 0)


@register.filter
def product_url(product: Any) -> str:
    """The product's page."""
    return str(product.get_absolute_url())
