"""Sign-ins, failed sign-ins and sign-outs, from Django's authentication signals.

The signals are the only place every way of signing in passes (the sign-in page, the admin);
the receivers only record, they decide nothing.
"""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from khcn.audit.models import AuditKind
from khcn.audit.services import audit_record


@receiver(user_logged_in, dispatch_uid="audit_sign_in")
def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(kind=AuditKind.SIGN_IN, user=user, request=request)


@receiver(user_login_failed, dispatch_uid="audit_sign_in_failed")
def _sign_in_failed(sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
    # 429: refused because the name or the address is locked out (django-axes), not checked.
    locked = bool(getattr(request, "axes_locked_out", False))
    audit_record(
        kind=AuditKind.SIGN_IN_FAILED,
        username=str(credentials.get("username") or ""),
        status=429 if locked else None,
        request=request,
    )


@receiver(user_logged_out, dispatch_uid="audit_sign_out")
def _signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(kind=AuditKind.SIGN_OUT, user=user, request=request)
