"""S&T tasks from a local problem to a result: calls, proposals (đề xuất đặt hàng), tasks.

This first slice holds the plan call, the proposals with their screening, and the tasks
(past and planned) that new proposals are compared with. Councils, the plan, execution and
acceptance build on these.
"""

from datetime import date

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from khcn.core.models import TimeStampedModel, VersionedModel
from khcn.core.text import fold


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


class PlanCall(TimeStampedModel, VersionedModel):
    """A call for proposals for a year's plan (đợt đề xuất đặt hàng nhiệm vụ)."""

    name = models.CharField(_("name"), max_length=255)
    plan_year = models.PositiveSmallIntegerField(_("plan year"))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("deadline for proposals"))
    description = models.TextField(_("description"), blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("call for proposals")
        verbose_name_plural = _("calls for proposals")
        ordering = ["-plan_year", "-pk"]

    def __str__(self) -> str:
        return self.name

    def is_open(self, day: date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.opens_on <= day <= self.closes_on


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

    scope_field = "unit"
    scope_organisation_field = "organisation"

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
    ACCEPTED = "accepted", _("Accepted (nghiệm thu)")
    STOPPED = "stopped", _("Stopped")


class ResearchTask(TimeStampedModel):
    """An S&T task: the Department's earlier ones, and those its plans order."""

    code = models.CharField(_("code"), max_length=40, blank=True, db_index=True)
    title = models.CharField(_("task name"), max_length=500)
    task_type = models.CharField(_("form of the task"), max_length=20, choices=TaskType.choices)
    field = models.CharField(_("field"), max_length=16, choices=ScienceField.choices)
    host_name = models.CharField(_("host organisation"), max_length=255, blank=True)
    pi_name = models.CharField(_("principal investigator"), max_length=255, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.PLANNED)
    proposal = models.ForeignKey(Proposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks")
    plan = models.ForeignKey(
        AnnualPlan, verbose_name=_("plan"), null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    selection_mode = models.CharField(_("selection mode"), max_length=16, choices=SelectionMode.choices, blank=True)
    budget_million = models.DecimalField(
        _("budget (million VND)"), max_digits=12, decimal_places=1, null=True, blank=True
    )
    title_folded = models.CharField(max_length=600, editable=False, db_index=True, default="")
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at", "title_folded"])

    class Meta:
        verbose_name = _("S&T task")
        verbose_name_plural = _("S&T tasks")
        ordering = ["-start_year", "code", "pk"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.title_folded = fold(self.title)[:600]
        super().save(*args, **kwargs)


class CouncilKind(models.TextChoices):
    SCREENING = "screening", _("Screening council (xác định nhiệm vụ)")
    SELECTION = "selection", _("Selection council (tuyển chọn, giao trực tiếp)")
    ACCEPTANCE = "acceptance", _("Acceptance council (nghiệm thu)")


class Council(TimeStampedModel, VersionedModel):
    """An advisory council on one proposal (or, later, a dossier or a task's results)."""

    kind = models.CharField(_("kind"), max_length=12, choices=CouncilKind.choices, default=CouncilKind.SCREENING)
    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="councils"
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

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("research:council_detail", args=[self.pk])


class MemberRole(models.TextChoices):
    CHAIR = "chair", pgettext_lazy("council", "Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    REVIEWER = "reviewer", _("Reviewer")
    SECRETARY = "secretary", _("Scientific secretary")
    MEMBER = "member", _("Member")


class CouncilMember(models.Model):
    """A member of a council, the declaration of interests they make before the dossier opens."""

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
