"""The products app's background tasks, by area."""

from datetime import date

from django.conf import settings
from django_tasks import task

from khcn.core.jobs import job_kind_register, job_run_daily

# ---- IP dossiers and OCOP ratings ----

ALERTS_KIND = "products.alerts"


def _alert(day: date) -> int:
    from khcn.products.reminders import products_alerts_send

    return products_alerts_send(today=day)


@task()
def products_alerts_run(*, job_id: int) -> None:
    """The daily alerts: stalled dossiers, marks due for renewal, OCOP ratings expiring."""
    job_run_daily(job_id=job_id, send=_alert)


job_kind_register(ALERTS_KIND, products_alerts_run, daily_at=settings.KHCN_REMINDERS_AT)
