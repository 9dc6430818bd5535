from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from khcn.accounts.scoping import visible
from khcn.api.serializers import (
    DeclarationSerializer,
    ProgressReportCreateSerializer,
    ProgressReportSerializer,
    ProgressReportUpdateSerializer,
    ProgressReviewSerializer,
    ProposalSerializer,
    ReviewSeatSerializer,
    SheetWriteSerializer,
    TaskDetailSerializer,
    TaskSerializer,
    VersionSerializer,
)
from khcn.core.text import fold
from khcn.geo.models import AdminUnit, Organisation
from khcn.research import councils, execution
from khcn.research import selectors as research_selectors
from khcn.research import services as research_services
from khcn.research.models import (
    CouncilMember,
    PlanCall,
    ProgressReport,
    ProgressStatus,
    Proposal,
    ResearchTask,
    ScienceField,
    TaskStatus,
)


class ProposalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Task proposals in the caller's scope; drafts are created and submitted as on the pages."""

    serializer_class = ProposalSerializer
    filterset_fields = ["call", "status", "field", "unit"]

    def get_queryset(self) -> QuerySet[Proposal]:
        return research_selectors.proposals_visible(self.request.user).order_by("-pk")

    def create(self, request: Request) -> Response:
        """Save a draft proposal for a unit or organisation in the caller's scope."""
        body = ProposalSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        call = PlanCall.objects.filter(pk=data.pop("call_id")).first()
        if call is None:
            raise ValidationError({"call": ["Unknown call."]})
        unit_id = data.pop("unit_id", None)
        unit = visible(AdminUnit.objects.filter(pk=unit_id), request.user).first() if unit_id else None
        if unit_id and unit is None:
            raise ValidationError({"unit": ["Unknown unit, or a unit outside your scope."]})
        organisation_id = data.pop("organisation_id", None)
        organisation = Organisation.objects.filter(pk=organisation_id).first() if organisation_id else None
        proposal = Proposal(call=call, unit=unit, organisation=organisation, **data)
        research_services.proposal_create(user=request.user, proposal=proposal)
        return Response(ProposalSerializer(proposal).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        """Submit the proposal: every needed field filled and the call open (else 400 with the reason)."""
        proposal = self.get_object()
        research_services.proposal_submit(user=request.user, proposal=proposal)
        proposal.refresh_from_db()
        return Response(ProposalSerializer(proposal).data)


# -- S&T tasks and their progress reports ------------------------------------------------------


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
            research_selectors.tasks_visible(self.request.user)
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
        tasks = research_selectors.tasks_visible(self.request.user)
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
        task = research_selectors.tasks_visible(request.user).filter(pk=data.pop("task")).first()
        if task is None:
            raise ValidationError({"task": [_("Unknown task, or a task outside your scope.")]})
        report = ProgressReport(task=task, **data)
        execution.progress_save(user=request.user, report=report)
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
        execution.progress_save(user=request.user, report=report, expected_version=expected)
        return self._respond(report)

    @extend_schema(request=VersionSerializer, responses=ProgressReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        """Submit the report to the Department."""
        report = self.get_object()
        body = VersionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        execution.progress_submit(user=request.user, report=report, expected_version=body.validated_data["version"])
        return self._respond(report)

    @extend_schema(request=ProgressReviewSerializer, responses=ProgressReportSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str | None = None) -> Response:
        """Approve a submitted report, or return it with a note saying what to revise (the Department)."""
        report = self.get_object()
        body = ProgressReviewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        execution.progress_review(
            user=request.user,
            report=report,
            approve=data["approve"],
            note=data["note"],
            expected_version=data["version"],
        )
        return self._respond(report)


# -- council seats (reviews) ------------------------------------------------------------------


class ReviewSeatViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's own council seats: declare interests, then (if they may) read the dossier and score.

    Only the caller's seats, whoever they are (Department staff included): another member's
    seat is a 404, and no member sees another member's sheet.
    """

    serializer_class = ReviewSeatSerializer

    def get_queryset(self) -> QuerySet[CouncilMember]:
        return (
            CouncilMember.objects.filter(user_id=self.request.user.pk or 0)
            .select_related(
                "council__proposal__unit",
                "council__proposal__organisation",
                "council__application__task",
                "council__task__host_organisation",
                "sheet",
            )
            .order_by("-council__created_at", "-pk")
        )

    def _seat(self, pk: int) -> Response:
        return Response(ReviewSeatSerializer(self.get_queryset().get(pk=pk)).data)

    @extend_schema(request=DeclarationSerializer, responses=ReviewSeatSerializer)
    @action(detail=True, methods=["post"])
    def declare(self, request: Request, pk: str | None = None) -> Response:
        """Declare your interests; a conflict needs a note and excludes you from scoring."""
        seat = self.get_object()
        body = DeclarationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        councils.member_declare(
            user=request.user,
            member=seat,
            has_conflict=body.validated_data["has_conflict"],
            note=body.validated_data["note"],
        )
        return self._seat(seat.pk)

    @extend_schema(request=SheetWriteSerializer, responses=ReviewSeatSerializer)
    @action(detail=True, methods=["post"])
    def sheet(self, request: Request, pk: str | None = None) -> Response:
        """Save your scoring sheet as a draft, or submit it with every criterion scored (400 lists the errors)."""
        seat = self.get_object()
        body = SheetWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        scores = body.validated_data["scores"]
        known = {code for code, _label, _top in councils.sheet_items(seat.council)}
        unknown = sorted(set(scores) - known)
        if unknown:
            raise ValidationError({"scores": [_("Unknown criterion: %(code)s.") % {"code": code} for code in unknown]})
        _sheet, errors = councils.sheet_save(
            user=request.user,
            member=seat,
            scores=scores,
            comment=body.validated_data["comment"],
            submit=body.validated_data["submit"],
        )
        if errors:
            return Response(
                {"detail": _("Correct the scores marked; nothing was saved."), "code": "invalid", "errors": errors},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return self._seat(seat.pk)
