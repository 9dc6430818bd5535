"""Reads of IP dossiers and OCOP ratings: scoped lists and the detail of a dossier.

Every read starts from `scoping.visible` (STYLE.md §6): a commune's officer sees the dossiers
of their commune and the ratings of its products; the Department sees all.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet

from khcn.accounts.scoping import get_visible_or_404, visible
from khcn.products.alerts import is_renewal_due, is_stalled, stage_deadline, stage_durations, stage_limit_days
from khcn.products.models import IpAsset, IpDocument, IpStageEvent, OcopRating, Product


def ip_asset_list(*, user: Any) -> QuerySet[IpAsset]:
    """The dossiers in the user's scope, with their commune."""
    return visible(IpAsset.objects.all(), user).select_related("unit")


def ip_asset_get(*, user: Any, pk: int) -> IpAsset:
    """One dossier in scope (404 otherwise) with its timeline, documents and products."""
    return get_visible_or_404(
        IpAsset.objects.select_related(
            "unit", "owner_organisation", "support_task", "created_by", "updated_by"
        ).prefetch_related(
            Prefetch("events", queryset=IpStageEvent.objects.select_related("actor").order_by("on", "pk")),
            Prefetch(
                "documents", queryset=IpDocument.objects.select_related("uploaded_by").order_by("uploaded_at", "pk")
            ),
            Prefetch("products", queryset=visible(Product.objects.all(), user).select_related("unit")),
        ),
        user,
        pk=pk,
    )


def ocop_rating_list(*, user: Any) -> QuerySet[OcopRating]:
    """The ratings of products in the user's scope (products not deleted)."""
    return visible(OcopRating.objects.filter(product__deleted_at__isnull=True), user).select_related(
        "product", "product__unit"
    )


@dataclass
class StageLine:
    """One stage of the timeline: the event, the days spent in it, and its documents."""

    event: IpStageEvent
    days: int
    documents: list[IpDocument]


@dataclass
class DossierState:
    lines: list[StageLine]
    limit_days: int | None
    deadline: date | None
    stalled: bool
    renewal_due: bool
    days_in_stage: int


def ip_dossier_state(*, asset: IpAsset, today: date) -> DossierState:
    """The timeline with days per stage and documents per stage, and the alerts of today.

    Documents of a stage entered more than once (a renewal) go with its last event."""
    events = list(asset.events.all())
    documents: dict[str, list[IpDocument]] = {}
    for document in asset.documents.all():
        documents.setdefault(document.stage, []).append(document)
    last_of_stage = {event.stage: event.pk for event in events}
    lines = [
        StageLine(
            event=event,
            days=days,
            documents=documents.get(event.stage, []) if last_of_stage[event.stage] == event.pk else [],
        )
        for event, days in stage_durations(events, stage=asset.stage, today=today)
    ]
    return DossierState(
        lines=lines,
        limit_days=stage_limit_days(kind=asset.kind, stage=asset.stage),
        deadline=stage_deadline(asset),
        stalled=is_stalled(asset, today),
        renewal_due=is_renewal_due(asset, today),
        days_in_stage=(today - asset.stage_since).days,
    )
