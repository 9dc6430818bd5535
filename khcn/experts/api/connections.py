"""/api/v1/ connections (PLACEHOLDER until its area is built)."""

from khcn.core.drf import Route

ROUTES: list[Route] = []
