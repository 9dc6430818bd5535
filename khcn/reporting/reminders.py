"""Reminders to units that have not submitted their report: in the officers' inbox, and by
e-mail to those who want it (notifications.notify)."""

from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from khcn.accounts.models import RoleGrant
from khcn.accounts.roles import Role
from khcn.geo.models import AdminUnit
from khcn.notifications.models import NotificationKind
from khcn.notifications.services import notify
from khcn.programs.models import ReportingPeriod
from khcn.reporting import selectors
from khcn.reporting.models import NOT_STARTED, ReminderLog, ReminderRule, Report, ReportStatus

PENDING = (NOT_STARTED, ReportStatus.DRAFT, ReportStatus.RETURNED)


def _officers(unit_ids: list[int]) -> dict[int, list[Any]]:
    """Unit id → its active officers (one query)."""
    out: dict[int, list[Any]] = {}
    grants = RoleGrant.objects.filter(
        unit_id__in=unit_ids, role=Role.LOCAL_OFFICER, is_active=True, user__is_active=True
    ).select_related("user")
    for grant in grants:
        out.setdefault(grant.unit_id, []).append(grant.user)  # type: ignore[arg-type]
    return out


def _remind(period: ReportingPeriod, unit: selectors.BoardUnit, report: Report | None, officers: list[Any]) -> None:
    with translation.override("vi"):
        subject = _("Reminder: report “%(period)s” of %(unit)s") % {"period": period.name, "unit": unit.full_name}
        body = _(
            "The report “%(period)s” of %(unit)s is due on %(due)s and has not been submitted yet. "
            "Please complete it in KHCN."
        ) % {"period": period.name, "unit": unit.full_name, "due": date_format(period.due_on, "SHORT_DATE_FORMAT")}
    url = report.get_absolute_url() if report is not None else reverse("reporting:period_list")
    notify(NotificationKind.REPORT_REMINDER, officers, title=subject, body=body, url=url, target=report)


def reminders_send(
    *,
    period: ReportingPeriod,
    user: Any,
    units: list[AdminUnit] | list[selectors.BoardUnit] | None = None,
    rule: ReminderRule | None = None,
) -> int:
    """E-mail the officers of units whose report is still pending; log one row per unit.

    `units` limits the reminder (the board's "remind late units"); a rule's reminder is sent
    at most once per unit and period. Returns the number of units reminded.
    """
    board = selectors.period_board(period=period, user=user)
    wanted = {u.pk for u in units} if units is not None else None
    pending = [r for r in board.rows if r.status in PENDING and (wanted is None or r.unit.pk in wanted)]
    officers = _officers([r.unit.pk for r in pending])
    reports = Report.objects.in_bulk([r.report.pk for r in pending if r.report is not None])
    reminded = 0
    for row in pending:
        unit = row.unit
        try:
            with transaction.atomic():
                ReminderLog.objects.create(
                    period=period,
                    unit_id=unit.pk,
                    rule=rule,
                    sent_by=user if getattr(user, "pk", None) else None,
                    recipients=len(officers.get(unit.pk, [])),
                )
        except IntegrityError:
            continue  # this rule already reminded this unit
        reminded += 1
        _remind(period, unit, reports.get(row.report.pk) if row.report else None, officers.get(unit.pk, []))
    return reminded


def reminders_due(*, today: date, user: Any) -> int:
    """Apply every active rule whose day is today, for every period (the scheduled job)."""
    total = 0
    for rule in ReminderRule.objects.filter(is_active=True):
        due_on = today - timedelta(days=rule.days_from_due)
        for period in ReportingPeriod.objects.filter(due_on=due_on).select_related("form"):
            total += reminders_send(period=period, user=user, rule=rule)
    return total
