"""Reminders for overdue follow-up items: to the unit's officers for what the unit must do,
to the officers of the Department division for what it must answer (e-mail backend)."""

from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from khcn.accounts.models import RoleGrant
from khcn.accounts.roles import Role
from khcn.core.tasks import mail_queue
from khcn.meetings.models import AssigneeKind, FollowUp
from khcn.meetings.selectors import overdue_q


def _recipients(items: list[FollowUp]) -> dict[str, list[FollowUp]]:
    """E-mail address → the overdue items that person must act on."""
    units = {i.unit_id for i in items if i.assignee_kind == AssigneeKind.UNIT}
    offices = {i.assignee_office_id for i in items if i.assignee_kind == AssigneeKind.OFFICE and i.assignee_office_id}
    grants = (
        RoleGrant.objects.filter(is_active=True, user__is_active=True)
        .filter(
            Q(role=Role.LOCAL_OFFICER, unit_id__in=units)
            | Q(role__in=[Role.DEPARTMENT_OFFICER, Role.DEPARTMENT_LEADER], office_id__in=offices)
        )
        .exclude(user__email="")
        .values_list("role", "unit_id", "office_id", "user__email")
    )
    by_unit: dict[int, set[str]] = defaultdict(set)
    by_office: dict[int, set[str]] = defaultdict(set)
    for role, unit_id, office_id, email in grants:
        if role == Role.LOCAL_OFFICER:
            by_unit[unit_id].add(email)
        else:
            by_office[office_id].add(email)
    out: dict[str, list[FollowUp]] = defaultdict(list)
    for item in items:
        emails = by_unit.get(item.unit_id, set()) if item.assignee_kind == AssigneeKind.UNIT else set()
        if item.assignee_kind == AssigneeKind.OFFICE and item.assignee_office_id:
            emails = by_office.get(item.assignee_office_id, set())
        for email in emails:
            out[email].append(item)
    return out


def followup_reminders_send(*, today: date | None = None) -> tuple[int, int]:
    """One e-mail per person listing their overdue items; an item is reminded again only after
    KHCN_FOLLOWUP_REMINDER_DAYS. Returns (e-mails sent, items reminded)."""
    today = today or timezone.localdate()
    again = timezone.now() - timedelta(days=settings.KHCN_FOLLOWUP_REMINDER_DAYS)
    items = list(
        FollowUp.objects.filter(overdue_q(today))
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lt=again))
        .select_related("unit")
        .order_by("due_on", "pk")
    )
    recipients = _recipients(items)
    messages = []
    with translation.override("vi"):
        for email, mine in recipients.items():
            lines = [
                f"- {i.unit.full_name}: {i.text} ("
                + _("deadline %(due)s") % {"due": date_format(i.due_on, "SHORT_DATE_FORMAT") if i.due_on else "—"}
                + f") {settings.KHCN_SITE_URL}{i.get_absolute_url()}"
                for i in mine
            ]
            subject = _("%(count)s follow-up items are overdue") % {"count": len(mine)}
            body = _("These items are past their deadline and not closed yet:") + "\n\n" + "\n".join(lines)
            messages.append((subject, body, None, [email]))
    mail_queue(messages)
    reminded = {i.pk for mine in recipients.values() for i in mine}
    FollowUp.objects.filter(pk__in=reminded).update(reminded_at=timezone.now())
    return len(messages), len(reminded)
