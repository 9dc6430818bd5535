"""Reads of the register of S&T enterprises: the list in scope, one certificate, and the
year's figures (certified in the year; valid at the end of it) for the city board."""

from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from khcn.accounts.scoping import get_visible_or_404, visible
from khcn.enterprises.models import Certificate


def certificate_list(*, user: Any) -> QuerySet[Certificate]:
    return (
        visible(Certificate.objects.all(), user)
        .select_related("organisation__unit")
        .annotate(incentive_count=Count("incentives"))
    )


def certificate_get(*, user: Any, pk: int) -> Certificate:
    return get_visible_or_404(Certificate.objects.select_related("organisation__unit", "research_result"), user, pk=pk)


def certified_in(year: int) -> QuerySet[Certificate]:
    """Certificates issued in `year` (revoked since or not)."""
    return Certificate.objects.filter(issued_on__year=year)


def valid_q(day: date) -> Q:
    """Certificates in force on `day`: issued by then and not revoked by then."""
    return Q(issued_on__lte=day) & (Q(revoked_on__isnull=True) | Q(revoked_on__gt=day))


def valid_at_end_of(year: int) -> QuerySet[Certificate]:
    """The running total: certificates in force on 31 December of `year`."""
    return Certificate.objects.filter(valid_q(date(year, 12, 31)))
