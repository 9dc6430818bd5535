"""The daily licence alerts: KHCN_RADIATION_LICENCE_NOTICE_DAYS before a radiation licence
expires, and again once it has expired, the Department's staff and the officers of the
facility's commune are told (inbox and e-mail, notifications.notify). A licence that has a
renewal recorded is not alerted on. Each state of each expiry date is told once."""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from khcn.notifications.models import NotificationKind
from khcn.notifications.services import notify
from khcn.radiation.models import LicenceState
from khcn.radiation.selectors import licences_to_alert
from khcn.registers.alerts import alert_claim, alert_recipients, department_officers


def licence_alerts_send(*, today: date | None = None) -> int:
    """Alert on licences expiring soon or expired; return how many alerts went out."""
    today = today or timezone.localdate()
    notice = settings.KHCN_RADIATION_LICENCE_NOTICE_DAYS
    department = department_officers()
    sent = 0
    with translation.override("vi"):
        for licence in licences_to_alert(today):
            state = licence.state(today, notice)
            if state == LicenceState.VALID:
                continue
            with transaction.atomic():
                if not alert_claim(licence, f"{licence.expires_on.isoformat()}:{state}"):
                    continue
                values = {
                    "number": licence.number,
                    "facility": licence.facility.name,
                    "day": date_format(licence.expires_on, "SHORT_DATE_FORMAT"),
                }
                if state == LicenceState.EXPIRED:
                    title = _("Radiation licence %(number)s of %(facility)s expired on %(day)s") % values
                else:
                    title = _("Radiation licence %(number)s of %(facility)s expires on %(day)s") % values
                notify(
                    NotificationKind.RADIATION_LICENCE,
                    alert_recipients(department=department, unit=licence.facility.unit),
                    title=title,
                    body=_(
                        "Remind the facility to file for renewal; radiation work without a valid licence "
                        "is a violation."
                    ),
                    url=licence.get_absolute_url(),
                    target=licence,
                )
            sent += 1
    return sent
