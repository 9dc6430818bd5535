"""How the API answers a service's refusal, in one place (DRF's EXCEPTION_HANDLER).

Views call the same services as the pages and let their exceptions through: a stale version
becomes 409 with the version stored now, a rule the service enforces becomes 400 with its
messages, code and (when it gave them) messages by field; PermissionDenied and the rest are
DRF's own answers (403, 404, …).
"""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext
from rest_framework import status
from rest_framework.exceptions import ParseError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from khcn.core.concurrency import StaleObjectError


def service_error_response(exc: DjangoValidationError) -> Response:
    if isinstance(exc, StaleObjectError):
        return Response(
            {"detail": exc.messages[0], "code": exc.code, "current_version": exc.current.version},
            status=status.HTTP_409_CONFLICT,
        )
    body: dict[str, Any] = {"detail": exc.messages, "code": getattr(exc, "code", None) or "invalid"}
    if hasattr(exc, "error_dict"):
        body["errors"] = exc.message_dict
    return Response(body, status=status.HTTP_400_BAD_REQUEST)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        set_rollback()
        return service_error_response(exc)
    if isinstance(exc, ParseError):
        # DRF's message carries the parser's own English explanation ("JSON parse error - …").
        exc = ParseError(gettext("The request body could not be read: send valid JSON, as its Content-Type says."))
    return drf_exception_handler(exc, context)
