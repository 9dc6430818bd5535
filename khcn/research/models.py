"""S&T tasks from a local problem to a result: calls, proposals (đề xuất đặt hàng), tasks.

This first slice holds the plan call, the proposals with their screening, and the tasks
(past and planned) that new proposals are compared with. Councils, the plan, execution and
acceptance build on these.
"""

from datetime import date
from typing import Any

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from khcn.accounts.roles import DEPARTMENT_ROLES, Role
from khcn.accounts.scoping import AllRows, OrganisationPath, OwnRows, Through, UnitPath
from khcn.core.models import TimeStampedModel, VersionedModel
from khcn.core.text import fold
from khcn.research.council_subjects import kind_of


class TaskType(models.TextChoices):
    """Forms of an S&T task (DOMAIN.md §3.2)."""

    TOPIC = "topic", _("Research topic (đề tài)")
    PILOT_PRODUCTION = "pilot_production", _("Pilot production project (dự án SXTN)")
    SCIENTIFIC_SCHEME = "scientific_scheme", _("Scientific scheme (đề án)")
    ST_PROJECT = "st_project", _("S&T project (dự án KH&CN)")


class ScienceField(models.TextChoices):
    """The six groups of S&T fields used in Vietnamese statistics."""

    NATURAL = "natural", _("Natural sciences")
    ENGINEERING = "engineering", _("Engineering and technology")
    MEDICAL = "medical", _("Medical and health sciences")
    AGRICULTURAL = "agricultural", _("Agricultural sciences")
    SOCIAL = "social", _("Social sciences")
    HUMANITIES = "humanities", _("Humanities")


class CallState(models.TextChoices):
    """Where a call stands today (worked out from its dates and `closed_at`, not stored)."""

    UPCOMING = "upcoming", pgettext_lazy("call state", "Not open yet")
    OPEN = "open", pgettext_lazy("call state", "Open")
    PAST = "past", pgettext_lazy("call state", "Deadline passed")
    CLOSED = "closed", pgettext_lazy("call state", "Closed")


class PlanCall(TimeStampedModel, VersionedModel):
    """A call for proposals for a year's plan (đợt đề xuất đặt hàng nhiệm vụ)."""

    name = models.CharField(_("name"), max_length=255)
    plan_year = models.PositiveSmallIntegerField(_("plan year"))
    opens_on = models.DateField(pgettext_lazy("call", "opens on"))
    closes_on = models.DateField(_("deadline for proposals"))
    description = models.TextField(_("description"), blank=True)
    # Set when the Department closes the call before (or after) its deadline: a call that
    # has proposals is closed, never deleted, so the proposals keep their call.
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("call for proposals")
        verbose_name_plural = _("calls for proposals")
        ordering = ["-plan_year", "-pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("research:call_detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            errors["closes_on"] = ValidationError(
                _("The deadline must be on or after the opening day."), code="call_dates"
            )
        if self.plan_year is not None and not 2000 <= self.plan_year <= 2100:
            errors["plan_year"] = ValidationError(_("Enter a plan year between 2000 and 2100."), code="plan_year")
        if errors:
            raise ValidationError(errors)

    def is_open(self, day: date | None = None) -> bool:
        return self.state(day) == CallState.OPEN

    def state(self, day: date | None = None) -> str:
        day = day or timezone.localdate()
        if self.closed_at is not None:
            return CallState.CLOSED
        if day < self.opens_on:
            return CallState.UPCOMING
        return CallState.OPEN if day <= self.closes_on else CallState.PAST

    def get_state_display(self) -> str:
        return str(CallState(self.state()).label)


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for completion")
    ACCEPTED = "accepted", _("Accepted for the ordered list")
    DUPLICATE = "duplicate", _("Duplicate of an earlier task or proposal")
    OUT_OF_SCOPE = "out_of_scope", _("Out of scope")
    REJECTED = "rejected", _("Not accepted")


EDITABLE_PROPOSAL = frozenset({ProposalStatus.DRAFT, ProposalStatus.RETURNED})
SCREENED = frozenset(
    {ProposalStatus.ACCEPTED, ProposalStatus.DUPLICATE, ProposalStatus.OUT_OF_SCOPE, ProposalStatus.REJECTED}
)


class Proposal(TimeStampedModel, VersionedModel):
    """A proposal to order an S&T task that solves a local problem."""

    # A unit's own proposals and those of the organisations a user acts for; the Department
    # also sees the proposals of organisations in its province.
    scope_rules = (
        UnitPath("unit"),
        UnitPath("organisation__unit", roles=DEPARTMENT_ROLES),
        OrganisationPath("organisation"),
    )

    call = models.ForeignKey(PlanCall, verbose_name=_("call"), on_delete=models.PROTECT, related_name="proposals")
    unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("proposing unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    organisation = models.ForeignKey(
        "geo.Organisation",
        verbose_name=_("proposing organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    title = models.CharField(_("task name"), max_length=500)
    # A draft may leave these empty; submitting requires them (services.REQUIRED_ON_SUBMIT).
    task_type = models.CharField(_("form of the task"), max_length=20, choices=TaskType.choices, blank=True)
    field = models.CharField(_("field"), max_length=16, choices=ScienceField.choices, blank=True)
    problem = models.TextField(_("local problem"), help_text=_("What goes wrong today, where, for whom."))
    rationale = models.TextField(_("why S&T is needed"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    products = models.TextField(_("expected products"), blank=True)
    product_specs = models.TextField(_("requirements of the products"), blank=True)
    application_place = models.CharField(_("where results will be applied"), max_length=500, blank=True)
    applying_unit = models.CharField(_("unit committing to apply the results"), max_length=255, blank=True)
    budget_million = models.DecimalField(
        _("rough budget (million VND)"), max_digits=12, decimal_places=1, null=True, blank=True
    )
    duration_months = models.PositiveSmallIntegerField(_("duration (months)"), null=True, blank=True)
    contact = models.CharField(_("contact person, phone, e-mail"), max_length=255, blank=True)
    followups = models.ManyToManyField(
        "meetings.FollowUp", verbose_name=_("requests it answers"), blank=True, related_name="proposals"
    )
    status = models.CharField(
        _("status"), max_length=14, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT, db_index=True
    )
    screening_note = models.TextField(_("screening note"), blank=True)
    duplicate_of_task = models.ForeignKey(
        "research.ResearchTask", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    title_folded = models.CharField(max_length=600, editable=False, db_index=True, default="")
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at", "title_folded"])

    class Meta:
        verbose_name = _("task proposal")
        verbose_name_plural = _("task proposals")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.title_folded = fold(self.title)[:600]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("research:proposal_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_PROPOSAL

    def proposer_label(self) -> str:
        if self.unit_id:
            return self.unit.full_name  # type: ignore[union-attr]
        return str(self.organisation or "")


def _proposal_file_path(instance: "ProposalFile", filename: str) -> str:
    return f"proposals/{instance.proposal_id}/{filename}"


class ProposalFile(models.Model):
    """A document attached to a proposal (a survey, photos, the unit's commitment letter)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to=_proposal_file_path)
    name = models.CharField(_("file name"), max_length=255)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)
    uploaded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("attached file")
        verbose_name_plural = _("attached files")
        ordering = ["proposal", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


class AnnualPlan(TimeStampedModel, VersionedModel):
    """A year's S&T plan: the tasks ordered from accepted proposals, approved by a decision."""

    year = models.PositiveSmallIntegerField(_("plan year"), unique=True)
    name = models.CharField(_("name"), max_length=255)
    decision_number = models.CharField(_("approval decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("approval decision date"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("annual S&T plan")
        verbose_name_plural = _("annual S&T plans")
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("research:plan_detail", args=[self.pk])

    @property
    def is_approved(self) -> bool:
        return bool(self.decision_number and self.decision_date)


class SelectionMode(models.TextChoices):
    OPEN_SELECTION = "open_selection", _("Open selection (tuyển chọn)")
    DIRECT = "direct", _("Direct assignment (giao trực tiếp)")


class TaskStatus(models.TextChoices):
    PLANNED = "planned", _("In the plan")
    IN_PROGRESS = "in_progress", pgettext_lazy("task", "In progress")
    IN_ACCEPTANCE = "in_acceptance", _("Under acceptance")
    ACCEPTED = "accepted", _("Accepted (nghiệm thu)")
    FAILED = "failed", _("Failed acceptance")
    STOPPED = "stopped", _("Stopped")


RUNNING = frozenset({TaskStatus.IN_PROGRESS, TaskStatus.IN_ACCEPTANCE})


class ResearchTask(TimeStampedModel, VersionedModel):
    """An S&T task: the Department's earlier ones, and those its plans order."""

    # All tasks for the Department; for everyone else the tasks they lead, host or proposed.
    scope_rules = (
        AllRows(DEPARTMENT_ROLES),
        OwnRows("pi_user"),
        OrganisationPath("host_organisation"),
        UnitPath("proposal__unit", roles=frozenset({Role.LOCAL_OFFICER})),
    )

    code = models.CharField(_("code"), max_length=40, blank=True, db_index=True)
    title = models.CharField(_("task name"), max_length=500)
    task_type = models.CharField(_("form of the task"), max_length=20, choices=TaskType.choices)
    field = models.CharField(_("field"), max_length=16, choices=ScienceField.choices)
    host_name = models.CharField(_("host organisation"), max_length=255, blank=True)
    pi_name = models.CharField(_("principal investigator"), max_length=255, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.PLANNED, db_index=True
    )
    proposal = models.ForeignKey(Proposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks")
    # Execution: who carries the task out, under which contract, when.
    host_organisation = models.ForeignKey(
        "geo.Organisation",
        verbose_name=_("host organisation (registry)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_tasks",
    )
    pi_user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("principal investigator's account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_tasks",
        help_text=_("The account that writes progress reports and change requests."),
    )
    contract_number = models.CharField(_("contract number"), max_length=60, blank=True)
    contract_date = models.DateField(_("contract date"), null=True, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    # Acceptance (nghiệm thu), registration and publication of the results.
    grade = models.CharField(_("acceptance grade"), max_length=12, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    required_fixes = models.TextField(_("fixes required by the council"), blank=True)
    final_products = models.TextField(_("final products"), blank=True)
    registration_number = models.CharField(_("result registration certificate number"), max_length=60, blank=True)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    public_summary = models.TextField(_("summary of the results (public)"), blank=True)
    public_products = models.TextField(_("products (public)"), blank=True)
    public_application = models.TextField(_("where the results are applied (public)"), blank=True)
    public_contact = models.CharField(_("contact (public)"), max_length=255, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    registration_reminded_at = models.DateTimeField(
        _("registration last reminded at"), null=True, blank=True, editable=False
    )
    plan = models.ForeignKey(
        AnnualPlan, verbose_name=_("plan"), null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    selection_mode = models.CharField(_("selection mode"), max_length=16, choices=SelectionMode.choices, blank=True)
    budget_million = models.DecimalField(
        _("budget (million VND)"), max_digits=12, decimal_places=1, null=True, blank=True
    )
    programme = models.ForeignKey(
        "research.TaskProgramme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    title_folded = models.CharField(max_length=600, editable=False, db_index=True, default="")
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at", "title_folded", "registration_reminded_at"])

    class Meta:
        verbose_name = _("S&T task")
        verbose_name_plural = _("S&T tasks")
        ordering = ["-start_year", "code", "pk"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.title_folded = fold(self.title)[:600]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("research:task_detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("research:result_detail", args=[self.pk])

    @property
    def host_label(self) -> str:
        return self.host_name or (str(self.host_organisation) if self.host_organisation_id else "")

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def registration_due(self) -> date | None:
        """Results are registered within KHCN_REGISTRATION_DAYS of the acceptance (DOMAIN.md §3.6)."""
        from datetime import timedelta

        from django.conf import settings

        if self.accepted_on is None:
            return None
        return self.accepted_on + timedelta(days=settings.KHCN_REGISTRATION_DAYS)


class TaskMemberRole(models.TextChoices):
    PI = "pi", _("Principal investigator")
    SECRETARY = "secretary", _("Scientific secretary")
    MEMBER = "member", _("Member")


class TaskMember(models.Model):
    """A person carrying the task out (the PI, the secretary, the main members)."""

    task = models.ForeignKey(ResearchTask, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("full name"), max_length=255)
    title = models.CharField(_("academic title, degree"), max_length=60, blank=True)
    role = models.CharField(_("role"), max_length=10, choices=TaskMemberRole.choices, default=TaskMemberRole.MEMBER)
    organisation = models.CharField(_("works at"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("task member")
        verbose_name_plural = _("task members")
        ordering = ["task", "pk"]

    def __str__(self) -> str:
        return f"{self.title} {self.name}".strip()


class FundingSource(models.TextChoices):
    STATE_ST = "state_st", _("State budget for S&T")
    STATE_OTHER = "state_other", _("Other state funds")
    HOST = "host", _("Host organisation's own funds")
    OTHER = "other", _("Other sources")


class BudgetLine(models.Model):
    """A task's budget for one year and source: planned, and what was disbursed."""

    task = models.ForeignKey(ResearchTask, on_delete=models.CASCADE, related_name="budget_lines")
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("source"), max_length=12, choices=FundingSource.choices, default=FundingSource.STATE_ST)
    planned_million = models.DecimalField(_("planned (million VND)"), max_digits=12, decimal_places=1, default=0)
    disbursed_million = models.DecimalField(_("disbursed (million VND)"), max_digits=12, decimal_places=1, default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["task", "year", "source"]
        constraints = [models.UniqueConstraint(fields=["task", "year", "source"], name="budget_line_once")]

    def __str__(self) -> str:
        return f"{self.task_id} {self.year} {self.get_source_display()}"


class Milestone(models.Model):
    """A step of the task's schedule (tiến độ) and the products due with it."""

    task = models.ForeignKey(ResearchTask, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("content"), max_length=500)
    products = models.TextField(_("products"), blank=True)
    due_on = models.DateField(pgettext_lazy("milestone", "due on"), db_index=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["reminded_at"])

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["task", "due_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, day: date | None = None) -> bool:
        return self.done_on is None and self.due_on < (day or timezone.localdate())


class ProgressStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for revision")
    APPROVED = "approved", _("Approved")


class ProgressReport(TimeStampedModel, VersionedModel):
    """A periodic progress report (báo cáo định kỳ) from the host, reviewed by the Department."""

    scope_rules = (Through("task"),)

    task = models.ForeignKey(ResearchTask, on_delete=models.CASCADE, related_name="progress_reports")
    period = models.CharField(_("period"), max_length=120, help_text=_("For example: 6 tháng đầu năm 2025."))
    as_of = models.DateField(_("as of"))
    work_done = models.TextField(_("work done"))
    products_done = models.TextField(_("products achieved"), blank=True)
    spent_million = models.DecimalField(
        _("funds used (million VND)"), max_digits=12, decimal_places=1, null=True, blank=True
    )
    issues = models.TextField(_("difficulties"), blank=True)
    next_steps = models.TextField(_("next steps and requests"), blank=True)
    attachment = models.FileField(_("attached file"), upload_to="progress/%Y/", blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ProgressStatus.choices, default=ProgressStatus.DRAFT, db_index=True
    )
    review_note = models.TextField(_("review comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["task", "-as_of", "-pk"]

    def __str__(self) -> str:
        return f"{self.task.code} {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("research:progress_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in (ProgressStatus.DRAFT, ProgressStatus.RETURNED)


class ChangeKind(models.TextChoices):
    EXTENSION = "extension", _("Extension of time")
    BUDGET = "budget", _("Budget adjustment")
    MEMBERS = "members", _("Change of members or PI")
    CONTENT = "content", _("Change of content or products")
    STOP = "stop", _("Stopping the task")


class DecisionStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting decision")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ChangeRequest(TimeStampedModel, VersionedModel):
    """A request to change the task (extension, budget, members, content), and the Department's decision."""

    task = models.ForeignKey(ResearchTask, on_delete=models.CASCADE, related_name="change_requests")
    kind = models.CharField(_("kind"), max_length=10, choices=ChangeKind.choices)
    reason = models.TextField(_("content and reason"))
    new_end_date = models.DateField(_("new end date"), null=True, blank=True)
    new_budget_million = models.DecimalField(
        _("new budget (million VND)"), max_digits=12, decimal_places=1, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.PENDING, db_index=True
    )
    decision_note = models.TextField(_("decision"), blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        ordering = ["task", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.task.code} {self.get_kind_display()}"


class InspectionFinding(models.TextChoices):
    ON_TRACK = "on_track", _("On schedule")
    BEHIND = "behind", _("Behind schedule")
    SERIOUS = "serious", _("Serious problems")


class Inspection(TimeStampedModel):
    """An inspection (kiểm tra, đánh giá định kỳ) of the task by the Department."""

    task = models.ForeignKey(ResearchTask, on_delete=models.CASCADE, related_name="inspections")
    held_on = models.DateField(_("held on"))
    inspectors = models.CharField(_("inspected by"), max_length=500)
    finding = models.CharField(_("finding"), max_length=10, choices=InspectionFinding.choices)
    findings = models.TextField(_("what was found"))
    actions = models.TextField(_("what must be done"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["task", "-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.task.code} {self.held_on}"


class ResultApplication(TimeStampedModel):
    """Where a task's results were applied after acceptance, and what came of it."""

    task = models.ForeignKey(ResearchTask, on_delete=models.CASCADE, related_name="applications")
    unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="result_applications",
    )
    place = models.CharField(_("where"), max_length=255)
    applied_on = models.DateField(_("since"))
    scale = models.CharField(_("scale"), max_length=255, blank=True)
    effect = models.TextField(_("effect"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("application of the results")
        verbose_name_plural = _("applications of the results")
        ordering = ["task", "-applied_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.task.code} {self.place}"


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    SELECTED = "selected", _("Selected")
    NOT_SELECTED = "not_selected", _("Not selected")


class SelectionApplication(TimeStampedModel):
    """A host organisation's application (hồ sơ tuyển chọn) for a task put to open selection."""

    scope_rules = (Through("task"),)

    task = models.ForeignKey(ResearchTask, on_delete=models.CASCADE, related_name="selection_applications")
    organisation = models.ForeignKey(
        "geo.Organisation",
        verbose_name=_("applying organisation (registry)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    applicant_name = models.CharField(_("applying organisation"), max_length=255)
    pi_name = models.CharField(_("proposed principal investigator"), max_length=255)
    pi_user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("principal investigator's account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    budget_million = models.DecimalField(_("budget asked (million VND)"), max_digits=12, decimal_places=1)
    duration_months = models.PositiveSmallIntegerField(_("duration (months)"))
    summary = models.TextField(_("approach and expected products"))
    dossier = models.FileField(_("dossier"), upload_to="selection/%Y/", blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("selection application")
        verbose_name_plural = _("selection applications")
        ordering = ["task", "pk"]

    def __str__(self) -> str:
        return f"{self.applicant_name} — {self.task.code}"


class CouncilKind(models.TextChoices):
    SCREENING = "screening", _("Screening council (xác định nhiệm vụ)")
    SELECTION = "selection", _("Selection council (tuyển chọn, giao trực tiếp)")
    ACCEPTANCE = "acceptance", _("Acceptance council (nghiệm thu)")
    # On another app's record (research.council_subjects): the city's evaluation of an initiative.
    EVALUATION = "evaluation", _("Evaluation council (đánh giá, công nhận)")


class Council(TimeStampedModel, VersionedModel):
    """An advisory council on one subject: a proposal, a selection application, a task's results,
    or a record of another app registered in `research.council_subjects` (an initiative)."""

    # Who may open a council is decided by permissions; its rows follow what it advises on, or
    # for a council on another app's record, the unit whose council it is (the province).
    scope_rules = (Through("proposal"), Through("task"), Through("application"), UnitPath("unit"))

    kind = models.CharField(_("kind"), max_length=12, choices=CouncilKind.choices, default=CouncilKind.SCREENING)
    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), null=True, blank=True, on_delete=models.CASCADE, related_name="councils"
    )
    application = models.ForeignKey(
        SelectionApplication,
        verbose_name=_("selection application"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="councils",
    )
    task = models.ForeignKey(
        ResearchTask,
        verbose_name=_("task"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="acceptance_councils",
    )
    subject_type = models.ForeignKey(
        ContentType, verbose_name=_("subject type"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(_("subject"), null=True, blank=True)
    evaluated = GenericForeignKey("subject_type", "subject_id")
    unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("council of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("For a council on another app's record: the unit whose council it is."),
    )
    name = models.CharField(_("name"), max_length=255)
    meets_on = models.DateField(_("meeting date"), null=True, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("advisory council")
        verbose_name_plural = _("advisory councils")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="council_subject")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        kind = kind_of(self)
        if kind is not None:
            return reverse(kind.council_url_name, args=[self.pk])
        name = "research:council_detail" if self.proposal_id else "research:task_council_detail"
        return reverse(name, args=[self.pk])

    @property
    def subject(self) -> Any:
        """What the council advises on."""
        return self.proposal or self.application or self.task or (self.evaluated if self.subject_type_id else None)

    @property
    def subject_title(self) -> str:
        if self.application_id:
            return self.application.task.title  # type: ignore[union-attr]
        return getattr(self.subject, "title", "")


class MemberRole(models.TextChoices):
    CHAIR = "chair", pgettext_lazy("council", "Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    REVIEWER = "reviewer", _("Reviewer")
    SECRETARY = "secretary", _("Scientific secretary")
    MEMBER = "member", _("Member")


class CouncilMember(models.Model):
    """A member of a council, the declaration of interests they make before the dossier opens."""

    scope_rules = (OwnRows("user"),)

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        "accounts.User", verbose_name=_("account"), on_delete=models.PROTECT, related_name="council_seats"
    )
    role = models.CharField(_("role"), max_length=12, choices=MemberRole.choices, default=MemberRole.MEMBER)
    organisation = models.ForeignKey(
        "geo.Organisation",
        verbose_name=_("works at"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # None: not declared yet; False: declared no conflict; True: declared a conflict.
    has_conflict = models.BooleanField(_("conflict of interest"), null=True, blank=True)
    conflict_note = models.TextField(_("declaration"), blank=True)
    declared_at = models.DateTimeField(_("declared at"), null=True, blank=True)
    flagged = models.CharField(
        _("flag"), max_length=255, blank=True, help_text=_("Why the system suspects a conflict of interest.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        ordering = ["council", "role", "pk"]
        constraints = [models.UniqueConstraint(fields=["council", "user"], name="council_member_once")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

    @property
    def is_excluded(self) -> bool:
        """Out of the vote: a declared or flagged conflict, or the secretary (who does not score)."""
        return bool(self.has_conflict) or bool(self.flagged) or self.role == MemberRole.SECRETARY

    @property
    def may_score(self) -> bool:
        """Only after declaring no conflict, and never when excluded."""
        return self.has_conflict is False and not self.is_excluded


class ScoreSheet(models.Model):
    """One member's individual, secret scoring sheet: a score per criterion and a comment."""

    member = models.OneToOneField(CouncilMember, on_delete=models.CASCADE, related_name="sheet")
    scores = models.JSONField(_("scores"), default=dict)
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("scoring sheet")
        verbose_name_plural = _("scoring sheets")

    def __str__(self) -> str:
        return f"{self.member}: {self.total}"

    @property
    def total(self) -> int:
        return sum(int(v) for v in self.scores.values())


# -- Tasks without state budget (issue 18, item 3) ---------------------------------------------


class SelfFundedStatus(models.TextChoices):
    RECEIVED = "received", _("Request received")
    EVALUATING = "evaluating", _("Being evaluated")
    RECOGNISED = "recognised", _("Results recognised")
    NOT_RECOGNISED = "not_recognised", _("Results not recognised")


DECIDED = frozenset({SelfFundedStatus.RECOGNISED, SelfFundedStatus.NOT_RECOGNISED})


class SelfFundedTask(TimeStampedModel, VersionedModel):
    """An organisation's request to have the results of an S&T task it funded itself evaluated
    and recognised (nhiệm vụ KH&CN không sử dụng ngân sách nhà nước; Circular 02/2015/TT-BKHCN,
    pass or fail only, DOMAIN.md §3.5, unconfirmed). Its council is a simple list of members
    (`SelfFundedCouncilMember`): the scored councils of state-funded tasks do not apply."""

    scope_rules = (
        AllRows(DEPARTMENT_ROLES),
        OrganisationPath("organisation"),
        UnitPath("organisation__unit", roles=frozenset({Role.LOCAL_OFFICER})),
    )

    organisation = models.ForeignKey(
        "geo.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("task name"), max_length=500)
    field = models.CharField(_("field"), max_length=16, choices=ScienceField.choices)
    pi_name = models.CharField(_("principal investigator"), max_length=255, blank=True)
    funding_million = models.DecimalField(
        _("funding (million VND)"), max_digits=12, decimal_places=1, null=True, blank=True
    )
    funding_source = models.CharField(_("source of funding"), max_length=255, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    received_on = models.DateField(_("request received on"))
    summary = models.TextField(_("results to evaluate"))
    # The council
    council_decision_number = models.CharField(_("council decision number"), max_length=60, blank=True)
    council_meets_on = models.DateField(_("council meeting date"), null=True, blank=True)
    council_conclusion = models.TextField(_("council conclusion"), blank=True)
    # The outcome
    status = models.CharField(
        _("status"), max_length=16, choices=SelfFundedStatus.choices, default=SelfFundedStatus.RECEIVED, db_index=True
    )
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True, db_index=True)
    outcome_note = models.TextField(_("reasons"), blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)
    title_folded = models.CharField(max_length=600, editable=False, db_index=True, default="")

    history = HistoricalRecords(excluded_fields=["updated_at", "title_folded"])

    class Meta:
        verbose_name = _("task without state budget")
        verbose_name_plural = _("tasks without state budget")
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.title_folded = fold(f"{self.title} {self.pi_name}")[:600]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("research:selffunded_detail", args=[self.pk])

    @property
    def is_decided(self) -> bool:
        return self.status in DECIDED


class SelfFundedCouncilMember(models.Model):
    """A member of the council that evaluates a task without state budget."""

    scope_rules = (Through("task"),)

    task = models.ForeignKey(SelfFundedTask, on_delete=models.CASCADE, related_name="council_members")
    name = models.CharField(_("full name"), max_length=255)
    role = models.CharField(_("role"), max_length=12, choices=MemberRole.choices, default=MemberRole.MEMBER)
    organisation = models.CharField(_("works at"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        ordering = ["task", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class SelfFundedFile(models.Model):
    """A file of the request (the report of results, the organisation's own acceptance)."""

    task = models.ForeignKey(SelfFundedTask, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to="selffunded/%Y/")
    name = models.CharField(_("file name"), max_length=255)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["task", "pk"]

    def __str__(self) -> str:
        return self.name


# -- Programmes of tasks (issue 18, item 2) -----------------------------------------------------


class TaskProgramme(TimeStampedModel, VersionedModel):
    """A city S&T programme grouping research tasks (e.g. Programme 20-CT/TU of 13/02/2018, the
    city's key S&T research programme, whose board the Department serves as standing body)."""

    scope_rules = (AllRows(DEPARTMENT_ROLES),)

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=500)
    issued_by = models.CharField(_("issued by"), max_length=255, blank=True)
    document = models.CharField(_("issuing document"), max_length=120, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    start_year = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    budget_million = models.DecimalField(
        _("budget (million VND)"), max_digits=12, decimal_places=1, null=True, blank=True
    )
    standing_body = models.CharField(_("standing body"), max_length=255, blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("programme of tasks")
        verbose_name_plural = _("programmes of tasks")
        ordering = ["-issued_on", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("research:programme_detail", args=[self.pk])


class BoardRole(models.TextChoices):
    HEAD = "head", _("Head of the board")
    DEPUTY = "deputy", _("Deputy head")
    STANDING = "standing", _("Standing member")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary")


class ProgrammeBoardMember(models.Model):
    """A member of a programme's board (Ban Chủ nhiệm chương trình)."""

    scope_rules = (Through("programme"),)

    programme = models.ForeignKey(TaskProgramme, on_delete=models.CASCADE, related_name="board")
    name = models.CharField(_("full name"), max_length=255)
    position = models.CharField(_("position"), max_length=255, blank=True)
    role = models.CharField(_("role"), max_length=12, choices=BoardRole.choices, default=BoardRole.MEMBER)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("board member")
        verbose_name_plural = _("board members")
        ordering = ["programme", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"
