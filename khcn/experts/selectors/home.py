"""Reads of the home-page cards (experts/home.py): what waits for the Department, a commune
and an expert. Each starts from the area's scoped list, so a card never shows another
commune's rows, and joins what its rows print (a card costs the same whatever the volume)."""

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet

from khcn.accounts.scoping import visible
from khcn.experts.models import (
    Connection,
    Demand,
    DemandStatus,
    Expert,
    OfferStatus,
    ProfileStatus,
    Technology,
)
from khcn.experts.selectors.connections import connection_list
from khcn.experts.selectors.demands import demand_list
from khcn.experts.selectors.experts import expert_list
from khcn.experts.selectors.technologies import technology_list

# "Recently" on a commune's card of connections: introduced in the last 30 days.
RECENT_DAYS = 30
OPEN_STATUSES = (DemandStatus.OPEN, DemandStatus.CONNECTING)


def demand_open_q() -> Q:
    """Demands still waiting for an answer: open or being connected."""
    return Q(status__in=OPEN_STATUSES)


def demand_unconnected_q() -> Q:
    """Open demands the Department has not connected with anyone yet."""
    return Q(status=DemandStatus.OPEN) & ~Q(Exists(Connection.objects.filter(demand=OuterRef("pk"))))


def connection_recent_q(today: date) -> Q:
    return Q(introduced_on__gte=today - timedelta(days=RECENT_DAYS))


def technology_to_confirm_q(today: date) -> Q:
    """Published offers whose listing ends within KHCN_TECH_CONFIRM_NOTICE_DAYS (as the
    reminder and the list's "confirmation due soon" filter count them)."""
    limit = today + timedelta(days=settings.KHCN_TECH_CONFIRM_NOTICE_DAYS)
    return Q(status=OfferStatus.PUBLISHED, expires_on__gte=today, expires_on__lte=limit)


def expert_to_validate_list(*, user: Any) -> QuerySet[Expert]:
    """Profiles sent for validation, the longest waiting first."""
    return expert_list(user=user).filter(status=ProfileStatus.SUBMITTED).order_by("updated_at", "pk")


def technology_to_review_list(*, user: Any) -> QuerySet[Technology]:
    """Offers sent for review, the longest waiting first."""
    return technology_list(user=user).filter(status=OfferStatus.SUBMITTED).order_by("updated_at", "pk")


def demand_unconnected_list(*, user: Any) -> QuerySet[Demand]:
    """Open demands with no connection yet, the oldest first."""
    return demand_list(user=user).filter(demand_unconnected_q()).order_by("created_at", "pk")


def demand_open_list(*, user: Any) -> QuerySet[Demand]:
    """Demands open or being connected, the oldest first."""
    return demand_list(user=user).filter(demand_open_q()).order_by("created_at", "pk")


def connection_recent_list(*, user: Any, today: date) -> QuerySet[Connection]:
    """Connections introduced in the last RECENT_DAYS days, the newest first."""
    return connection_list(user=user).filter(connection_recent_q(today))


def technology_to_confirm_list(*, user: Any, today: date) -> QuerySet[Technology]:
    """The user's own offers (owner expert or recorder) to confirm soon, the first to end first."""
    own = visible(Technology.objects.all(), user).values("pk")
    return (
        Technology.objects.filter(pk__in=own)
        .filter(technology_to_confirm_q(today))
        .select_related("owner_expert")
        .order_by("expires_on", "pk")
    )
