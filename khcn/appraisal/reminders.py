"""The daily reminders of technology appraisals' time limits: KHCN_APPRAISAL_NOTICE_DAYS before
a dossier's limit, and once more the day after it passes without an opinion, the Department's
officers are told (notifications.notify: inbox and e-mail). Each reminder is claimed on the row
first (`reminded_at`, `overdue_reminded_at`), so running the job twice sends nothing new.

The notification kind is the tasks' deadline reminder (TASK_REMINDER): the notifications app
has no kind of its own for appraisals yet.
"""

from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from khcn.appraisal import selectors
from khcn.appraisal.models import Appraisal
from khcn.notifications.models import NotificationKind
from khcn.notifications.services import notify


def _send(appraisal: Appraisal, people: list[Any], *, late: bool) -> None:
    day = date_format(appraisal.due_on, "SHORT_DATE_FORMAT")
    if late:
        title = _("Late technology appraisal: “%(name)s” (time limit %(day)s)")
        body = _("No opinion has been issued on this dossier and its time limit has passed.")
    else:
        title = _("Technology appraisal due by %(day)s: “%(name)s”")
        body = _("Issue the Department's opinion on the project's technology by the time limit.")
    notify(
        NotificationKind.TASK_REMINDER,
        people,
        title=title % {"name": appraisal.project_name, "day": day},
        body=body,
        url=appraisal.get_absolute_url(),
        target=appraisal,
    )


def appraisal_reminders_send(*, today: date | None = None) -> int:
    """Remind the Department of dossiers due soon or just past their limit; return how many
    dossiers were reminded."""
    from khcn.products.reminders import department_officers

    today = today or timezone.localdate()
    people = list(department_officers())
    groups = (
        (selectors.due_soon_q(today=today, days=settings.KHCN_APPRAISAL_NOTICE_DAYS), "reminded_at", False),
        (selectors.late_q(today=today), "overdue_reminded_at", True),
    )
    sent = 0
    with translation.override("vi"):
        for condition, stamp, late in groups:
            due = Appraisal.objects.filter(condition, **{f"{stamp}__isnull": True}).order_by("due_on", "pk")
            for appraisal in due:
                with transaction.atomic():
                    claimed = Appraisal.objects.filter(pk=appraisal.pk, **{f"{stamp}__isnull": True}).update(
                        **{stamp: timezone.now()}
                    )
                    if not claimed:
                        continue
                    _send(appraisal, people, late=late)
                sent += 1
    return sent
