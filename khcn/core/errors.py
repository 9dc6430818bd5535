"""The answers to requests that fail before or outside a view: 400, 403 (CSRF), 404, 413, 429, 500, 503.

Pages get a plain page (templates/errors/plain.html) that needs neither the database nor the
session, so it still shows when they are what failed; the API (/api/) gets the JSON body its
views give, `{"detail": …, "code": …}`. Every message is translated (Vietnamese first).
"""

import sys
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.views import defaults

# The database is unreachable or dropped the connection: a fault of the moment, so 503.
DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 60

ERRORS: dict[int, tuple[str, Any, Any]] = {
    400: (
        "bad_request",
        _("Request not understood"),
        _("The request could not be read. Check the address or what you entered, and try again."),
    ),
    403: (
        "csrf_failed",
        _("The form has expired"),
        _("The form was open too long or the page was opened elsewhere. Reload the page and send it again."),
    ),
    404: ("not_found", _("Page not found"), _("The address does not exist.")),
    413: (
        "too_large",
        _("What you sent is too large"),
        _("The request is larger than the server accepts. Send a smaller file, or fewer rows at a time."),
    ),
    429: ("throttled", _("Too many requests"), _("Wait a moment, then try again.")),
    500: (
        "server_error",
        _("Something went wrong"),
        _("The system hit a problem handling the request. What you saved before is safe. Try again in a few minutes."),
    ),
    503: (
        "unavailable",
        _("The system is temporarily unavailable"),
        _("The system cannot reach its database right now. What you saved before is safe. Try again in a few minutes."),
    ),
}


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def error_response(request: HttpRequest, status: int) -> HttpResponse:
    """The page (or, under /api/, the JSON body) for `status`, rendered without the database."""
    code, title, message = ERRORS[status]
    response: HttpResponse
    if is_api(request):
        response = JsonResponse({"detail": str(message), "code": code}, status=status)
    else:
        page = render_to_string("errors/plain.html", {"title": title, "message": message})
        response = HttpResponse(page, status=status)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: a body over DATA_UPLOAD_MAX_MEMORY_SIZE is a 413, anything else a 400."""
    return error_response(request, 413 if isinstance(exception, RequestDataTooBig) else 400)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: the API answers in JSON; pages keep templates/404.html."""
    if is_api(request):
        return error_response(request, 404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: an unreachable database is a 503, wherever it was noticed.

    Django turns an exception raised in any middleware (the session, the user, the lockout
    check) or view into a call of this handler while the exception is being handled, so one
    look at it here covers them all; a middleware would see only the view's exceptions.
    """
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return error_response(request, 503)
    return error_response(request, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: Django's own page is in English and names the internal reason."""
    return error_response(request, 403)
