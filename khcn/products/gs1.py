"""GS1 identifiers in URLs: GTINs normalised to 14 digits and the Digital Link paths that the
QR codes carry (DOMAIN.md §7): /01/{GTIN-14} for a product, /01/{GTIN-14}/10/{lot} for a lot."""

from urllib.parse import quote

from khcn.products.models import gtin_check_digit


def gtin14(value: str) -> str | None:
    """`value` (8 to 14 digits) as a GTIN-14, or None when it is malformed or its check digit is wrong."""
    if not value.isdigit() or not 8 <= len(value) <= 14:
        return None
    padded = value.zfill(14)
    if gtin_check_digit(padded[:-1]) != int(padded[-1]):
        return None
    return padded


def lot_candidates(rest: str) -> list[str]:
    """The lots a path tail after /10/ may name, longest first.

    A lot may hold "/" (sent as %2F, which the server decodes), and further GS1 key
    qualifiers may follow it (/21/{serial}, /17/{expiry}): every prefix ending at a "/" is
    a candidate, and the longest one that is a lot of the product wins.
    """
    parts = [part for part in rest.strip("/").split("/") if part]
    return ["/".join(parts[:n]) for n in range(min(len(parts), 20), 0, -1)]


def digital_link_path(*, gtin: str, lot: str | None = None) -> str:
    """The GS1 Digital Link path of a product (its GTIN) or of one of its lots."""
    path = f"/01/{gtin.zfill(14)}"
    if lot:
        path += "/10/" + quote(lot, safe="")
    return path
