"""The experts part of /api/v1/, one module per area (assembled by khcn.api.routes)."""

from khcn.core.drf import Route
from khcn.experts.api import connections, demands, experts, matching, technologies

ROUTES: list[Route] = [*experts.ROUTES, *technologies.ROUTES, *demands.ROUTES, *connections.ROUTES, *matching.ROUTES]
