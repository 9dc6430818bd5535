"""API routes of the products app: trace area."""

from khcn.core.drf import Route

ROUTES: list[Route] = []
