"""What every app's API module shares.

Each app serves its part of /api/v1/ from its own `api` module, and `khcn.api` only assembles
them; so shared API pieces live here, below the apps, never in `khcn.api` above them.
"""

from typing import TypeAlias

from rest_framework.viewsets import ViewSetMixin

Route: TypeAlias = tuple[str, type[ViewSetMixin], str]
"""One entry of an app's `api.ROUTES`: URL prefix, viewset, basename (URL names `api:<basename>-list`, …)."""
