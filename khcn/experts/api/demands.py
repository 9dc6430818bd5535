"""/api/v1/ demands (PLACEHOLDER until its area is built)."""

from khcn.core.drf import Route

ROUTES: list[Route] = []
