"""The radiation app's daily job: licence expiry alerts."""

from datetime import date

from django.conf import settings
from django_tasks import task

from khcn.core.jobs import job_kind_register, job_run_daily

LICENCE_ALERTS_KIND = "radiation.licence_alerts"


def _send(day: date) -> int:
    from khcn.radiation.reminders import licence_alerts_send

    return licence_alerts_send(today=day)


@task()
def licence_alerts_run(*, job_id: int) -> None:
    """The daily alerts on radiation licences expiring or expired."""
    job_run_daily(job_id=job_id, send=_send)


job_kind_register(LICENCE_ALERTS_KIND, licence_alerts_run, daily_at=settings.KHCN_REMINDERS_AT)
