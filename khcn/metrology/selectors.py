"""Reads of the metrology registers used outside its pages."""

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet

from khcn.accounts.scoping import visible
from khcn.metrology.models import Announcement, Instrument, InstrumentStatus, Laboratory, Verification


def instrument_links(user: Any, ids: list[int]) -> dict[int, tuple[str, str]]:
    """Name and link of the instruments among `ids` the user may see (for an inspection)."""
    rows = visible(Instrument.objects.filter(pk__in=ids).select_related("kind"), user)
    return {i.pk: (str(i), i.get_absolute_url()) for i in rows}


def verifications_in(year: int) -> QuerySet[Verification]:
    return Verification.objects.filter(verified_on__year=year)


def announcements_in(year: int) -> QuerySet[Announcement]:
    return Announcement.objects.filter(received_on__year=year)


def instruments_to_alert(today: date) -> QuerySet[Instrument]:
    """Instruments in use whose verification falls due within the notice period or is overdue."""
    limit = today + timedelta(days=settings.KHCN_VERIFICATION_NOTICE_DAYS)
    return (
        Instrument.objects.filter(status=InstrumentStatus.IN_USE, next_due_on__lte=limit)
        .select_related("kind", "unit", "organisation")
        .order_by("next_due_on", "pk")
    )


def laboratories_to_alert(today: date) -> QuerySet[Laboratory]:
    """Laboratories whose accreditation expires within the notice period (or has expired)."""
    limit = today + timedelta(days=settings.KHCN_LAB_ACCREDITATION_NOTICE_DAYS)
    return (
        Laboratory.objects.filter(~Q(accreditation=""), accreditation_expires_on__lte=limit)
        .select_related("unit")
        .order_by("accreditation_expires_on", "pk")
    )
