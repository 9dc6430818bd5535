"""The workbook import as a background job: queued, shown as it goes, atomic, safe to run twice, retried."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from khcn.core.jobs import jobs_tick
from khcn.core.models import Job, JobStatus
from khcn.reporting import jobs, services, tasks
from khcn.reporting.models import Value
from khcn.reporting.tests.test_excel import GOOD, fill_sheet, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _upload(period, user, ward, values=GOOD):
    wb = workbook(period, user)
    fill_sheet(wb["Số liệu"], {ward.code}, values)
    buffer = BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("so-lieu.xlsx", buffer.getvalue())


def _start(period, user, ward, capture, values=GOOD, *, run=True):
    with capture(execute=run):
        upload = _upload(period, user, ward, values)
        return jobs.period_import_start(period=period, user=user, upload=upload, submit=False)


def test_the_page_queues_the_import_and_polls_its_progress(
    client, period, dept_officer, ward_a, django_capture_on_commit_callbacks
):
    client.force_login(dept_officer)
    with django_capture_on_commit_callbacks(execute=False) as queued:  # the worker has not run yet
        response = client.post(
            reverse("reporting:period_import", args=[period.pk]), {"file": _upload(period, dept_officer, ward_a)}
        )
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "reporting:period_import_job", args=[period.pk, job.pk]
    )
    assert job.status == JobStatus.QUEUED and job.file and len(queued) == 1
    waiting = client.get(response.url, headers={"HX-Request": "true"})
    assert 'hx-trigger="every 1s"' in waiting.content.decode() and "<html" not in waiting.content.decode()
    assert not Value.objects.exists()
    queued[0]()  # the worker picks the task up (immediate backend in tests)
    job.refresh_from_db()
    assert (job.status, job.rows_total, job.rows_read, job.saved) == (JobStatus.DONE, 126 * 7, 7, 1)
    done = client.get(response.url).content.decode()
    assert 'hx-trigger="every 1s"' not in done and "Đã nhập 7 dòng vào 1 báo cáo" in done  # polling stopped
    assert Value.objects.count() == 7


def test_someone_elses_import_job_is_not_found(client, period, dept_officer, dept_leader, ward_a, capture_on_commit):
    job = _start(period, dept_officer, ward_a, capture_on_commit)
    client.force_login(dept_leader)
    assert client.get(reverse("reporting:period_import_job", args=[period.pk, job.pk])).status_code == 404


@pytest.fixture
def capture_on_commit(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def test_an_import_with_a_bad_row_saves_nothing_and_lists_it(period, dept_officer, ward_a, capture_on_commit):
    job = _start(period, dept_officer, ward_a, capture_on_commit, dict(GOOD, A4=(150, None, None)))
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.saved == 0
    assert job.errors and job.errors[0]["column"] == "Giá trị"
    assert not Value.objects.exists()


def test_running_the_same_job_twice_imports_once(period, dept_officer, ward_a, capture_on_commit):
    job = _start(period, dept_officer, ward_a, capture_on_commit)
    stored = {(v.indicator_id, v.number) for v in Value.objects.all()}
    tasks.period_import_run.call(job_id=job.pk)  # delivered twice by the queue
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DONE, 1)
    assert {(v.indicator_id, v.number) for v in Value.objects.all()} == stored


def test_a_failure_half_way_saves_nothing(period, dept_officer, ward_a, capture_on_commit, monkeypatch):
    saving = services.report_save

    def crash_after_first(**kwargs):  # type: ignore[no-untyped-def]
        saving(**kwargs)
        raise RuntimeError("worker lost its database connection")

    monkeypatch.setattr(services, "report_save", crash_after_first)
    job = _start(period, dept_officer, ward_a, capture_on_commit)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "chưa lưu" in job.errors[0]["message"]
    assert not Value.objects.exists()


def test_a_job_whose_worker_died_is_queued_again_and_finishes(
    period, dept_officer, ward_a, capture_on_commit, settings
):
    job = _start(period, dept_officer, ward_a, capture_on_commit, run=False)
    # A worker claimed it and died: the claim is committed, its transaction never was.
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, attempts=1, claimed_at=timezone.now() - timedelta(minutes=31)
    )
    with capture_on_commit(execute=True):
        assert jobs_tick(now=timezone.now() - timedelta(hours=12))[1] == 0  # within the lease: left alone
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING
    with capture_on_commit(execute=True):
        assert jobs_tick()[1] == 1
    job.refresh_from_db()
    assert (job.status, job.attempts, job.saved) == (JobStatus.DONE, 2, 1)
    assert Value.objects.count() == 7


def test_a_job_that_keeps_dying_is_given_up(period, dept_officer, ward_a, capture_on_commit, settings):
    job = _start(period, dept_officer, ward_a, capture_on_commit, run=False)
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, attempts=settings.KHCN_JOB_MAX_ATTEMPTS, claimed_at=timezone.now() - timedelta(days=1)
    )
    with capture_on_commit(execute=True):
        jobs_tick()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "không hoàn thành" in job.errors[0]["message"]
    assert not Value.objects.exists()


def test_a_run_that_lost_its_claim_rolls_back(period, dept_officer, ward_a, capture_on_commit, monkeypatch):
    """A slow run overtaken by a retry (its lease ran out) must not save next to the retry."""
    job = _start(period, dept_officer, ward_a, capture_on_commit, run=False)
    saving = services.report_save

    def overtaken(**kwargs):  # type: ignore[no-untyped-def]
        saving(**kwargs)
        Job.objects.filter(pk=job.pk).update(attempts=5)  # another run claimed the job meanwhile

    monkeypatch.setattr(services, "report_save", overtaken)
    tasks.period_import_run.call(job_id=job.pk)
    assert not Value.objects.exists()
