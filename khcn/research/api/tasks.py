"""S&T tasks and their progress reports under /api/v1/: serializers, filters and viewsets.

Progress reports move through the same services as the pages (`research.services.progress`).
"""

from decimal import Decimal
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from khcn.accounts.scoping import reference_get
from khcn.core.bounds import api_id, api_million, api_version, api_year
from khcn.core.drf import StrictSerializer, body_field_errors
from khcn.core.text import fold
from khcn.research import scales
from khcn.research import selectors as research_selectors
from khcn.research.models import (
    ProgressReport,
    ProgressStatus,
    ResearchTask,
    ScienceField,
    TaskStatus,
)
from khcn.research.selectors import budget_totals
from khcn.research.services import progress


class TaskSerializer(serializers.Serializer):
    id = api_id()
    code = serializers.CharField()
    title = serializers.CharField()
    task_type = serializers.CharField()
    field = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    host = serializers.CharField(source="host_label")
    pi_name = serializers.CharField()
    plan = api_year(source="plan.year", allow_null=True, default=None, help_text="The plan's year.")
    proposal = api_id(source="proposal_id", allow_null=True)
    proposing_unit = serializers.CharField(source="proposal.unit.full_name", allow_null=True, default=None)
    start_year = api_year(allow_null=True)
    end_year = api_year(allow_null=True)
    budget_million = api_million(allow_null=True)
    planned_million = serializers.SerializerMethodField(help_text="Sum of the budget lines' planned amounts.")
    disbursed_million = serializers.SerializerMethodField(help_text="Sum of the budget lines' disbursed amounts.")
    overdue_milestones = serializers.SerializerMethodField()
    version = api_version()

    def _totals(self, task: Any) -> tuple[Decimal, Decimal]:
        return budget_totals(task)  # from the prefetched lines

    @extend_schema_field(serializers.DecimalField(max_digits=14, decimal_places=1))
    def get_planned_million(self, task: Any) -> str:
        return f"{self._totals(task)[0]:.1f}"

    @extend_schema_field(serializers.DecimalField(max_digits=14, decimal_places=1))
    def get_disbursed_million(self, task: Any) -> str:
        return f"{self._totals(task)[1]:.1f}"

    def get_overdue_milestones(self, task: Any) -> int:
        today = timezone.localdate()
        return sum(1 for m in task.milestones.all() if m.is_overdue(today))


class TaskMemberSerializer(serializers.Serializer):
    name = serializers.CharField()
    title = serializers.CharField()
    role = serializers.CharField()
    role_label = serializers.CharField(source="get_role_display")
    organisation = serializers.CharField()


class BudgetLineSerializer(serializers.Serializer):
    year = api_year()
    source = serializers.CharField()  # type: ignore[assignment]  # the funding source, not Field.source
    source_label = serializers.CharField(source="get_source_display")
    planned_million = api_million()
    disbursed_million = api_million()


class MilestoneSerializer(serializers.Serializer):
    id = api_id()
    title = serializers.CharField()
    products = serializers.CharField()
    due_on = serializers.DateField()
    done_on = serializers.DateField(allow_null=True)
    note = serializers.CharField()
    overdue = serializers.BooleanField(source="is_overdue", help_text="Not done and past its due date.")


class AcceptanceSerializer(serializers.Serializer):
    grade = serializers.CharField(help_text="Grade code, empty until the acceptance council concludes.")
    grade_label = serializers.SerializerMethodField()
    accepted_on = serializers.DateField(allow_null=True)
    required_fixes = serializers.CharField()
    final_products = serializers.CharField()
    registration_number = serializers.CharField()
    registered_on = serializers.DateField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)

    def get_grade_label(self, task: Any) -> str:
        return scales.grade_label(task.grade) if task.grade else ""


class TaskDetailSerializer(TaskSerializer):
    selection_mode = serializers.CharField()
    contract_number = serializers.CharField()
    contract_date = serializers.DateField(allow_null=True)
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    summary = serializers.CharField()
    objectives = serializers.CharField()
    members = TaskMemberSerializer(many=True, source="members.all")
    budget_lines = BudgetLineSerializer(many=True, source="budget_lines.all")
    milestones = MilestoneSerializer(many=True, source="milestones.all")
    acceptance = AcceptanceSerializer(source="*")


class ProgressReportSerializer(serializers.Serializer):
    id = api_id()
    task = api_id(source="task_id")
    task_code = serializers.CharField(source="task.code")
    task_title = serializers.CharField(source="task.title")
    period = serializers.CharField()
    as_of = serializers.DateField()
    work_done = serializers.CharField()
    products_done = serializers.CharField()
    spent_million = api_million(allow_null=True)
    issues = serializers.CharField()
    next_steps = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    is_editable = serializers.BooleanField()
    review_note = serializers.CharField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    reviewed_at = serializers.DateTimeField(allow_null=True)
    version = api_version()


class ProgressReportUpdateSerializer(StrictSerializer):
    """The fields of a draft; each may be left out of a partial update."""

    period = serializers.CharField(max_length=120, required=False)
    as_of = serializers.DateField(required=False)
    work_done = serializers.CharField(required=False, allow_blank=True)
    products_done = serializers.CharField(required=False, allow_blank=True)
    spent_million = api_million(required=False, allow_null=True)
    issues = serializers.CharField(required=False, allow_blank=True)
    next_steps = serializers.CharField(required=False, allow_blank=True)
    version = api_version(help_text="The report version the edit is based on.")


class ProgressReportCreateSerializer(StrictSerializer):
    task = api_id(help_text="The task the report is about (it must be in progress).")
    period = serializers.CharField(max_length=120, help_text="For example: 6 tháng đầu năm 2025.")
    as_of = serializers.DateField()
    work_done = serializers.CharField(allow_blank=True)
    products_done = serializers.CharField(required=False, allow_blank=True, default="")
    spent_million = api_million(required=False, allow_null=True, default=None)
    issues = serializers.CharField(required=False, allow_blank=True, default="")
    next_steps = serializers.CharField(required=False, allow_blank=True, default="")


class VersionSerializer(StrictSerializer):
    version = api_version(help_text="The version the move is based on.")


class ProgressReviewSerializer(StrictSerializer):
    approve = serializers.BooleanField(help_text="true approves; false returns the report, which needs a note.")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    version = api_version(help_text="The version the review is based on.")


class TaskApiFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=TaskStatus.choices)
    field = django_filters.ChoiceFilter(choices=ScienceField.choices)
    plan = django_filters.NumberFilter(field_name="plan__year", label=gettext_lazy("Plan year"))
    q = django_filters.CharFilter(method="search", label=gettext_lazy("Name (with or without diacritics) or code"))

    class Meta:
        model = ResearchTask
        fields = ["status", "field", "plan", "q"]

    def search(self, queryset: QuerySet[ResearchTask], name: str, value: str) -> QuerySet[ResearchTask]:
        return queryset.filter(Q(title_folded__contains=fold(value)) | Q(code__icontains=value.strip()))


class ProgressReportFilter(django_filters.FilterSet):
    # A plain id, not a choice of tasks: the browsable API would list every task's name in it.
    task = django_filters.NumberFilter(field_name="task_id", label=gettext_lazy("Task id"))
    status = django_filters.ChoiceFilter(choices=ProgressStatus.choices)

    class Meta:
        model = ProgressReport
        fields = ["task", "status"]


class TaskViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The S&T tasks the caller may see: all for the Department; those they lead, host or proposed otherwise."""

    filterset_class = TaskApiFilter

    def get_queryset(self) -> QuerySet[ResearchTask]:
        qs = (
            research_selectors.task_list(user=self.request.user)
            .select_related("plan", "host_organisation", "proposal__unit")
            .prefetch_related("budget_lines", "milestones")
            .order_by("-start_year", "code", "pk")
        )
        return qs.prefetch_related("members") if self.action == "retrieve" else qs

    def get_serializer_class(self) -> Any:
        return TaskDetailSerializer if self.action == "retrieve" else TaskSerializer


class ProgressReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Progress reports of the tasks the caller may see; the host writes them, the Department reviews."""

    serializer_class = ProgressReportSerializer
    filterset_class = ProgressReportFilter

    def get_queryset(self) -> QuerySet[ProgressReport]:
        tasks = research_selectors.task_list(user=self.request.user)
        return (
            ProgressReport.objects.filter(task__in=tasks.values("pk")).select_related("task").order_by("-as_of", "-pk")
        )

    def _respond(self, report: ProgressReport, code: int = status.HTTP_200_OK) -> Response:
        report.refresh_from_db()
        return Response(ProgressReportSerializer(report).data, status=code)

    @extend_schema(request=ProgressReportCreateSerializer, responses={201: ProgressReportSerializer})
    def create(self, request: Request) -> Response:
        """Start a draft for a task in progress (its principal investigator, host, or the Department)."""
        body = ProgressReportCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        message = _("Unknown task, or a task outside your scope.")
        with body_field_errors():
            task = reference_get(
                research_selectors.task_list(user=request.user), data.pop("task"), field="task", message=message
            )
        if not request.user.has_perm("research.report_progress", task):
            # A task the caller sees but may not report on is, for this write, out of scope.
            raise ValidationError({"task": [message]})
        report = ProgressReport(task=task, **data)
        progress.progress_save(user=request.user, report=report)
        return self._respond(report, status.HTTP_201_CREATED)

    @extend_schema(request=ProgressReportUpdateSerializer, responses=ProgressReportSerializer)
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        """Edit a draft (or a returned report); `version` guards against a stale write (409)."""
        report = self.get_object()
        body = ProgressReportUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        expected = data.pop("version")
        for key, value in data.items():
            setattr(report, key, value)
        progress.progress_save(user=request.user, report=report, expected_version=expected)
        return self._respond(report)

    @extend_schema(request=VersionSerializer, responses=ProgressReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        """Submit the report to the Department."""
        report = self.get_object()
        body = VersionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        progress.progress_submit(user=request.user, report=report, expected_version=body.validated_data["version"])
        return self._respond(report)

    @extend_schema(request=ProgressReviewSerializer, responses=ProgressReportSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str | None = None) -> Response:
        """Approve a submitted report, or return it with a note saying what to revise (the Department)."""
        report = self.get_object()
        body = ProgressReviewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        progress.progress_review(
            user=request.user,
            report=report,
            approve=data["approve"],
            note=data["note"],
            expected_version=data["version"],
        )
        return self._respond(report)
