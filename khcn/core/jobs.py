"""Background jobs on the task queue: created, claimed, finished, recovered and scheduled in one place.

Django Tasks (the `django-tasks` backport; STYLE.md §8) carries a job's id to a worker; the
`Job` row says how far it got. The rules that make the queue safe:

- A job is queued on commit (`job_create`), so a worker never sees a job whose row is not saved.
- `job_claim` moves a queued job to running with one conditional UPDATE: two workers handed the
  same job (a task enqueued twice) cannot both run it, and a finished job is never run again.
- The job's own writes and `job_finish` share one transaction, and `job_finish` checks that the
  claim is still this run's: a worker that dies mid-way leaves nothing half-saved.
- `jobs_tick` (every minute in `manage.py run_worker`) queues again the jobs whose worker died
  (running past KHCN_JOB_LEASE_MINUTES, or queued so long their task was lost), gives up after
  KHCN_JOB_MAX_ATTEMPTS, and creates each day's scheduled jobs once: their key names the day,
  and the key is unique, so no two workers and no two ticks can schedule the same day twice.
"""

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from khcn.core.models import Job, JobStatus

logger = logging.getLogger(__name__)


class JobLostError(Exception):
    """The job was claimed again by another run (its lease ran out): this run's work is rolled back."""


@dataclass(frozen=True)
class JobKind:
    task: Any  # a django_tasks Task taking `job_id`
    daily_at: time | None = None


KINDS: dict[str, JobKind] = {}


def job_kind_register(kind: str, task: Any, *, daily_at: time | None = None) -> None:
    """Let the queue know which task runs jobs of `kind` (and, for a daily job, at what local time)."""
    KINDS[kind] = JobKind(task=task, daily_at=daily_at)


def _enqueue_on_commit(job: Job) -> None:
    task = KINDS[job.kind].task
    job_id = job.pk
    transaction.on_commit(lambda: task.enqueue(job_id=job_id))


def job_create(*, kind: str, user: Any = None, params: dict | None = None, upload: Any = None, key: str = "") -> Job:
    """Save a job (with its uploaded file) and queue its task once the transaction commits."""
    with transaction.atomic():
        job = Job(kind=kind, key=key or uuid.uuid4().hex, user=user if getattr(user, "pk", None) else None)
        job.params = params or {}
        if upload is not None:
            job.file.save(upload.name.rsplit("/", 1)[-1], upload, save=False)
        job.save()
        _enqueue_on_commit(job)
    return job


def job_claim(*, job_id: int) -> Job | None:
    """Take a queued job for this run; None if it is finished or another run has it."""
    now = timezone.now()
    taken = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, claimed_at=now, attempts=F("attempts") + 1
    )
    return Job.objects.get(pk=job_id) if taken else None


def job_progress(*, job: Job, rows_total: int | None = None, rows_read: int | None = None) -> None:
    """Record how far a running job got (committed at once, for the progress page)."""
    changes = {k: v for k, v in (("rows_total", rows_total), ("rows_read", rows_read)) if v is not None}
    Job.objects.filter(pk=job.pk, attempts=job.attempts).update(**changes)


def job_finish(*, job: Job, ok: bool, rows_read: int = 0, saved: int = 0, errors: list[dict] | None = None) -> None:
    """Close the job; call it inside the transaction of the job's own writes.

    Raises JobLostError when the job is no longer this run's, so those writes roll back.
    """
    done = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, attempts=job.attempts).update(
        status=JobStatus.DONE if ok else JobStatus.FAILED,
        rows_read=rows_read,
        saved=saved,
        errors=errors or [],
        finished_at=timezone.now(),
    )
    if not done:
        raise JobLostError(job.pk)


def job_run(*, job_id: int, work: Callable[[Job], None]) -> None:
    """Claim the job and run `work(job)`, which writes and calls job_finish in one transaction.

    An unexpected error fails the job with a general message (the details go to the log).
    """
    job = job_claim(job_id=job_id)
    if job is None:
        return
    try:
        work(job)
    except JobLostError:
        logger.warning("Job %s was taken over by another run; this run's work was rolled back.", job_id)
    except Exception:
        logger.exception("Job %s failed", job_id)
        message = _("The job stopped on an unexpected error; nothing was saved. Try again or contact support.")
        try:
            with transaction.atomic():
                job_finish(job=job, ok=False, errors=[{"sheet": "", "row": 0, "column": "", "message": message}])
        except JobLostError:
            pass  # another run has the job now


def job_run_daily(*, job_id: int, send: Callable[[date], int]) -> None:
    """Run a day's scheduled job: `send(day)` does the work and returns how many it handled.

    Each daily job's own service is safe to run twice for the same day (its reminder logs).
    """

    def work(job: Job) -> None:
        with transaction.atomic():
            handled = send(date.fromisoformat(job.params["day"]))
            job_finish(job=job, ok=True, saved=handled)

    job_run(job_id=job_id, work=work)


def _schedule_daily(now: datetime) -> int:
    today: date = timezone.localdate(now)
    local = timezone.localtime(now).time()
    created = 0
    for kind, spec in KINDS.items():
        if spec.daily_at is None or local < spec.daily_at:
            continue
        try:
            with transaction.atomic():
                job = Job.objects.create(
                    kind=kind, key=f"{kind}:{today.isoformat()}", params={"day": str(today)}, queued_at=now
                )
                _enqueue_on_commit(job)
        except IntegrityError:
            continue  # today's job of this kind already exists
        created += 1
    return created


def _requeue_abandoned(now: datetime) -> int:
    cutoff = now - timedelta(minutes=settings.KHCN_JOB_LEASE_MINUTES)
    stale = Q(status=JobStatus.RUNNING, claimed_at__lt=cutoff) | Q(status=JobStatus.QUEUED, queued_at__lt=cutoff)
    requeued = 0
    for job in Job.objects.filter(stale, kind__in=list(KINDS)):
        with transaction.atomic():
            if job.attempts >= settings.KHCN_JOB_MAX_ATTEMPTS:
                message = _("The job was tried %(count)s times and did not finish; nothing was saved.") % {
                    "count": job.attempts
                }
                Job.objects.filter(pk=job.pk, status=job.status, attempts=job.attempts).update(
                    status=JobStatus.FAILED,
                    finished_at=now,
                    errors=[{"sheet": "", "row": 0, "column": "", "message": message}],
                )
                continue
            if Job.objects.filter(pk=job.pk, status=job.status, attempts=job.attempts).update(
                status=JobStatus.QUEUED, queued_at=now
            ):
                _enqueue_on_commit(job)
                requeued += 1
    return requeued


def jobs_tick(*, now: datetime | None = None) -> tuple[int, int]:
    """Create the day's scheduled jobs that are due and re-queue abandoned ones: (created, re-queued)."""
    now = now or timezone.now()
    return _schedule_daily(now), _requeue_abandoned(now)
