"""The appraisal app's background tasks: the daily reminders of time limits."""

from datetime import date

from django.conf import settings
from django_tasks import task

from khcn.core.jobs import job_kind_register, job_run_daily

REMINDERS_KIND = "appraisal.reminders"


def _remind(day: date) -> int:
    from khcn.appraisal.reminders import appraisal_reminders_send

    return appraisal_reminders_send(today=day)


@task()
def appraisal_reminders_run(*, job_id: int) -> None:
    """The daily reminders of dossiers due soon or past their time limit."""
    job_run_daily(job_id=job_id, send=_remind)


job_kind_register(REMINDERS_KIND, appraisal_reminders_run, daily_at=settings.KHCN_REMINDERS_AT)
