"""A period's workbook import as a background job: stored, queued, run atomically, shown as it goes.

The page stores the upload and queues the job (period_import_start); the worker runs
period_import_job_run, which checks every row with excel.workbook_import and saves all or
nothing in the same transaction that marks the job done (khcn.core.jobs), so a job run twice
or taken over after its worker died never saves twice or by halves.
"""

from dataclasses import asdict
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404
from openpyxl import load_workbook

from khcn.core.jobs import job_create, job_finish, job_progress, job_run
from khcn.core.models import Job
from khcn.programs.models import ReportingPeriod
from khcn.reporting import excel

IMPORT_KIND = "reporting.period_import"


def period_import_start(*, period: ReportingPeriod, user: Any, upload: Any, submit: bool) -> Job:
    """Store the uploaded workbook and queue its import for the period (the Department's staff only)."""
    if not user.has_perm("reporting.list_periods"):
        raise PermissionDenied
    return job_create(kind=IMPORT_KIND, user=user, params={"period": period.pk, "submit": submit}, upload=upload)


def _declared_rows(stream: Any) -> int | None:
    """The data rows the sheet says it has (its dimension), for the progress bar; None if unknown."""
    try:
        sheet = load_workbook(stream, read_only=True)[excel.SHEET]
        return max((sheet.max_row or 1) - 1, 0) if sheet.max_row else None
    except Exception:
        return None
    finally:
        stream.seek(0)


def _import(job: Job) -> None:
    period = ReportingPeriod.objects.select_related("form").get(pk=job.params["period"])
    with job.file.open("rb") as stream:
        job_progress(job=job, rows_total=_declared_rows(stream))
        with transaction.atomic():
            result = excel.workbook_import(
                period=period, user=job.user, file=stream, submit=bool(job.params.get("submit"))
            )
            job_finish(
                job=job,
                ok=result.ok,
                rows_read=result.rows,
                saved=result.saved,
                errors=[asdict(error) for error in result.errors],
            )


def period_import_job_run(*, job_id: int) -> None:
    """Run a queued workbook import; a second run of the same job does nothing."""
    job_run(job_id=job_id, work=_import)


def period_import_job_get(*, user: Any, pk: int) -> Job:
    """The user's own import job (404 for anyone else's)."""
    return get_object_or_404(Job, pk=pk, kind=IMPORT_KIND, user_id=user.pk)
