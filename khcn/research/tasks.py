"""The research app's background tasks: the daily reminders about overdue milestones and registrations."""

from datetime import date

from django.conf import settings
from django_tasks import task

from khcn.core.jobs import job_kind_register, job_run_daily
from khcn.research.reminders import task_reminders_send

REMINDERS_KIND = "research.task_reminders"


def _remind(day: date) -> int:
    _sent, milestones, registrations = task_reminders_send(today=day)
    return milestones + registrations


@task()
def task_reminders_run(*, job_id: int) -> None:
    job_run_daily(job_id=job_id, send=_remind)


job_kind_register(REMINDERS_KIND, task_reminders_run, daily_at=settings.KHCN_REMINDERS_AT)
