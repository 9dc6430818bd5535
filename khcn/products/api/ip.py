"""API routes of the products app: ip area."""

from khcn.core.drf import Route

ROUTES: list[Route] = []
