"""Reads of inspections and sanction decisions used outside this app's pages."""

from datetime import date
from typing import Any

from django.db.models import QuerySet, Sum

from khcn.accounts.scoping import visible
from khcn.enforcement.models import Decision, Inspection


def inspections_of(*, user: Any, area: str, record_id: int) -> QuerySet[Inspection]:
    """The inspections of one record of a register (area, id) the user may see."""
    return visible(Inspection.objects.filter(area=area, record_id=record_id), user).order_by("-starts_on", "-pk")


def inspections_in(year: int) -> QuerySet[Inspection]:
    """Inspections started in `year`, across the province (the city's figure)."""
    return Inspection.objects.filter(starts_on__year=year)


def fines_in(year: int) -> int:
    """The fines imposed by the decisions issued in `year`, in VND."""
    return int(Decision.objects.filter(issued_on__year=year).aggregate(total=Sum("fine_vnd"))["total"] or 0)


def decisions_to_alert(today: date) -> QuerySet[Decision]:
    """Decisions whose remedial measures are past their deadline and not done."""
    return (
        Decision.objects.filter(remedy_due_on__lt=today, remedy_done_on__isnull=True)
        .select_related("inspection__unit", "inspection__organisation")
        .order_by("remedy_due_on", "pk")
    )
