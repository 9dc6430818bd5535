"""The fund's daily reminders to the Department's officers, in their inbox and by e-mail
(notifications.notify): a call closing within KHCN_FUND_CALL_CLOSING_DAYS, a loan instalment
falling due within KHCN_FUND_REPAYMENT_NOTICE_DAYS. Each goes out once per call closing day or
instalment due day (`FundReminder`), so running the job twice sends nothing new.
"""

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from khcn.core.numbers import format_number
from khcn.fund.models import FundCall, FundReminder, Repayment
from khcn.notifications.models import NotificationKind
from khcn.notifications.services import notify

CALL_CLOSING = "call_closing"
REPAYMENT_DUE = "repayment_due"


def _officers() -> list[Any]:
    from khcn.products.reminders import department_officers

    return department_officers()


def _once(kind: str, target_id: int, key: str) -> bool:
    """Record that this reminder goes out; False when it went out before (safe to run twice)."""
    try:
        with transaction.atomic():
            _row, created = FundReminder.objects.get_or_create(kind=kind, target_id=target_id, key=key)
    except IntegrityError:
        return False
    return created


def _day(value: date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _calls(officers: list[Any], today: date) -> int:
    limit = today + timedelta(days=settings.KHCN_FUND_CALL_CLOSING_DAYS)
    sent = 0
    for call in FundCall.objects.filter(opens_on__lte=today, closes_on__gte=today, closes_on__lte=limit).order_by("pk"):
        if not _once(CALL_CLOSING, call.pk, call.closes_on.isoformat()):
            continue
        notify(
            NotificationKind.FUND_REMINDER,
            officers,
            title=_("Fund call %(number)s closes on %(day)s") % {"number": call.number, "day": _day(call.closes_on)},
            body=_("%(title)s: %(count)s applications received so far.")
            % {"title": call.title, "count": call.applications.filter(deleted_at__isnull=True).count()},
            url=call.get_absolute_url(),
            target=call,
        )
        sent += 1
    return sent


def _repayments(officers: list[Any], today: date) -> int:
    limit = today + timedelta(days=settings.KHCN_FUND_REPAYMENT_NOTICE_DAYS)
    due = (
        Repayment.objects.filter(
            due_on__gte=today,
            due_on__lte=limit,
            amount_received__lt=F("amount_due"),
            application__deleted_at__isnull=True,
        )
        .select_related("application__organisation")
        .order_by("due_on", "pk")
    )
    sent = 0
    for repayment in due:
        if not _once(REPAYMENT_DUE, repayment.pk, repayment.due_on.isoformat()):
            continue
        application = repayment.application
        notify(
            NotificationKind.FUND_REMINDER,
            officers,
            title=_("Loan repayment due on %(day)s: %(organisation)s")
            % {"day": _day(repayment.due_on), "organisation": application.organisation.name},
            body=_("%(project)s: %(amount)s đồng due.")
            % {
                "project": application.title,
                "amount": format_number(repayment.amount_due - repayment.amount_received, 0),
            },
            url=repayment.get_absolute_url(),
            target=application,
        )
        sent += 1
    return sent


def fund_reminders_send(*, today: date | None = None) -> int:
    """Send today's new reminders (calls closing, repayments coming due); return how many."""
    today = today or timezone.localdate()
    officers = _officers()
    with translation.override("vi"):
        return _calls(officers, today) + _repayments(officers, today)
