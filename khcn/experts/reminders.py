"""The daily reminder to confirm technology offers: KHCN_TECH_CONFIRM_NOTICE_DAYS before an
offer leaves the catalogue, its owners (the owner expert's account and whoever recorded it; the
Department's officers when it has neither) are told, in their inbox and by e-mail
(notifications.notify). Each listing period is reminded once (`confirm_reminded_at`, cleared
when the offer is confirmed), so running the job twice sends nothing new.
"""

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from khcn.experts.models import OfferStatus, Technology
from khcn.notifications.models import NotificationKind
from khcn.notifications.services import notify


def _owners(technology: Technology, department: list[Any]) -> list[Any]:
    users = []
    if technology.owner_expert is not None and technology.owner_expert.user is not None:
        users.append(technology.owner_expert.user)
    if technology.created_by is not None and technology.created_by not in users:
        users.append(technology.created_by)
    return users or department


def technology_confirm_reminders_send(*, today: date | None = None) -> int:
    """Remind the owners of listed offers whose listing ends within the notice period and who
    were not reminded for it yet; return how many offers were reminded."""
    from khcn.products.reminders import department_officers

    today = today or timezone.localdate()
    limit = today + timedelta(days=settings.KHCN_TECH_CONFIRM_NOTICE_DAYS)
    due = Technology.objects.filter(
        status=OfferStatus.PUBLISHED,
        expires_on__gte=today,
        expires_on__lte=limit,
        confirm_reminded_at__isnull=True,
    ).select_related("owner_expert__user", "created_by")
    department = department_officers()
    sent = 0
    with translation.override("vi"):
        for technology in due.order_by("expires_on", "pk"):
            with transaction.atomic():
                # Claim the reminder first: a second run at the same time finds nothing to claim.
                claimed = Technology.objects.filter(pk=technology.pk, confirm_reminded_at__isnull=True).update(
                    confirm_reminded_at=timezone.now()
                )
                if not claimed:
                    continue
                day = date_format(technology.expires_on or today, "SHORT_DATE_FORMAT")
                notify(
                    NotificationKind.TECH_CONFIRM,
                    _owners(technology, department),
                    title=_("Confirm “%(name)s” is still on offer by %(day)s") % {"name": technology.title, "day": day},
                    body=_("Without confirmation the technology leaves the public catalogue after %(day)s.")
                    % {"day": day},
                    url=technology.get_absolute_url(),
                    target=technology,
                )
            sent += 1
    return sent
