"""Reads of the audit log."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from khcn.audit.models import AuditEvent


def auditevent_list(*, user: Any) -> QuerySet[AuditEvent]:
    """Every audit row, newest first, with its user: for the administrator only (PermissionDenied
    for anyone else)."""
    if not user.has_perm("audit.view_auditevent"):
        raise PermissionDenied
    return AuditEvent.objects.select_related("user").order_by("-at", "-pk")
