"""Base model pieces every domain record shares."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Who created and last changed a record, and when."""

    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


class VersionedModel(models.Model):
    """Optimistic-concurrency guard: every save through `core.concurrency` bumps `version`."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class AliveManager(models.Manager):
    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().filter(deleted_at__isnull=True)


class SoftDeleteModel(models.Model):
    """Records that users "delete" but the Department must keep (history, references)."""

    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True, editable=False)

    objects = AliveManager()
    all_objects = models.Manager()  # noqa: DJ012

    class Meta:
        abstract = True

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


def _job_file_path(job: "Job", filename: str) -> str:
    return f"jobs/{timezone.now():%Y/%m}/{job.key}/{filename}"


class Job(models.Model):
    """One piece of background work and how far it got: a workbook import or a day's reminders.

    The task queue (Django Tasks) carries only the job's id; this row is what the pages poll and
    what makes a task safe to run twice (khcn.core.jobs): a job is claimed by one worker at a
    time, its work and its "done" are written in one transaction, and a job whose worker died is
    queued again once its lease has run out.
    """

    kind = models.CharField(_("kind"), max_length=60)
    key = models.CharField(_("key"), max_length=120, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    file = models.FileField(_("file"), upload_to=_job_file_path, blank=True)
    rows_total = models.PositiveIntegerField(_("rows in the file"), null=True, blank=True)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    saved = models.PositiveIntegerField(_("records saved"), default=0)
    errors = models.JSONField(_("problems"), default=list, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    claimed_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = [models.Index(fields=["status", "queued_at"], name="core_job_status_queued")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)


class DataStamp(models.Model):
    """One row counting the database's committed changes, the key of kept pages (core.pagecache).

    Raised with plain SQL by the write watcher, never through this model.
    """

    n = models.BigIntegerField(default=0)

    class Meta:
        db_table = "core_datastamp"
        verbose_name = _("data stamp")
