"""The job queue: the daily reminders are scheduled once a day, and jobs run on the database queue."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command

from khcn.core.jobs import KINDS, jobs_tick
from khcn.core.models import Job, JobStatus
from khcn.experts.tasks import TECH_CONFIRM_KIND as TECH_CONFIRM
from khcn.meetings.tasks import REMINDERS_KIND as FOLLOWUP_REMINDERS
from khcn.products.tasks import ALERTS_KIND as PRODUCT_ALERTS
from khcn.reporting.models import ReminderLog
from khcn.reporting.tasks import REMINDERS_KIND as REPORT_REMINDERS
from khcn.research.tasks import REMINDERS_KIND as TASK_REMINDERS

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
DAILY = {
    REPORT_REMINDERS,
    FOLLOWUP_REMINDERS,
    TASK_REMINDERS,
    PRODUCT_ALERTS,
    TECH_CONFIRM,
    # the registries of issue 18
    "fund.reminders",
    "metrology.alerts",
    "radiation.licence_alerts",
    "appraisal.reminders",
    "enforcement.remedy_alerts",
}


def test_every_app_schedules_its_daily_reminders():
    assert {kind for kind, spec in KINDS.items() if spec.daily_at is not None} == DAILY


def test_the_reminders_are_scheduled_once_a_day_however_often_the_tick_runs(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs_tick(now=datetime(2026, 12, 17, 6, 59, tzinfo=HANOI)) == (0, 0)  # before 07:00
        assert jobs_tick(now=datetime(2026, 12, 17, 7, 0, tzinfo=HANOI))[0] == len(DAILY)
        for minute in range(1, 4):  # every minute after, and a second worker's tick
            assert jobs_tick(now=datetime(2026, 12, 17, 7, minute, tzinfo=HANOI))[0] == 0
        assert jobs_tick(now=datetime(2026, 12, 18, 7, 0, tzinfo=HANOI))[0] == len(DAILY)
    assert sorted(Job.objects.values_list("key", flat=True)) == sorted(
        f"{kind}:{day}" for kind in DAILY for day in ("2026-12-17", "2026-12-18")
    )
    assert set(Job.objects.values_list("status", flat=True)) == {JobStatus.DONE}


def test_the_scheduled_report_reminders_send_mail_once(
    period, officer_a, officer_b, django_capture_on_commit_callbacks
):
    officer_a.email, officer_b.email = "a@xa.vn", "b@xa.vn"
    officer_a.save()
    officer_b.save()
    with django_capture_on_commit_callbacks(execute=True):  # 17/12 is 3 days before the due date
        jobs_tick(now=datetime(2026, 12, 17, 7, 30, tzinfo=HANOI))
    assert sorted(m.to[0] for m in mail.outbox) == ["a@xa.vn", "b@xa.vn"]
    assert ReminderLog.objects.filter(period=period).count() == 126
    assert Job.objects.get(kind=REPORT_REMINDERS).saved == 126
    with django_capture_on_commit_callbacks(execute=True):
        jobs_tick(now=datetime(2026, 12, 17, 18, 0, tzinfo=HANOI))
    assert len(mail.outbox) == 2


def test_the_database_queue_runs_jobs_in_the_worker(
    settings, period, officer_a, django_capture_on_commit_callbacks, monkeypatch
):
    """With the production backend the job waits in the database until `run_worker` takes it."""
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.models import DBTaskResult

    # The worker drops connections between tasks; the test's own connection holds its transaction.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    with django_capture_on_commit_callbacks(execute=True):
        jobs_tick(now=datetime(2026, 12, 17, 7, 30, tzinfo=HANOI))
    assert DBTaskResult.objects.count() == len(DAILY)
    assert set(Job.objects.values_list("status", flat=True)) == {JobStatus.QUEUED}
    with django_capture_on_commit_callbacks(execute=True):
        call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    assert set(Job.objects.values_list("status", flat=True)) == {JobStatus.DONE}
    assert ReminderLog.objects.filter(period=period).count() == 126
