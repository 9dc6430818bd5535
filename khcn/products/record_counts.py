"""The counts over product records a programme indicator can be bound to (issue 14, item 7):
granted collective marks, products with QR traceability, OCOP products. Registered with
khcn.core.record_counts in ProductsConfig.ready.

Each counts the records of a unit's subtree, and of the former communes that passed (wholly or
partly) into a unit of that subtree, as they stood at the end of the period. One query each.
"""

from datetime import date

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from khcn.core import record_counts
from khcn.geo.models import AdminUnit, UnitSuccession
from khcn.products.models import IpAsset, IpKind, IpStage, OcopRating, Product


def _in_unit(unit: AdminUnit, field: str = "unit") -> Q:
    subtree = AdminUnit.objects.subtree(unit).values("pk")
    former = UnitSuccession.objects.filter(successor__in=subtree).values("predecessor_id")
    return Q(**{f"{field}__in": subtree}) | Q(**{f"{field}__in": former})


def collective_marks_granted(unit: AdminUnit, period_end: date) -> int:
    """Collective marks granted on or before the end of the period (certificate in hand)."""
    return (
        IpAsset.objects.filter(_in_unit(unit), kind=IpKind.COLLECTIVE_MARK, stage=IpStage.GRANTED)
        .filter(granted_on__lte=period_end)
        .count()
    )


def products_traced(unit: AdminUnit, period_end: date) -> int:
    """Products with a public traceability page (QR code), published by the end of the period."""
    published = Q(published_at__isnull=True) | Q(published_at__date__lte=period_end)
    return Product.objects.filter(_in_unit(unit), published, is_published=True).count()


def products_ocop(unit: AdminUnit, period_end: date) -> int:
    """Products holding an OCOP rating in force at the end of the period."""
    in_force = OcopRating.objects.filter(
        product=OuterRef("pk"), decision_date__lte=period_end, valid_until__gte=period_end
    )
    return Product.objects.filter(_in_unit(unit), Exists(in_force)).count()


def register_sources() -> None:
    record_counts.register("products.collective_marks_granted", _("Collective marks granted"), collective_marks_granted)
    record_counts.register("products.traced", _("Products with QR traceability"), products_traced)
    record_counts.register("products.ocop", _("OCOP products (rating in force)"), products_ocop)
