"""The public traceability pages behind the QR codes (no sign-in; DOMAIN.md §7).

/p/{code}/ and /b/{code}/ show a published product or lot, /…/json/ the same data as JSON, and
the GS1 Digital Link paths /01/{GTIN}/ and /01/{GTIN}/10/{lot}/ resolve to the same pages.
Anything not published answers the same 404 as an unknown code. Every view (HTML, JSON or a
GS1 path) counts a scan, except HEAD requests and link-preview robots.

Speed: the body is rendered without the request (no session, no CSRF token, nothing of the
visitor) at the first view of the day after any change, and stored (khcn/products/trace_pages.py);
every other view, from any server process, is one indexed read, and its scan is added up in
memory and written with the next flush (services/trace.py). A server process also keeps the
pages it read for up to `KHCN_PAGE_CACHE_PUBLIC_STAMP_SECONDS` under the data stamp (as the page
cache keeps visitors' pages): a busy code then costs no query at all, a change made in another
process shows within that time, and the counter adds the views this process counted since.
"""

import json
import re
import time
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from khcn.core.pagecache import no_page_cache, public_stamp, writes_pending
from khcn.products.gs1 import gtin14
from khcn.products.models import Batch, Product
from khcn.products.selectors import trace as selectors
from khcn.products.services.trace import scan_record
from khcn.products.trace_pages import SCANS_MARK, StoredPage, page_read, page_store, stamp_of

# Link previews and crawlers fetch a page nobody scanned. Kept short on purpose; "Zalo" and
# other in-app browsers are people, and are counted.
ROBOTS = re.compile(
    r"\bbot\b|bot/|bot-|telegrambot|crawler|spider|facebookexternalhit|preview|embedly|whatsapp|slurp",
    re.IGNORECASE,
)
CODE = re.compile(r"^[0-9A-Za-z]{4,12}$")


def _counts_scan(request: HttpRequest) -> bool:
    return request.method == "GET" and not ROBOTS.search(request.headers.get("User-Agent", ""))


def _build(kind: str, code: str, fmt: str) -> tuple[StoredPage, int, date]:
    """Render a page from the records, without the request (nothing of the visitor goes into
    it); return it with the product's stamp, read before the data, and the day it holds for."""
    today = timezone.localdate()
    owner = (Batch if kind == "b" else Product).objects.filter(public_id=code)
    product_id = owner.values_list("product_id" if kind == "b" else "pk", flat=True).first()
    if product_id is None:
        raise Http404
    stamp = stamp_of(product_id)
    if kind == "b":
        batch = selectors.public_batch_get(public_id=code, today=today)
        product = batch.product
    else:
        product, batch = selectors.public_product_get(public_id=code, today=today), None
    data: dict[str, Any] = {"product": selectors.public_product_data(product)}
    if batch is not None:
        data["batch"] = selectors.public_batch_data(batch)
    scans = selectors.scan_totals(product=product, batch=batch, today=today)["total"]
    if fmt == "json":
        body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
        content_type = "application/json"
    else:
        context = {
            **data,
            "scans_mark": mark_safe(SCANS_MARK),  # a constant of ours
            "department_name": settings.KHCN_DEPARTMENT_NAME,
            "report_email": settings.KHCN_TRACE_REPORT_EMAIL,
            "json_url": (data.get("batch") or data["product"])["url"] + "json/",
        }
        template = "products/public/batch.html" if batch is not None else "products/public/product.html"
        body = render_to_string(template, context)
        content_type = "text/html; charset=utf-8"
    page = StoredPage(product.pk, batch.pk if batch else None, body, content_type, scans)
    return page, stamp, today


def _with_scans(page: StoredPage, fmt: str, scans: int) -> bytes:
    """The stored body with its scan counter filled in."""
    if fmt == "json":  # the stored object without its last member, "scans"
        return f'{page.body[:-1]}, "scans": {scans}}}'.encode()
    return page.body.replace(SCANS_MARK, str(scans), 1).encode()


@dataclass
class _Kept:
    """A stored page as this process read it: under which data stamp, when, and how many views
    this process counted since (added to the counter read with it)."""

    page: StoredPage
    stamp: int
    read_at: float
    views: int = 0


_KEPT: dict[tuple[str, str, str, str, date], _Kept] = {}
KEPT_MAX = 1024  # pages kept per process (a few MB); past it the memo starts again


def kept_pages_forget() -> None:
    _KEPT.clear()


def _stored(kind: str, code: str, fmt: str, language: str) -> _Kept:
    """The stored page (built and stored first if there is none for today's data), from this
    process's memo while the data stamp holds and for at most a visitor's stamp interval."""
    today = timezone.localdate()
    key = (kind, code, fmt, language, today)
    keep = settings.KHCN_PAGE_CACHE_SECONDS > 0 and not writes_pending()
    now = time.monotonic()
    stamp = public_stamp() if keep else 0
    kept = _KEPT.get(key) if keep else None
    if kept is not None and kept.stamp == stamp and now - kept.read_at < settings.KHCN_PAGE_CACHE_PUBLIC_STAMP_SECONDS:
        return kept
    page = page_read(kind=kind, code=code, fmt=fmt, language=language, today=today)
    if page is None:
        page, product_stamp, built_on = _build(kind, code, fmt)
        page_store(kind=kind, code=code, fmt=fmt, language=language, stamp=product_stamp, today=built_on, page=page)
    kept = _Kept(page, stamp, now)
    if keep:
        if len(_KEPT) >= KEPT_MAX:
            _KEPT.clear()
        _KEPT[key] = kept
    return kept


def _serve(request: HttpRequest, kind: str, public_id: str, fmt: str) -> HttpResponse:
    if not CODE.match(public_id):
        raise Http404
    kept = _stored(kind, public_id.upper(), fmt, get_language() or settings.LANGUAGE_CODE)
    page = kept.page
    if _counts_scan(request):
        scan_record(product_id=page.product_id, batch_id=page.batch_id)
        kept.views += 1
    # The counter includes this view, whose count is written with the next flush.
    response = HttpResponse(_with_scans(page, fmt, page.scans + kept.views), content_type=page.content_type)
    # Every scan must reach the server to be counted: no shared or browser cache keeps it.
    patch_cache_control(response, no_cache=True, public=True)
    if fmt == "json":
        response["Access-Control-Allow-Origin"] = "*"  # the national portal and apps read it
    return response


@no_page_cache  # every view is a scan to count; the page is stored already (trace_pages)
@login_not_required
@require_safe
def product_page(request: HttpRequest, public_id: str) -> HttpResponse:
    return _serve(request, "p", public_id, "html")


@no_page_cache  # every view is a scan to count; the page is stored already (trace_pages)
@login_not_required
@require_safe
def product_json(request: HttpRequest, public_id: str) -> HttpResponse:
    return _serve(request, "p", public_id, "json")


@no_page_cache  # every view is a scan to count; the page is stored already (trace_pages)
@login_not_required
@require_safe
def batch_page(request: HttpRequest, public_id: str) -> HttpResponse:
    return _serve(request, "b", public_id, "html")


@no_page_cache  # every view is a scan to count; the page is stored already (trace_pages)
@login_not_required
@require_safe
def batch_json(request: HttpRequest, public_id: str) -> HttpResponse:
    return _serve(request, "b", public_id, "json")


def _gtin_or_404(gtin: str) -> str:
    normalised = gtin14(gtin)
    if normalised is None:
        raise Http404
    return normalised


@login_not_required
@require_safe
def gs1_product(request: HttpRequest, gtin: str, extra: str = "") -> HttpResponse:
    """/01/{GTIN}/ (8 to 14 digits, check digit checked); qualifiers after it are ignored."""
    return _serve(request, "p", selectors.public_code_by_gtin(gtin=_gtin_or_404(gtin)), "html")


@login_not_required
@require_safe
def gs1_batch(request: HttpRequest, gtin: str, lot: str) -> HttpResponse:
    """/01/{GTIN}/10/{lot}/ (a lot with "/" arrives decoded; /21/…, /17/… after it are ignored)."""
    code = selectors.public_batch_code_by_gtin(gtin=_gtin_or_404(gtin), lot_path=lot)
    return _serve(request, "b", code, "html")
