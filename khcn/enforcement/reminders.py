"""The daily alert on remedial measures past their deadline: the Department's staff and the
officers of the organisation's commune are told once per deadline."""

from datetime import date

from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from khcn.enforcement.selectors import decisions_to_alert
from khcn.notifications.models import NotificationKind
from khcn.notifications.services import notify
from khcn.registers.alerts import alert_claim, alert_recipients, department_officers


def remedy_alerts_send(*, today: date | None = None) -> int:
    """Alert on decisions whose remedies are overdue; return how many alerts went out."""
    today = today or timezone.localdate()
    department = department_officers()
    sent = 0
    with translation.override("vi"):
        for decision in decisions_to_alert(today):
            due = decision.remedy_due_on
            assert due is not None  # the selector keeps only decisions with a deadline
            with transaction.atomic():
                if not alert_claim(decision, f"{due.isoformat()}:overdue"):
                    continue
                notify(
                    NotificationKind.REMEDY_OVERDUE,
                    alert_recipients(department=department, unit=decision.inspection.unit),
                    title=_("Remedies of decision %(number)s were due on %(day)s")
                    % {"number": decision.number, "day": date_format(due, "SHORT_DATE_FORMAT")},
                    body=_("%(organisation)s has not reported the remedial measures done.")
                    % {"organisation": decision.inspection.organisation.name},
                    url=decision.get_absolute_url(),
                    target=decision,
                )
            sent += 1
    return sent
