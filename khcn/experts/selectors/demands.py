"""Reads of technology demands, scoped like every list (accounts.scoping)."""

from typing import Any

from django.db.models import Prefetch, QuerySet

from khcn.accounts.scoping import get_visible_or_404, visible
from khcn.experts.models import Connection, Demand, DemandStatus


def demand_list(*, user: Any) -> QuerySet[Demand]:
    """Demands the user may see: every commune for the Department, their own for a commune
    officer, and the ones they sent themselves (from the catalogue)."""
    return visible(Demand.objects.select_related("unit", "technology", "followup"), user)


def demand_get(*, user: Any, pk: int) -> Demand:
    """One demand in scope with its connections, else 404."""
    queryset = (
        demand_list(user=user)
        .select_related("created_by", "updated_by")
        .prefetch_related(Prefetch("connections", queryset=Connection.objects.select_related("expert", "technology")))
    )
    return get_visible_or_404(queryset, user, pk=pk)


def demand_close_reason(*, demand: Demand) -> str:
    """Why the demand was closed without answer (the reason kept by its history)."""
    if demand.status != DemandStatus.CLOSED:
        return ""
    row = demand.history.filter(status=DemandStatus.CLOSED).order_by("history_date").first()  # type: ignore[attr-defined]
    return (row.history_change_reason or "") if row else ""
