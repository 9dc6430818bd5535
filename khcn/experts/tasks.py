"""The experts app's background tasks."""

from datetime import date

from django.conf import settings
from django_tasks import task

from khcn.core.jobs import job_kind_register, job_run_daily

# ---- Technology offers: the yearly confirmation ----

TECH_CONFIRM_KIND = "experts.technology_confirm"


def _remind(day: date) -> int:
    from khcn.experts.reminders import technology_confirm_reminders_send

    return technology_confirm_reminders_send(today=day)


@task()
def technology_confirm_reminders_run(*, job_id: int) -> None:
    """The daily reminders to confirm technology offers before their listing ends."""
    job_run_daily(job_id=job_id, send=_remind)


job_kind_register(TECH_CONFIRM_KIND, technology_confirm_reminders_run, daily_at=settings.KHCN_REMINDERS_AT)
