"""What every app's API module shares.

Each app serves its part of /api/v1/ from its own `api` module, and `khcn.api` only assembles
them; so shared API pieces live here, below the apps, never in `khcn.api` above them.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeAlias

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import ValidationError
from rest_framework.viewsets import ViewSetMixin

Route: TypeAlias = tuple[str, type[ViewSetMixin], str]
"""One entry of an app's `api.ROUTES`: URL prefix, viewset, basename (URL names `api:<basename>-list`, …)."""


@contextmanager
def body_field_errors() -> Iterator[None]:
    """Answer a Django field error raised while reading the request body (an unknown or
    out-of-scope reference, `accounts.scoping.reference_get`) as DRF's own 400, keyed by the
    field like the serializer's errors."""
    try:
        yield
    except DjangoValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise ValidationError(exc.message_dict) from exc
