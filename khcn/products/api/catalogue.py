"""API routes of the products app: catalogue area."""

from khcn.core.drf import Route

ROUTES: list[Route] = []
