"""The products board and map: products by commune and category, the IP pipeline, OCOP ratings
by stars and expiry, and a map of products by commune; every table exported to .xlsx."""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from khcn.accounts.scoping import get_visible_or_404, visible
from khcn.core.exports import download_name, xlsx_response
from khcn.geo.models import AdminUnit
from khcn.products import board as selectors
from khcn.products.models import Product
from khcn.products.trace_pages import products_version

# How long a rendered board is kept at most; a change to the data replaces it at once (its key
# changes), so this bounds only how long a change of the user's roles takes to show.
BOARD_CACHE_SECONDS = 300


def product_board(request: HttpRequest) -> HttpResponse:
    """The board of the products the user may see, optionally within one unit (?unit=)."""
    if not request.user.has_perm("products.view_board"):
        raise PermissionDenied
    unit = _unit(request)
    today = timezone.localdate()
    export = request.GET.get("export")
    if export:
        if export not in EXPORTS:
            raise Http404
        return EXPORTS[export](selectors.product_board(user=request.user, unit=unit, today=today))
    # The board is computed only when its rendering is not cached: the template caches it under
    # the products' version (any change to a product, mark or rating moves it, on every server
    # process), the user, the unit, the day and the language.
    data = SimpleLazyObject(lambda: selectors.product_board(user=request.user, unit=unit, today=today))
    units = visible(AdminUnit.objects.all(), request.user).filter(
        pk__in=visible(Product.objects.all(), request.user).values("unit_id")
    )
    context = {
        "board": data,
        "board_key": f"{products_version()}:{request.user.pk}:{unit.pk if unit else 0}:{today.isoformat()}",
        "board_seconds": BOARD_CACHE_SECONDS,
        "units": units,
        "tile_url": settings.KHCN_MAP_TILE_URL,
        "tile_attribution": settings.KHCN_MAP_TILE_ATTRIBUTION,
        "ip_limits": settings.KHCN_IP_STAGE_LIMIT_DAYS,
        "notice_days": settings.KHCN_OCOP_EXPIRY_NOTICE_DAYS,
    }
    response = render(request, "products/board.html", context)
    origin = _tile_origin(settings.KHCN_MAP_TILE_URL)
    if origin:
        # The tiles are images from the tile server: let this page, and only it, load them.
        response._csp_update = {"img-src": [origin]}  # type: ignore[attr-defined]
    return response


def _unit(request: HttpRequest) -> AdminUnit | None:
    raw = request.GET.get("unit", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404
    return get_visible_or_404(AdminUnit.objects.all(), request.user, pk=int(raw))


def _tile_origin(url: str) -> str:
    """The origin of a tile URL template, its {s} subdomains as a wildcard."""
    parts = urlsplit(url.replace("{s}", "*"))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""


def _name(board: selectors.Board, what: str) -> str:
    return download_name(what, board.unit.full_name if board.unit else "", board.today.isoformat(), ext="xlsx")


def _communes_xlsx(board: selectors.Board) -> HttpResponse:
    labels = [str(label) for _c, label in board.categories]
    rows: list[list[Any]] = [[r.name, *r.counts, r.total] for r in board.communes]
    rows.append([_("Total"), *board.category_totals, board.total])
    return xlsx_response(
        filename=_name(board, "san-pham-theo-xa"),
        title=_("Products by commune and category"),
        headers=[_("Commune"), *labels, _("Total")],
        rows=rows,
    )


def _pipeline_xlsx(board: selectors.Board) -> HttpResponse:
    return xlsx_response(
        filename=_name(board, "ho-so-so-huu-tri-tue"),
        title=_("IP dossiers by stage"),
        headers=[_("Stage"), _("Dossiers"), _("Mean days in stage"), _("Median days in stage"), _("Stalled")],
        rows=[[s.label, s.count, s.mean_days, s.median_days, s.stalled] for s in board.stages],
    )


def _stalled_xlsx(board: selectors.Board) -> HttpResponse:
    return xlsx_response(
        filename=_name(board, "ho-so-cham-tien-do"),
        title=_("Stalled IP dossiers"),
        headers=[
            _("Sign"),
            _("Kind"),
            _("Commune"),
            _("Stage"),
            _("In this stage since"),
            _("Days in stage"),
            _("Limit (days)"),
        ],
        rows=[
            [
                a.name,
                a.get_kind_display(),
                a.unit.full_name,
                a.get_stage_display(),
                a.stage_since,
                a.days_in_stage,  # type: ignore[attr-defined]
                a.limit_days,  # type: ignore[attr-defined]
            ]
            for a in board.stalled
        ],
    )


def _ocop_xlsx(board: selectors.Board) -> HttpResponse:
    rows: list[list[Any]] = [[r.stars, r.valid, r.expiring, r.expired, r.total] for r in board.ocop]
    totals = board.ocop_totals
    rows.append([_("Total"), totals.valid, totals.expiring, totals.expired, totals.total])
    return xlsx_response(
        filename=_name(board, "ocop-theo-sao"),
        title=_("OCOP products by stars and expiry"),
        headers=[_("Stars"), _("Valid"), _("Expiring soon"), _("Expired"), _("Total")],
        rows=rows,
    )


def _map_xlsx(board: selectors.Board) -> HttpResponse:
    return xlsx_response(
        filename=_name(board, "ban-do-san-pham"),
        title=_("Map of products by commune"),
        headers=[_("Commune"), _("Latitude"), _("Longitude"), _("Products"), _("First products")],
        rows=[
            [r.name, r.latitude, r.longitude, r.total, "; ".join(p["name"] for p in r.products)] for r in board.communes
        ],
    )


EXPORTS: dict[str, Callable[[selectors.Board], HttpResponse]] = {
    "communes": _communes_xlsx,
    "pipeline": _pipeline_xlsx,
    "stalled": _stalled_xlsx,
    "ocop": _ocop_xlsx,
    "map": _map_xlsx,
}
