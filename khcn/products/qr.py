"""The URLs the QR codes carry and the codes themselves (segno; PNG and SVG).

A code carries a GS1 Digital Link URL when the product has a GTIN (/01/{GTIN-14} and, for a
lot, /10/{lot}), so GS1-aware scanners read the product key; otherwise the short public URL
(/p/{code}, /b/{code}). Error correction M (15 % of the code may be lost to a scratch or a
crease); the quiet zone of 4 modules the standard asks for is kept.
"""

import io

import segno
from django.conf import settings
from django.http import HttpRequest

from khcn.products.gs1 import digital_link_path
from khcn.products.models import Batch, Product

QUIET_ZONE = 4
ERROR_LEVEL = "m"


def public_base(request: HttpRequest | None) -> str:
    """The origin printed in codes: the configured public address, else this request's own."""
    base = settings.KHCN_PUBLIC_BASE_URL.rstrip("/")
    if not base and request is not None:
        base = request.build_absolute_uri("/").rstrip("/")
    return base


def short_url(obj: Product | Batch, base: str) -> str:
    """The short URL printed in text under a code: /p/{code} or /b/{code}."""
    return f"{base}/{'b' if isinstance(obj, Batch) else 'p'}/{obj.public_id}"


def product_code_url(product: Product, base: str) -> str:
    if product.gtin:
        return base + digital_link_path(gtin=product.gtin)
    return short_url(product, base)


def batch_code_url(batch: Batch, base: str) -> str:
    if batch.product.gtin:
        return base + digital_link_path(gtin=batch.product.gtin, lot=batch.lot)
    return short_url(batch, base)


def qr_image(url: str, *, fmt: str, scale: int = 8) -> bytes:
    """The QR code of `url` as PNG or SVG bytes."""
    code = segno.make(url, error=ERROR_LEVEL, micro=False, boost_error=True)
    out = io.BytesIO()
    if fmt == "svg":
        code.save(out, kind="svg", scale=scale, border=QUIET_ZONE, xmldecl=False, svgns=True, title=url)
    else:
        code.save(out, kind="png", scale=scale, border=QUIET_ZONE)
    return out.getvalue()
