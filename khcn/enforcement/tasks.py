"""The enforcement app's daily job: overdue remedial measures."""

from datetime import date

from django.conf import settings
from django_tasks import task

from khcn.core.jobs import job_kind_register, job_run_daily

REMEDY_ALERTS_KIND = "enforcement.remedy_alerts"


def _send(day: date) -> int:
    from khcn.enforcement.reminders import remedy_alerts_send

    return remedy_alerts_send(today=day)


@task()
def remedy_alerts_run(*, job_id: int) -> None:
    """The daily alerts on remedial measures past their deadline."""
    job_run_daily(job_id=job_id, send=_send)


job_kind_register(REMEDY_ALERTS_KIND, remedy_alerts_run, daily_at=settings.KHCN_REMINDERS_AT)
