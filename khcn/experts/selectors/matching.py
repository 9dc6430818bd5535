"""The requests matches are worked out for, each fetched through its own scoping."""

from typing import Any

from django.http import Http404

from khcn.accounts.scoping import get_visible_or_404
from khcn.experts.models import Demand


def demand_for_matches(*, user: Any, pk: int) -> Demand:
    """A demand the user sees and may see matches for (experts.view_matches), else 404."""
    demand = get_visible_or_404(Demand.objects.select_related("unit"), user, pk=pk)
    if not user.has_perm("experts.view_matches", demand):
        raise Http404
    return demand


def followup_for_matches(*, user: Any, pk: int) -> Any:
    """A follow-up item the user sees (meetings' scoping) in a unit they may see matches for."""
    from khcn.meetings.models import FollowUp

    item = get_visible_or_404(FollowUp.objects.select_related("unit"), user, pk=pk)
    if not user.has_perm("experts.view_matches", item):
        raise Http404
    return item


def proposal_for_matches(*, user: Any, pk: int) -> Any:
    """A proposal the user sees (research's scoping), for a unit they may see matches for."""
    from khcn.research.models import Proposal

    proposal = get_visible_or_404(
        Proposal.objects.select_related("unit", "organisation", "organisation__unit"), user, pk=pk
    )
    unit = proposal.unit or (proposal.organisation.unit if proposal.organisation is not None else None)
    if not user.has_perm("experts.view_matches", unit):
        raise Http404
    return proposal
