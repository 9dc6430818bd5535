"""The label sheet: an A4 page of 3 × 8 labels (70 × 37 mm), each with the QR code, the
product's name, the lot, the producer, the commune and the short URL in text (WeasyPrint)."""

import base64
from pathlib import Path

from django.template.loader import render_to_string

from khcn.products.models import Batch, Product
from khcn.products.qr import batch_code_url, product_code_url, qr_image, short_url

LABELS_CSS = Path(__file__).resolve().parent / "labels.css"
COLUMNS, ROWS = 3, 8


def labels_pdf(*, product: Product, batch: Batch | None, base: str) -> bytes:
    """A sheet of identical labels for `product`, or for its lot `batch`."""
    from weasyprint import CSS, HTML  # loads Pango at import: only documents need it

    target: Product | Batch = batch or product
    url = batch_code_url(batch, base) if batch else product_code_url(product, base)
    png = base64.b64encode(qr_image(url, fmt="png", scale=6)).decode("ascii")
    producers = ", ".join(p.name for p in product.producers.all()[:2])
    label = {
        "qr": f"data:image/png;base64,{png}",
        "name": product.name,
        "lot": batch.lot if batch else "",
        "producer": producers,
        "commune": product.unit.full_name,
        "short_url": short_url(target, base).split("://", 1)[-1],
    }
    html = render_to_string("products/labels_pdf.html", {"labels": [label] * (COLUMNS * ROWS), "title": product.name})
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(LABELS_CSS))])
