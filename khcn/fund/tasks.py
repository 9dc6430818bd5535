"""The fund's background tasks: the daily reminders."""

from datetime import date

from django.conf import settings
from django_tasks import task

from khcn.core.jobs import job_kind_register, job_run_daily

REMINDERS_KIND = "fund.reminders"


def _remind(day: date) -> int:
    from khcn.fund.reminders import fund_reminders_send

    return fund_reminders_send(today=day)


@task()
def fund_reminders_run(*, job_id: int) -> None:
    """The daily reminders: calls closing soon, loan repayments coming due."""
    job_run_daily(job_id=job_id, send=_remind)


job_kind_register(REMINDERS_KIND, fund_reminders_run, daily_at=settings.KHCN_REMINDERS_AT)
