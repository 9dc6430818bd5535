"""A notification in a user's inbox, and which kinds a user also wants by e-mail."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    REPORT_RETURNED = "report_returned", _("Report returned")
    REPORT_APPROVED = "report_approved", _("Report approved")
    REPORT_REOPENED = "report_reopened", _("Report re-opened")
    REPORT_SIGNED_OFF = "report_signed_off", _("Report signed off")
    REPORT_REMINDER = "report_reminder", _("Report reminder")
    ITEM_ASSIGNED = "item_assigned", _("New directive or item")
    ITEM_ANSWERED = "item_answered", _("Answer on an item")
    ITEM_REMINDER = "item_reminder", _("Overdue items reminder")
    PROPOSAL_RETURNED = "proposal_returned", _("Proposal returned")
    PROPOSAL_SCREENED = "proposal_screened", _("Proposal screened")
    COUNCIL_INVITATION = "council_invitation", _("Council invitation")
    TASK_REMINDER = "task_reminder", _("Task reminder")
    IP_ALERT = "ip_alert", _("Mark or indication alert")
    OCOP_ALERT = "ocop_alert", _("OCOP rating expiring")
    TECH_CONFIRM = "tech_confirm", _("Technology offer to confirm")
    EXPERT_SUBMITTED = "expert_submitted", _("Expert profile to validate")
    EXPERT_VALIDATED = "expert_validated", _("Expert profile validated")
    EXPERT_RETURNED = "expert_returned", _("Expert profile returned")
    TECH_SUBMITTED = "tech_submitted", _("Technology offer to review")
    TECH_REVIEWED = "tech_reviewed", _("Technology offer published or returned")
    DEMAND_NEW = "demand_new", _("Technology demand recorded")
    CONNECTION_NEW = "connection_new", _("New connection for a request")
    FUND_REMINDER = "fund_reminder", _("S&T fund reminder")
    RADIATION_LICENCE = "radiation_licence", _("Radiation licence expiring")
    VERIFICATION_DUE = "verification_due", _("Measuring instrument verification due")
    LAB_ACCREDITATION = "lab_accreditation", _("Laboratory accreditation expiring")
    REMEDY_OVERDUE = "remedy_overdue", _("Remedial measures overdue")


class Notification(models.Model):
    """One event told to one user; the text is written (in Vietnamese) when it is created."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=NotificationKind.choices)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    # The record the notification is about, to check scope again when it is opened.
    target_type = models.ForeignKey(
        ContentType, verbose_name=_("record type"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(_("record id"), null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class EmailPreference(models.Model):
    """Whether `user` is e-mailed about notifications of `kind`; no row means yes."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=NotificationKind.choices)
    email = models.BooleanField(_("send an e-mail"), default=True)

    class Meta:
        verbose_name = _("e-mail preference")
        verbose_name_plural = _("e-mail preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind}: {self.email}"
