"""The metrology app's daily job: verification and accreditation alerts."""

from datetime import date

from django.conf import settings
from django_tasks import task

from khcn.core.jobs import job_kind_register, job_run_daily

ALERTS_KIND = "metrology.alerts"


def _send(day: date) -> int:
    from khcn.metrology.reminders import accreditation_alerts_send, verification_alerts_send

    return verification_alerts_send(today=day) + accreditation_alerts_send(today=day)


@task()
def metrology_alerts_run(*, job_id: int) -> None:
    """The daily alerts on verifications due or overdue and accreditations expiring."""
    job_run_daily(job_id=job_id, send=_send)


job_kind_register(ALERTS_KIND, metrology_alerts_run, daily_at=settings.KHCN_REMINDERS_AT)
