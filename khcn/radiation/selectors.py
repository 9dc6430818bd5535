"""Reads of the radiation registers used outside its pages."""

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from khcn.accounts.scoping import visible
from khcn.radiation.models import Facility, Licence


def facility_links(user: Any, ids: list[int]) -> dict[int, tuple[str, str]]:
    """Name and link of the facilities among `ids` the user may see (for an inspection)."""
    rows = visible(Facility.objects.filter(pk__in=ids), user)
    return {f.pk: (f.name, f.get_absolute_url()) for f in rows}


def licences_valid_on(day: date) -> QuerySet[Licence]:
    """Licences in force on `day`, across the province (the city's figure)."""
    return Licence.objects.filter(issued_on__lte=day, expires_on__gte=day)


def licences_to_alert(today: date) -> QuerySet[Licence]:
    """Licences expiring within the notice period or already expired, not yet alerted in that
    state, with no renewal recorded (a renewed licence needs no alert)."""
    limit = today + timedelta(days=settings.KHCN_RADIATION_LICENCE_NOTICE_DAYS)
    return (
        Licence.objects.filter(expires_on__lte=limit, renewals__isnull=True)
        .select_related("facility__unit", "facility__organisation")
        .order_by("expires_on", "pk")
    )
