"""The daily metrology alerts, each told once per state (registers.alerts):

- an instrument in use whose verification falls due within KHCN_VERIFICATION_NOTICE_DAYS,
  and again once it is overdue: the Department's staff and the commune's officers;
- a laboratory whose accreditation expires within KHCN_LAB_ACCREDITATION_NOTICE_DAYS.
"""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from khcn.metrology.models import DueState
from khcn.metrology.selectors import instruments_to_alert, laboratories_to_alert
from khcn.notifications.models import NotificationKind
from khcn.notifications.services import notify
from khcn.registers.alerts import alert_claim, alert_recipients, department_officers


def verification_alerts_send(*, today: date | None = None) -> int:
    """Alert on instruments due soon or overdue; return how many alerts went out."""
    today = today or timezone.localdate()
    department = department_officers()
    sent = 0
    with translation.override("vi"):
        for instrument in instruments_to_alert(today):
            state = instrument.due_state(today, settings.KHCN_VERIFICATION_NOTICE_DAYS)
            due = instrument.next_due_on
            if due is None or state not in (DueState.DUE, DueState.OVERDUE):
                continue
            with transaction.atomic():
                if not alert_claim(instrument, f"{due.isoformat()}:{state}"):
                    continue
                values = {
                    "instrument": str(instrument),
                    "organisation": instrument.organisation.name,
                    "day": date_format(due, "SHORT_DATE_FORMAT"),
                }
                if state == DueState.OVERDUE:
                    title = _("Verification of %(instrument)s (%(organisation)s) overdue since %(day)s") % values
                else:
                    title = _("Verification of %(instrument)s (%(organisation)s) due on %(day)s") % values
                notify(
                    NotificationKind.VERIFICATION_DUE,
                    alert_recipients(department=department, unit=instrument.unit),
                    title=title,
                    body=_("An instrument without a valid verification may not be used."),
                    url=instrument.get_absolute_url(),
                    target=instrument,
                )
            sent += 1
    return sent


def accreditation_alerts_send(*, today: date | None = None) -> int:
    """Alert on laboratories whose accreditation is expiring or expired."""
    today = today or timezone.localdate()
    department = department_officers()
    sent = 0
    with translation.override("vi"):
        for lab in laboratories_to_alert(today):
            expires = lab.accreditation_expires_on
            assert expires is not None  # the selector keeps only dated accreditations
            state = "expired" if expires < today else "expiring"
            with transaction.atomic():
                if not alert_claim(lab, f"{expires.isoformat()}:{state}"):
                    continue
                notify(
                    NotificationKind.LAB_ACCREDITATION,
                    alert_recipients(department=department, unit=lab.unit),
                    title=_("Accreditation %(number)s of %(lab)s expires on %(day)s")
                    % {"number": lab.accreditation, "lab": lab.name, "day": date_format(expires, "SHORT_DATE_FORMAT")},
                    url=lab.get_absolute_url(),
                    target=lab,
                )
            sent += 1
    return sent
