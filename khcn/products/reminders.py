"""The daily alerts about IP dossiers and OCOP ratings: to the Department's officers and the
officers of the record's commune, in their inbox and by e-mail (notifications.notify).

Each record is alerted once per state (`ProductAlert`: the stage and its start date, the
protection end, the validity end), not every day: a dossier that moves on and stalls again,
or a mark renewed and due again ten years later, is alerted anew.
"""

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from khcn.accounts.models import User
from khcn.accounts.roles import Role
from khcn.notifications.models import NotificationKind
from khcn.notifications.selectors import unit_officers
from khcn.notifications.services import notify
from khcn.products.alerts import ip_renewal_due_q, ip_stalled_q, ocop_expiring_q, stage_deadline
from khcn.products.models import AlertKind, IpAsset, OcopRating, ProductAlert
from khcn.products.templatetags.ip_tags import product_url


def department_officers() -> list[Any]:
    """The active Department officers (active grants, active accounts)."""
    return list(
        User.objects.filter(grants__role=Role.DEPARTMENT_OFFICER, grants__is_active=True, is_active=True).distinct()
    )


def _once(kind: str, target_id: int, key: str) -> bool:
    """Record that this alert goes out; False when it went out before (safe to run twice)."""
    if ProductAlert.objects.filter(kind=kind, target_id=target_id, key=key).exists():
        return False
    try:
        with transaction.atomic():
            ProductAlert.objects.create(kind=kind, target_id=target_id, key=key)
    except IntegrityError:
        return False
    return True


def _tell(kind: str, department: list[Any], unit: Any, **message: Any) -> None:
    notify(kind, [*department, *unit_officers(units=[unit])], **message)


def _day(value: date | None) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def _stalled(department: list[Any], today: date) -> int:
    sent = 0
    for asset in IpAsset.objects.filter(ip_stalled_q(today)).select_related("unit").order_by("pk"):
        if not _once(AlertKind.IP_STALLED, asset.pk, f"{asset.stage}:{asset.stage_since.isoformat()}"):
            continue
        _tell(
            NotificationKind.IP_ALERT,
            department,
            asset.unit,
            title=_("Dossier “%(name)s” is stalled at “%(stage)s”")
            % {"name": asset.name, "stage": asset.get_stage_display()},
            body=_("%(unit)s: in this stage since %(since)s; the limit was %(limit)s.")
            % {"unit": asset.unit.full_name, "since": _day(asset.stage_since), "limit": _day(stage_deadline(asset))},
            url=asset.get_absolute_url(),
            target=asset,
        )
        sent += 1
    return sent


def _renewals(department: list[Any], today: date) -> int:
    sent = 0
    for asset in IpAsset.objects.filter(ip_renewal_due_q(today)).select_related("unit").order_by("pk"):
        if not _once(AlertKind.IP_RENEWAL, asset.pk, asset.expires_on.isoformat()):  # type: ignore[union-attr]
            continue
        _tell(
            NotificationKind.IP_ALERT,
            department,
            asset.unit,
            title=_("Mark “%(name)s” must be renewed by %(day)s") % {"name": asset.name, "day": _day(asset.expires_on)},
            body=_("%(unit)s: certificate %(number)s; its protection ends on %(day)s.")
            % {"unit": asset.unit.full_name, "number": asset.certificate_number or "—", "day": _day(asset.expires_on)},
            url=asset.get_absolute_url(),
            target=asset,
        )
        sent += 1
    return sent


def _ratings(department: list[Any], today: date) -> int:
    sent = 0
    ratings = (
        OcopRating.objects.filter(ocop_expiring_q(today), product__deleted_at__isnull=True)
        .select_related("product", "product__unit")
        .order_by("pk")
    )
    for rating in ratings:
        if not _once(AlertKind.OCOP_EXPIRING, rating.pk, rating.valid_until.isoformat()):
            continue
        _tell(
            NotificationKind.OCOP_ALERT,
            department,
            rating.product.unit,
            title=_("OCOP rating of “%(product)s” ends on %(day)s")
            % {"product": rating.product.name, "day": _day(rating.valid_until)},
            body=_("%(unit)s: %(stars)s stars, decision %(number)s. Prepare its re-evaluation.")
            % {"unit": rating.product.unit.full_name, "stars": rating.stars, "number": rating.decision_number},
            url=product_url(rating.product),
            target=rating,
        )
        sent += 1
    return sent


def products_alerts_send(*, today: date | None = None) -> int:
    """Send today's new alerts (stalled dossiers, renewals due, OCOP ratings expiring); return
    how many records were alerted. A record already alerted in the same state is skipped."""
    today = today or timezone.localdate()
    department = department_officers()
    with translation.override("vi"):
        return _stalled(department, today) + _renewals(department, today) + _ratings(department, today)
