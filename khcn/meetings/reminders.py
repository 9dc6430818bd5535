"""Reminders for overdue follow-up items: to the unit's officers for what the unit must do,
to the officers of the Department division for what it must answer: in their inbox, and by
e-mail to those who want it (notifications.notify)."""

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from khcn.accounts.models import RoleGrant
from khcn.accounts.roles import Role
from khcn.meetings.models import AssigneeKind, FollowUp
from khcn.meetings.selectors import overdue_q
from khcn.notifications.models import NotificationKind
from khcn.notifications.services import notify


def _recipients(items: list[FollowUp]) -> dict[Any, list[FollowUp]]:
    """Person → the overdue items they must act on."""
    units = {i.unit_id for i in items if i.assignee_kind == AssigneeKind.UNIT}
    offices = {i.assignee_office_id for i in items if i.assignee_kind == AssigneeKind.OFFICE and i.assignee_office_id}
    grants = (
        RoleGrant.objects.filter(is_active=True, user__is_active=True)
        .filter(
            Q(role=Role.LOCAL_OFFICER, unit_id__in=units)
            | Q(role__in=[Role.DEPARTMENT_OFFICER, Role.DEPARTMENT_LEADER], office_id__in=offices)
        )
        .select_related("user")
    )
    by_unit: dict[int, set[Any]] = defaultdict(set)
    by_office: dict[int, set[Any]] = defaultdict(set)
    for grant in grants:
        if grant.role == Role.LOCAL_OFFICER:
            by_unit[grant.unit_id].add(grant.user)  # type: ignore[index]
        else:
            by_office[grant.office_id].add(grant.user)  # type: ignore[index]
    out: dict[Any, list[FollowUp]] = defaultdict(list)
    for item in items:
        people = by_unit.get(item.unit_id, set()) if item.assignee_kind == AssigneeKind.UNIT else set()
        if item.assignee_kind == AssigneeKind.OFFICE and item.assignee_office_id:
            people = by_office.get(item.assignee_office_id, set())
        for person in people:
            out[person].append(item)
    return out


def followup_reminders_send(*, today: date | None = None) -> tuple[int, int]:
    """One notification per person listing their overdue items (e-mailed to those who want it);
    an item is reminded again only after KHCN_FOLLOWUP_REMINDER_DAYS. Returns (people reminded,
    items reminded)."""
    today = today or timezone.localdate()
    again = timezone.now() - timedelta(days=settings.KHCN_FOLLOWUP_REMINDER_DAYS)
    items = list(
        FollowUp.objects.filter(overdue_q(today))
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lt=again))
        .select_related("unit")
        .order_by("due_on", "pk")
    )
    recipients = _recipients(items)
    url = reverse("meetings:item_list") + "?state=overdue"
    with translation.override("vi"):
        for person, mine in sorted(recipients.items(), key=lambda pair: pair[0].pk):
            lines = [
                f"- {i.unit.full_name}: {i.text} ("
                + _("deadline %(due)s") % {"due": date_format(i.due_on, "SHORT_DATE_FORMAT") if i.due_on else "—"}
                + f") {settings.KHCN_SITE_URL}{i.get_absolute_url()}"
                for i in mine
            ]
            subject = _("%(count)s follow-up items are overdue") % {"count": len(mine)}
            body = _("These items are past their deadline and not closed yet:") + "\n\n" + "\n".join(lines)
            notify(NotificationKind.ITEM_REMINDER, [person], title=subject, body=body, url=url)
    reminded = {i.pk for mine in recipients.values() for i in mine}
    FollowUp.objects.filter(pk__in=reminded).update(reminded_at=timezone.now())
    return len(recipients), len(reminded)
