"""Reads the ingest pages need: the unit registry, the indicators and the catalogue's products to
match against, and what the session's page shows of an import."""

from typing import Any

from django.conf import settings
from django.db.models import Q

from khcn.accounts.scoping import visible
from khcn.core.text import fold
from khcn.geo.models import AdminUnit, UnitLevel, unit_full_name
from khcn.geo.selectors import province_get
from khcn.ingest.figures import IndicatorRef
from khcn.ingest.models import SessionFigure, SessionProduct
from khcn.ingest.units import KnownUnit, UnitDirectory, provinces_named
from khcn.meetings.quoted import QuotedRow
from khcn.products.models import Product
from khcn.programs.models import Indicator


def unit_directory(text: str = "") -> UnitDirectory:
    """The units of the deployment's province (all of them on a national deployment), current
    and former, for matching the names a text gives; and those of another province when `text`
    names that province ("xã Tân Chi, tỉnh Bắc Ninh"), a name of the deployment's own province
    still read as its unit (units.UnitDirectory.find)."""
    units = AdminUnit.objects.all()
    province = province_get() if settings.KHCN_PROVINCE_CODE else None
    home_path = province.path if province is not None else ""
    if province is not None:
        others: list[str] = []
        if text:
            provinces = AdminUnit.objects.filter(level=UnitLevel.PROVINCE).exclude(path__startswith=home_path)
            listed = list(provinces.values_list("pk", "name", "path"))
            named = provinces_named(text, [(pk, name) for pk, name, _path in listed])
            others = sorted({path for pk, _name, path in listed if pk in named})
        within = Q(path__startswith=home_path)
        for path in others:
            within |= Q(path__startswith=path)
        units = units.filter(within)
    rows = units.values_list("pk", "name", "unit_type", "valid_from", "valid_to", "path")
    return UnitDirectory(
        [
            KnownUnit(pk, name, kind, unit_full_name(kind, name), start, end, path.startswith(home_path))
            for pk, name, kind, start, end, path in rows
        ]
    )


def indicator_refs() -> list[IndicatorRef]:
    """The indicators of every programme, for naming the indicator a figure likely belongs to."""
    return [IndicatorRef(pk, name, code) for pk, name, code in Indicator.objects.values_list("pk", "name", "code")]


# -- products of the catalogue named in a text --------------------------------------------------


def _words_in(short: str, long: str) -> bool:
    return f" {short} " in f" {long} "


def product_candidates(*, user: Any, names: list[str], unit_ids: list[int]) -> dict[str, list[Product]]:
    """For each product name read from a text, the catalogue's products (products.Product) the
    user may see that it likely names: a product of one of the units named (or a unit below one,
    by its commune now or before the 2025 reform) whose name, folded for diacritics, is the
    name read or contains it or is contained in it word for word. The same name first, then the
    closest in length. One query for the units and one for the products, whatever the names."""
    out: dict[str, list[Product]] = {name: [] for name in names}
    if not names or not unit_ids:
        return out
    paths = list(AdminUnit.objects.filter(pk__in=unit_ids).values_list("path", flat=True))
    if not paths:
        return out
    under = Q()
    for path in paths:
        under |= Q(unit__path__startswith=path) | Q(former_unit__path__startswith=path)
    products = list(visible(Product.objects.filter(under), user).select_related("unit").order_by("name", "pk"))
    for name in names:
        key = fold(name)
        if len(key) < 3:
            continue
        matched = [p for p in products if _words_in(key, p.name_folded) or _words_in(p.name_folded, key)]
        matched.sort(key=lambda p: (p.name_folded != key, abs(len(p.name_folded) - len(key)), p.pk))
        out[name] = matched[:5]
    return out


# -- what the session's page shows of an import (meetings.quoted) -------------------------------


def session_figure_rows(*, meeting: Any, user: Any) -> list[QuotedRow]:
    """The figures confirmed from the session's article, with their sentences."""
    figures = visible(SessionFigure.objects.filter(meeting=meeting), user).select_related("indicator", "unit")
    return [
        QuotedRow(
            value=figure.value,
            label=str(figure.indicator) if figure.indicator else "",
            unit=figure.unit.full_name if figure.unit else "",
            source=figure.source_text,
        )
        for figure in figures.order_by("position", "pk")
    ]


def session_product_rows(*, meeting: Any, user: Any) -> list[QuotedRow]:
    """The products named in the session's article; linked to the catalogue's page when the
    officer confirmed a product of the catalogue the user may see."""
    rows = list(visible(SessionProduct.objects.filter(meeting=meeting), user).order_by("position", "pk"))
    linked = {
        p.pk: p for p in visible(Product.objects.filter(pk__in=[r.product_id for r in rows if r.product_id]), user)
    }
    out = []
    for row in rows:
        product = linked.get(row.product_id or 0)
        out.append(
            QuotedRow(
                value=row.name,
                label=product.name if product else "",
                url=product.get_absolute_url() if product else "",
                source=row.source_text,
            )
        )
    return out
