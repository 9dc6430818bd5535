"""Follow-up items: requests raised by units and directives to them, tracked until resolved.

This first slice holds only the item itself, so that requests typed in a periodic report
("Kiến nghị, đề xuất") are kept as items; the working-session module extends it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from khcn.core.models import TimeStampedModel


class FollowUpKind(models.TextChoices):
    REQUEST = "request", _("Request")
    DIRECTIVE = "directive", _("Directive")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    ANSWERED = "answered", _("Answered")
    DONE = "done", _("Done")
    REJECTED = "rejected", _("Rejected")
    TRANSFERRED = "transferred", _("Transferred")


class FollowUp(TimeStampedModel):
    scope_field = "unit"

    kind = models.CharField(_("kind"), max_length=10, choices=FollowUpKind.choices)
    unit = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("administrative unit"), on_delete=models.PROTECT, related_name="followups"
    )
    text = models.TextField(_("text"))
    status = models.CharField(_("status"), max_length=12, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN)
    source_report = models.ForeignKey(
        "reporting.Report",
        verbose_name=_("raised in report"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followups",
    )
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up item")
        verbose_name_plural = _("follow-up items")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.text[:80]
