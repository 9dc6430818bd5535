"""Audit middleware: gives the services the request being served, and logs every download."""

import re
from collections.abc import Callable
from urllib.parse import unquote

from django.http import HttpRequest, HttpResponse

from khcn.audit.context import current_request
from khcn.audit.models import AuditKind
from khcn.audit.services import audit_record, request_meta

FILENAME = re.compile(r"""filename="?([^";]+)"?""", re.IGNORECASE)
FILENAME_UTF8 = re.compile(r"""filename\*=utf-8''([^;]+)""", re.IGNORECASE)


def attachment_filename(response: HttpResponse) -> str | None:
    """The file name of a response sent as an attachment (an export or a download), else None."""
    disposition = response.get("Content-Disposition", "")
    if not disposition.lower().startswith("attachment"):
        return None
    encoded = FILENAME_UTF8.search(disposition)  # RFC 5987, as Django writes non-ASCII names
    if encoded:
        return unquote(encoded.group(1).strip())
    found = FILENAME.search(disposition)
    return found.group(1).strip() if found else ""


class AuditMiddleware:
    """Every response that is an attachment (exports, generated documents, uploaded files)
    is logged with who asked, the path, the file name and the status, whichever app sent it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request_meta(request)
        token = current_request.set(meta)
        try:
            response = self.get_response(request)
            filename = attachment_filename(response)
            if filename is not None:
                audit_record(
                    kind=AuditKind.DOWNLOAD,
                    user=getattr(request, "user", None),
                    detail=filename,
                    status=response.status_code,
                )
        finally:
            current_request.reset(token)
        return response
