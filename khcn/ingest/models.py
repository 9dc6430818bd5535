"""Figures and products read from an article or minutes of a working session.

A periodic report's values belong to a report of a period (reporting.Value) and a session
keeps no figures of its own, so the figures an officer confirms from an article are kept here:
the value as written ("87%", "5/18", "12.422 đơn"), the sentence it came from, the indicator it
belongs to (if the officer chose one) and the unit it is about.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from khcn.accounts.scoping import UnitPath
from khcn.core.models import TimeStampedModel


class SessionFigure(TimeStampedModel):
    """A figure quoted at a working session, as an article or the minutes report it."""

    # Seen by whoever sees the session (a unit of its cluster).
    scope_rules = (UnitPath("meeting__cluster__unit", many=True),)

    meeting = models.ForeignKey(
        "meetings.Meeting", verbose_name=_("working session"), on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("administrative unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    indicator = models.ForeignKey(
        "programs.Indicator",
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    value = models.CharField(_("value as written"), max_length=60)
    source_text = models.TextField(_("source sentence"))
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("figure quoted at a session")
        verbose_name_plural = _("figures quoted at sessions")
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return self.value


class SessionProduct(TimeStampedModel):
    """A product or mark named at a working session, linked to the catalogue's product when the
    officer confirmed one (products.Product), with the sentence it was named in."""

    # Seen by whoever sees the session (a unit of its cluster).
    scope_rules = (UnitPath("meeting__cluster__unit", many=True),)

    meeting = models.ForeignKey(
        "meetings.Meeting", verbose_name=_("working session"), on_delete=models.CASCADE, related_name="+"
    )
    product = models.ForeignKey(
        "products.Product",
        verbose_name=_("product in the catalogue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("name as written"), max_length=255)
    source_text = models.TextField(_("source sentence"))
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("product named at a session")
        verbose_name_plural = _("products named at sessions")
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return self.name
