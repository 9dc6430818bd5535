"""The audit log: who signed in or failed to, downloaded what, changed whose roles, used which token.

Rows are written by `khcn.audit.services.audit_record` only and never changed; they are kept
for KHCN_AUDIT_RETENTION_DAYS (`manage.py purge_audit_log`).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditKind(models.TextChoices):
    SIGN_IN = "sign_in", _("Sign-in")
    SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-in")
    SIGN_OUT = "sign_out", _("Sign-out")
    DOWNLOAD = "download", _("Export or download")
    ACCOUNT_CREATED = "account_created", _("Account creation")
    ACCOUNT_DEACTIVATED = "account_deactivated", _("Account deactivated")
    ACCOUNT_REACTIVATED = "account_reactivated", _("Account reactivated")
    GRANT_ADDED = "grant_added", _("Role granted")
    GRANT_ENDED = "grant_ended", _("Role ended")
    TOKEN_CREATED = "token_created", _("API token created")
    TOKEN_REVOKED = "token_revoked", _("API token revoked")
    TOKEN_USED = "token_used", _("API token used")


class AuditEvent(models.Model):
    at = models.DateTimeField(_("time"), default=timezone.now, editable=False)
    kind = models.CharField(_("event"), max_length=30, choices=AuditKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The name as typed (a failed sign-in may name no account) or the user's at the time.
    username = models.CharField(_("username"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=255, blank=True)
    path = models.CharField(_("address on the site"), max_length=500, blank=True)
    status = models.PositiveSmallIntegerField(_("status"), null=True, blank=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["at"], name="audit_at"),
            models.Index(fields=["kind", "at"], name="audit_kind_at"),
            models.Index(fields=["user", "at"], name="audit_user_at"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.username or '—'} · {self.at:%Y-%m-%d %H:%M}"
