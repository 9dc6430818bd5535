"""The public traceability pages behind the QR codes (no sign-in; DOMAIN.md §7).

/p/{code}/ and /b/{code}/ show a published product or lot, /…/json/ the same data as JSON, and
the GS1 Digital Link paths /01/{GTIN}/ and /01/{GTIN}/10/{lot}/ resolve to the same pages.
Anything not published answers the same 404 as an unknown code. Every view (HTML, JSON or a
GS1 path) counts a scan, except HEAD requests and link-preview robots.

Speed: the body is rendered without the request (no session, no CSRF token, nothing of the
visitor) at the first view of the day after any change, and stored (khcn/products/trace_pages.py);
every other view, from any server process, is one indexed read, and its scan is added up in
memory and written with the next flush (services/trace.py).
"""

import json
import re
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

from khcn.core.pagecache import no_page_cache
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


def _serve(request: HttpRequest, kind: str, public_id: str, fmt: str) -> HttpResponse:
    if not CODE.match(public_id):
        raise Http404
    code = public_id.upper()
    language = get_language() or settings.LANGUAGE_CODE
    page = page_read(kind=kind, code=code, fmt=fmt, language=language, today=timezone.localdate())
    if page is None:
        page, stamp, built_on = _build(kind, code, fmt)
        page_store(kind=kind, code=code, fmt=fmt, language=language, stamp=stamp, today=built_on, page=page)
    counted = _counts_scan(request)
    if counted:
        scan_record(product_id=page.product_id, batch_id=page.batch_id)
    # The counter includes this view, whose count is written with the next flush.
    response = HttpResponse(_with_scans(page, fmt, page.scans + counted), content_type=page.content_type)
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
