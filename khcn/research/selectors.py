"""Reads for proposals: the list in scope."""

from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q, QuerySet

from khcn.accounts.scoping import scope_for
from khcn.research.models import Proposal


def proposals_visible(user: Any) -> QuerySet[Proposal]:
    """A unit's own proposals; for the Department also those of organisations in its province."""
    scope = scope_for(user)
    qs = Proposal.objects.all()
    if scope.unrestricted:
        return qs
    if not user.is_authenticated:
        return qs.none()
    terms = [Q(unit__path__startswith=p) for p in scope.unit_paths]
    if scope.is_department:
        terms += [Q(organisation__unit__path__startswith=p) for p in scope.unit_paths]
    if scope.organisation_ids:
        terms.append(Q(organisation_id__in=sorted(scope.organisation_ids)))
    if not terms:
        return qs.none()
    return qs.filter(reduce(or_, terms))
