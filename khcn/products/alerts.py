"""Alerts computed from dates: stalled IP dossiers, marks due for renewal, OCOP ratings expiring.

Pure functions answer for one record (the detail pages); the `*_q` filters and the selectors
answer for many in one query (lists, home cards, the daily job). Both read the same settings:

- a dossier is stalled when it has stayed in its stage longer than
  KHCN_IP_STAGE_LIMIT_DAYS[stage] days (a geographical indication in substantive examination:
  KHCN_IP_GI_SUBSTANTIVE_DAYS); a stage without a limit never stalls (DOMAIN.md §6.3);
- a granted mark is due for renewal from KHCN_IP_RENEWAL_NOTICE_DAYS days before its
  protection ends, and after (DOMAIN.md §6.3: 10 years, renewable);
- an OCOP rating is expiring from KHCN_OCOP_EXPIRY_NOTICE_DAYS days before its end, and
  after, unless the product has a newer rating (DOMAIN.md §5: valid 36 months).
"""

from datetime import date, timedelta
from functools import reduce
from operator import or_
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet

from khcn.accounts.scoping import visible
from khcn.products.models import IP_CLOSED_STAGES, IpAsset, IpKind, IpStage, OcopRating

# -- one record ---------------------------------------------------------------------------------


def stage_limit_days(*, kind: str, stage: str) -> int | None:
    """How many days a dossier may stay in `stage`; None: no limit (closed stages, or none set)."""
    if stage in IP_CLOSED_STAGES:
        return None
    if stage == IpStage.SUBSTANTIVE_EXAM and kind == IpKind.GEOGRAPHICAL_INDICATION:
        return int(settings.KHCN_IP_GI_SUBSTANTIVE_DAYS)
    limit = settings.KHCN_IP_STAGE_LIMIT_DAYS.get(str(stage))
    return int(limit) if limit is not None else None


def days_in_stage(asset: IpAsset, today: date) -> int:
    return (today - asset.stage_since).days


def is_stalled(asset: IpAsset, today: date) -> bool:
    """Whether the dossier has stayed in its stage past the limit (the limit day itself is not)."""
    limit = stage_limit_days(kind=asset.kind, stage=asset.stage)
    return limit is not None and days_in_stage(asset, today) > limit


def stage_deadline(asset: IpAsset) -> date | None:
    """The last day the dossier may stay in its stage without being stalled."""
    limit = stage_limit_days(kind=asset.kind, stage=asset.stage)
    return asset.stage_since + timedelta(days=limit) if limit is not None else None


def is_renewal_due(asset: IpAsset, today: date) -> bool:
    return (
        asset.stage == IpStage.GRANTED
        and asset.kind != IpKind.GEOGRAPHICAL_INDICATION
        and asset.expires_on is not None
        and (asset.expires_on - today).days <= settings.KHCN_IP_RENEWAL_NOTICE_DAYS
    )


def is_ocop_expiring(rating: OcopRating, today: date, *, has_newer: bool = False) -> bool:
    return not has_newer and (rating.valid_until - today).days <= settings.KHCN_OCOP_EXPIRY_NOTICE_DAYS


def stage_durations(events: list[Any], *, stage: str, today: date) -> list[tuple[Any, int]]:
    """Each event of the timeline with the days the dossier spent in its stage: up to the next
    event, or to today for the current stage of an open dossier (0 for a closing event)."""
    out = []
    for i, event in enumerate(events):
        closing_day = today if stage not in IP_CLOSED_STAGES else event.on
        end = events[i + 1].on if i + 1 < len(events) else closing_day
        out.append((event, max(0, (end - event.on).days)))
    return out


# -- many records -------------------------------------------------------------------------------


def ip_stalled_q(today: date) -> Q:
    """Dossiers stalled on `today`: one term per stage with a limit."""
    terms = []
    for stage in IpStage.values:
        for kind in IpKind.values:
            limit = stage_limit_days(kind=kind, stage=stage)
            if limit is not None:
                terms.append(Q(stage=stage, kind=kind, stage_since__lt=today - timedelta(days=limit)))
    return reduce(or_, terms) if terms else Q(pk__in=[])


def ip_renewal_due_q(today: date) -> Q:
    notice = today + timedelta(days=settings.KHCN_IP_RENEWAL_NOTICE_DAYS)
    return Q(stage=IpStage.GRANTED, expires_on__isnull=False, expires_on__lte=notice) & ~Q(
        kind=IpKind.GEOGRAPHICAL_INDICATION
    )


def ocop_expiring_q(today: date) -> Q:
    """Ratings ending within the notice (or ended) whose product has no newer rating."""
    notice = today + timedelta(days=settings.KHCN_OCOP_EXPIRY_NOTICE_DAYS)
    newer = OcopRating.objects.filter(product=OuterRef("product"), decision_date__gt=OuterRef("decision_date"))
    return Q(valid_until__lte=notice) & ~Q(Exists(newer))


def ip_stalled_list(*, user: Any, today: date) -> QuerySet[IpAsset]:
    """The user's dossiers stalled today, the longest stalled first."""
    return (
        visible(IpAsset.objects.filter(ip_stalled_q(today)), user).select_related("unit").order_by("stage_since", "pk")
    )


def ip_renewal_due_list(*, user: Any, today: date) -> QuerySet[IpAsset]:
    """The user's granted marks due for renewal, the soonest ending first."""
    return (
        visible(IpAsset.objects.filter(ip_renewal_due_q(today)), user)
        .select_related("unit")
        .order_by("expires_on", "pk")
    )


def ocop_expiring_list(*, user: Any, today: date) -> QuerySet[OcopRating]:
    """The user's OCOP ratings expiring (or expired, with no newer one), the soonest first."""
    return (
        visible(OcopRating.objects.filter(ocop_expiring_q(today), product__deleted_at__isnull=True), user)
        .select_related("product", "product__unit")
        .order_by("valid_until", "pk")
    )
