"""Reads of technology appraisals, scoped like every list (accounts.scoping), and the states
a dossier is in against its time limit."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet

from khcn.accounts.scoping import get_visible_or_404, visible
from khcn.appraisal.models import Appraisal, Consultation


def waiting_q() -> Q:
    """No opinion issued yet."""
    return Q(opinion_date__isnull=True)


def late_q(*, today: date) -> Q:
    """Past the time limit without an opinion (the limit day itself is still on time)."""
    return Q(opinion_date__isnull=True, due_on__lt=today)


def due_soon_q(*, today: date, days: int) -> Q:
    """Waiting, the time limit within `days` days from `today` (not yet passed)."""
    from datetime import timedelta

    return Q(opinion_date__isnull=True, due_on__gte=today, due_on__lte=today + timedelta(days=days))


def answered_on_time_q() -> Q:
    return Q(opinion_date__isnull=False, opinion_date__lte=F("due_on"))


def answered_late_q() -> Q:
    return Q(opinion_date__isnull=False, opinion_date__gt=F("due_on"))


def appraisal_list(*, user: Any) -> QuerySet[Appraisal]:
    """Dossiers the user may see: all for the Department, those located in their units for a
    unit's officer."""
    return visible(Appraisal.objects.select_related("unit"), user)


def appraisal_get(*, user: Any, pk: int) -> Appraisal:
    """One dossier in scope with the experts consulted, else 404."""
    queryset = (
        appraisal_list(user=user)
        .select_related("investor", "created_by", "updated_by")
        .prefetch_related(Prefetch("consultations", queryset=Consultation.objects.select_related("expert")))
    )
    return get_visible_or_404(queryset, user, pk=pk)


def consultation_get(*, user: Any, pk: int) -> Consultation:
    return get_visible_or_404(Consultation.objects.select_related("appraisal", "expert"), user, pk=pk)


# -- the city's figures (city_figures.py): province-wide, not scoped --------------------------


def appraised_in_year(*, year: int) -> QuerySet[Appraisal]:
    """Projects whose technology the Department gave its opinion on in `year`."""
    return Appraisal.objects.filter(opinion_date__year=year)


def on_time_share(*, year: int) -> Decimal | None:
    """Percent of the opinions issued in `year` that came within the time limit (one decimal);
    None when no opinion was issued."""
    issued = appraised_in_year(year=year)
    total = issued.count()
    if not total:
        return None
    on_time = issued.filter(answered_on_time_q()).count()
    return (Decimal(100) * on_time / total).quantize(Decimal("0.1"))
