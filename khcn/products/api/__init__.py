"""The products part of /api/v1/, one module per area (assembled by khcn.api.routes)."""

from khcn.core.drf import Route
from khcn.products.api import catalogue, ip, trace

ROUTES: list[Route] = [*catalogue.ROUTES, *ip.ROUTES, *trace.ROUTES]
