"""Reminders for tasks: overdue milestones, and results not registered in time.

Each goes to the people who must act: the principal investigator's account and everyone of the
host organisation, in their inbox and by e-mail to those who want it (notifications.notify). One
notification per person lists everything that concerns them;
the same milestone or task is reminded again only after KHCN_FOLLOWUP_REMINDER_DAYS.
"""

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
from khcn.notifications.models import NotificationKind
from khcn.notifications.services import notify
from khcn.research.models import RUNNING, Milestone, ResearchTask, TaskStatus


def _people(tasks: list[ResearchTask]) -> dict[int, set[Any]]:
    """Task id → its PI's account and the accounts of the host organisation's people."""
    hosts = {t.host_organisation_id for t in tasks if t.host_organisation_id}
    by_host: dict[int, set[Any]] = defaultdict(set)
    for grant in RoleGrant.objects.filter(
        is_active=True, user__is_active=True, organisation_id__in=hosts
    ).select_related("user"):
        by_host[grant.organisation_id].add(grant.user)  # type: ignore[index]
    out: dict[int, set[Any]] = {}
    for task in tasks:
        people = set(by_host.get(task.host_organisation_id or 0, set()))
        if task.pi_user_id and task.pi_user.is_active:  # type: ignore[union-attr]
            people.add(task.pi_user)
        out[task.pk] = people
    return out


def task_reminders_send(*, today: date | None = None) -> tuple[int, int, int]:
    """Send the reminders; returns (e-mails sent, milestones reminded, registrations reminded)."""
    today = today or timezone.localdate()
    now = timezone.now()
    again = now - timedelta(days=settings.KHCN_FOLLOWUP_REMINDER_DAYS)
    milestones = list(
        Milestone.objects.filter(done_on__isnull=True, due_on__lt=today, task__status__in=RUNNING)
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lt=again))
        .select_related("task", "task__pi_user")
        .order_by("due_on", "pk")
    )
    registration_cutoff = today - timedelta(days=settings.KHCN_REGISTRATION_DAYS)
    unregistered = list(
        ResearchTask.objects.filter(
            status=TaskStatus.ACCEPTED, registration_number="", accepted_on__lt=registration_cutoff
        )
        .filter(Q(registration_reminded_at__isnull=True) | Q(registration_reminded_at__lt=again))
        .select_related("pi_user")
    )
    tasks = {m.task.pk: m.task for m in milestones} | {t.pk: t for t in unregistered}
    people = _people(list(tasks.values()))
    lines: dict[Any, list[str]] = defaultdict(list)
    reminded_milestones: set[int] = set()
    reminded_tasks: set[int] = set()
    with translation.override("vi"):
        for m in milestones:
            line = _("%(code)s: “%(milestone)s”, due %(due)s") % {
                "code": m.task.code,
                "milestone": m.title,
                "due": date_format(m.due_on, "SHORT_DATE_FORMAT"),
            }
            for person in people.get(m.task.pk, ()):
                lines[person].append(f"- {line} {settings.KHCN_SITE_URL}{m.task.get_absolute_url()}#schedule")
                reminded_milestones.add(m.pk)
        for t in unregistered:
            due = t.registration_due()
            line = _("%(code)s: register the results (due %(due)s)") % {
                "code": t.code,
                "due": date_format(due, "SHORT_DATE_FORMAT") if due else "—",
            }
            for person in people.get(t.pk, ()):
                lines[person].append(f"- {line} {settings.KHCN_SITE_URL}{t.get_absolute_url()}#results")
                reminded_tasks.add(t.pk)
        url = reverse("research:task_list")
        for person, mine in sorted(lines.items(), key=lambda pair: pair[0].pk):
            notify(
                NotificationKind.TASK_REMINDER,
                [person],
                title=_("%(count)s things to do on your S&T tasks") % {"count": len(mine)},
                body=_("These are past their deadline:") + "\n\n" + "\n".join(mine),
                url=url,
            )
    Milestone.objects.filter(pk__in=reminded_milestones).update(reminded_at=now)
    ResearchTask.objects.filter(pk__in=reminded_tasks).update(registration_reminded_at=now)
    return len(lines), len(reminded_milestones), len(reminded_tasks)
