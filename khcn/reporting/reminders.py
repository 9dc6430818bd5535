"""Reminders to units that have not submitted their report (Django's e-mail backend)."""

from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from khcn.accounts.models import RoleGrant
from khcn.accounts.roles import Role
from khcn.core.tasks import mail_queue
from khcn.geo.models import AdminUnit
from khcn.programs.models import ReportingPeriod
from khcn.reporting import selectors
from khcn.reporting.models import NOT_STARTED, ReminderLog, ReminderRule, ReportStatus

PENDING = (NOT_STARTED, ReportStatus.DRAFT, ReportStatus.RETURNED)


def _officer_emails(units: list[AdminUnit]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    grants = (
        RoleGrant.objects.filter(unit__in=units, role=Role.LOCAL_OFFICER, is_active=True, user__is_active=True)
        .exclude(user__email="")
        .values_list("unit_id", "user__email")
    )
    for unit_id, email in grants:
        out.setdefault(unit_id, []).append(email)
    return out


def _message(period: ReportingPeriod, unit: AdminUnit, emails: list[str]) -> tuple[str, str, None, list[str]]:
    subject = _("Reminder: report “%(period)s” of %(unit)s") % {"period": period.name, "unit": unit.full_name}
    body = _(
        "The report “%(period)s” of %(unit)s is due on %(due)s and has not been submitted yet. "
        "Please complete it in KHCN."
    ) % {"period": period.name, "unit": unit.full_name, "due": date_format(period.due_on, "SHORT_DATE_FORMAT")}
    return subject, body, None, emails


def reminders_send(
    *, period: ReportingPeriod, user: Any, units: list[AdminUnit] | None = None, rule: ReminderRule | None = None
) -> int:
    """E-mail the officers of units whose report is still pending; log one row per unit.

    `units` limits the reminder (the board's "remind late units"); a rule's reminder is sent
    at most once per unit and period. Returns the number of units reminded.
    """
    board = selectors.period_board(period=period, user=user)
    wanted = {u.pk for u in units} if units is not None else None
    pending = [r.unit for r in board.rows if r.status in PENDING and (wanted is None or r.unit.pk in wanted)]
    emails = _officer_emails(pending)
    messages = []
    reminded = 0
    for unit in pending:
        try:
            with transaction.atomic():
                ReminderLog.objects.create(
                    period=period,
                    unit=unit,
                    rule=rule,
                    sent_by=user if getattr(user, "pk", None) else None,
                    recipients=len(emails.get(unit.pk, [])),
                )
        except IntegrityError:
            continue  # this rule already reminded this unit
        reminded += 1
        if emails.get(unit.pk):
            messages.append(_message(period, unit, emails[unit.pk]))
    mail_queue(messages)
    return reminded


def reminders_due(*, today: date, user: Any) -> int:
    """Apply every active rule whose day is today, for every period (the scheduled job)."""
    total = 0
    for rule in ReminderRule.objects.filter(is_active=True):
        due_on = today - timedelta(days=rule.days_from_due)
        for period in ReportingPeriod.objects.filter(due_on=due_on).select_related("form"):
            total += reminders_send(period=period, user=user, rule=rule)
    return total
