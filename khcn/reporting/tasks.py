"""The reporting app's background tasks: workbook imports and the daily report reminders."""

from datetime import date

from django.conf import settings
from django_tasks import task

from khcn.accounts.models import User
from khcn.core.jobs import job_kind_register, job_run_daily
from khcn.reporting import jobs
from khcn.reporting.reminders import reminders_due

REMINDERS_KIND = "reporting.reminders"


@task()
def period_import_run(*, job_id: int) -> None:
    jobs.period_import_job_run(job_id=job_id)


def _remind(day: date) -> int:
    # The scheduled job acts for the whole deployment, as a superuser would.
    return reminders_due(today=day, user=User(username="system", is_superuser=True, is_active=True))


@task()
def report_reminders_run(*, job_id: int) -> None:
    job_run_daily(job_id=job_id, send=_remind)


job_kind_register(jobs.IMPORT_KIND, period_import_run)
job_kind_register(REMINDERS_KIND, report_reminders_run, daily_at=settings.KHCN_REMINDERS_AT)
