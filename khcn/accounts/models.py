"""Users and their role grants, each scoped to a unit subtree or an organisation."""

from datetime import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from khcn.accounts.roles import Role
from khcn.core.models import TimeStampedModel
from khcn.core.text import nfc


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    history = HistoricalRecords(excluded_fields=["last_login", "password"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.full_name = nfc(self.full_name)
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.full_name or self.username


class RoleGrant(TimeStampedModel):
    """`user` acts as `role` over the subtree of `unit` or within `organisation`.

    Department roles are granted on the province (its whole subtree) and name the office
    the officer works in; a local officer is granted one unit (a commune today, or a former
    district for history); experts and council members are granted their organisation.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants", verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("administrative unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "geo.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grants",
    )
    office = models.ForeignKey(
        "geo.Organisation", verbose_name=_("office"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.CheckConstraint(
                condition=Q(role=Role.PUBLIC) | Q(unit__isnull=False) | Q(organisation__isnull=False),
                name="rolegrant_scoped",
            )
        ]

    def __str__(self) -> str:
        where = self.unit or self.organisation
        return f"{self.get_role_display()} — {where}" if where else str(self.get_role_display())


class ApiToken(TimeStampedModel):
    """A secret an integration sends (`Authorization: Bearer <token>`) to use the API as `user`.

    The token acts with its user's roles and scope, nothing more, and stops working when it
    expires, is revoked, or its user is deactivated. Only the SHA-256 digest of the secret is
    stored; `prefix`, the token's public first part, finds the row (khcn.accounts.selectors).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    digest = models.CharField(_("digest"), max_length=64, editable=False)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} (khcn_{self.prefix}_…)"

    def is_usable(self, now: datetime) -> bool:
        """Neither revoked nor expired at `now` (the user's own state is checked apart)."""
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
