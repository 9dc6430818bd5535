"""The meetings app's background tasks: the daily reminders about overdue follow-up items."""

from datetime import date

from django.conf import settings
from django_tasks import task

from khcn.core.jobs import job_kind_register, job_run_daily
from khcn.meetings.reminders import followup_reminders_send

REMINDERS_KIND = "meetings.followup_reminders"


def _remind(day: date) -> int:
    _sent, items = followup_reminders_send(today=day)
    return items


@task()
def followup_reminders_run(*, job_id: int) -> None:
    job_run_daily(job_id=job_id, send=_remind)


job_kind_register(REMINDERS_KIND, followup_reminders_run, daily_at=settings.KHCN_REMINDERS_AT)
