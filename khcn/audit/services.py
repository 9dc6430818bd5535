"""Writes to the audit log: one row per event, never changed, removed only by age.

TCVN 11930:2017 asks for an audit trail and log retention (DOMAIN.md §10.1); what is recorded:
sign-ins, failed sign-ins and sign-outs, exports and downloads, account and role-grant
changes, and the creation, revocation and use of API tokens.
"""

from datetime import datetime
from typing import Any

from django.db import models, transaction
from django.http import HttpRequest

from khcn.audit.context import RequestMeta, current_request
from khcn.audit.models import AuditEvent
from khcn.core.http import client_ip

USER_AGENT_MAX = 255


def request_meta(request: HttpRequest) -> RequestMeta:
    """What the log keeps of a request: its client's address, browser (truncated) and path."""
    return RequestMeta(
        ip_address=client_ip(request) or None,
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX],
        path=request.get_full_path()[:500],
    )


def _cut(value: Any, size: int) -> str:
    return str(value)[:size]


def audit_record(
    *,
    kind: str,
    user: Any = None,
    username: str = "",
    obj: models.Model | None = None,
    detail: str = "",
    status: int | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Record one event. The address, browser and path come from `request`, or else from the
    request being served (AuditMiddleware); outside a request they stay empty."""
    meta = request_meta(request) if request is not None else current_request.get()
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    event = AuditEvent(
        kind=kind,
        user=user if signed_in else None,
        username=_cut(username or (user.get_username() if signed_in else ""), 150),
        ip_address=meta.ip_address if meta else None,
        user_agent=meta.user_agent if meta else "",
        path=meta.path if meta else "",
        status=status,
        detail=_cut(detail, 300),
    )
    if obj is not None:
        event.object_type = obj._meta.label_lower
        event.object_id = _cut(obj.pk, 64)
        event.object_repr = _cut(obj, 300)
    event.save()
    return event


def audit_purge(*, before: datetime) -> int:
    """Delete the rows older than `before` (the retention period has passed); their count."""
    with transaction.atomic():
        deleted, _by_model = AuditEvent.objects.filter(at__lt=before).delete()
    return deleted
