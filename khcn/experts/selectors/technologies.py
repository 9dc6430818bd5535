"""Reads of technology offers: the lists and pages in the user's scope, and the public catalogue."""

from datetime import date
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from khcn.accounts.scoping import scope_for, visible
from khcn.experts.models import OfferStatus, Technology, TechnologyFile


def listed_q(today: date) -> Q:
    """Offers in the public catalogue: published, not deleted, not past their listing date
    (the query form of Technology.is_listed)."""
    return Q(status=OfferStatus.PUBLISHED, deleted_at__isnull=True) & (
        Q(expires_on__isnull=True) | Q(expires_on__gte=today)
    )


def _related(queryset: QuerySet[Technology]) -> QuerySet[Technology]:
    return queryset.select_related("owner_expert", "owner_organisation", "unit")


def technology_list(*, user: Any, today: date | None = None) -> QuerySet[Technology]:
    """Offers the user may see: every one for the Department, an expert's own ones, and for
    anyone else with the right to list offers, the catalogue (listed offers only)."""
    today = today or timezone.localdate()
    queryset = _related(Technology.objects.all())
    if scope_for(user).is_department:
        return visible(queryset, user)
    own = visible(Technology.objects.all(), user).values("pk")
    return queryset.filter(Q(pk__in=own) | listed_q(today))


def technology_get(*, user: Any, pk: int) -> Technology:
    """One offer the user may see, with its files (else 404, ids do not leak)."""
    queryset = technology_list(user=user).select_related("reviewed_by", "created_by", "task")
    queryset = queryset.prefetch_related(Prefetch("files", queryset=TechnologyFile.objects.order_by("pk")))
    return _get(queryset, pk)


def _get(queryset: QuerySet[Technology], pk: int) -> Technology:
    try:
        return queryset.get(pk=pk)
    except Technology.DoesNotExist as exc:
        raise Http404 from exc


def catalogue_list(*, today: date | None = None) -> QuerySet[Technology]:
    """The public catalogue: listed offers, with what their cards show."""
    today = today or timezone.localdate()
    return _related(Technology.objects.filter(listed_q(today))).prefetch_related(
        Prefetch("files", queryset=TechnologyFile.objects.filter(is_photo=True).order_by("pk"), to_attr="photos")
    )


def catalogue_get(*, pk: int, today: date | None = None) -> Technology:
    """One listed offer for its public page, else 404 (drafts, returned, expired are not found)."""
    queryset = catalogue_list(today=today).prefetch_related(
        Prefetch("files", queryset=TechnologyFile.objects.order_by("pk"), to_attr="all_files")
    )
    return _get(queryset, pk)


def technology_file_get_for(*, user: Any, pk: int) -> TechnologyFile:
    """A file as it is asked for: anyone's when its offer is listed, else only for those who
    may see the offer; 404 for the rest."""
    try:
        item = TechnologyFile.objects.select_related("technology", "technology__owner_expert").get(pk=pk)
    except TechnologyFile.DoesNotExist as exc:
        raise Http404 from exc
    if item.technology.is_listed(timezone.localdate()):
        return item
    if not technology_list(user=user).filter(pk=item.technology_id).exists():
        raise Http404
    return item
