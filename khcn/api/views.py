from typing import Any

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from khcn.accounts.scoping import visible
from khcn.api.serializers import (
    AdminUnitSerializer,
    CurrentUnitSerializer,
    DeclarationSerializer,
    FollowUpRespondSerializer,
    FollowUpSerializer,
    MeetingCreateSerializer,
    MeetingDetailSerializer,
    MeetingSerializer,
    OrganisationSerializer,
    ProgressReportCreateSerializer,
    ProgressReportSerializer,
    ProgressReportUpdateSerializer,
    ProgressReviewSerializer,
    ProposalSerializer,
    ReportDetailSerializer,
    ReportSerializer,
    ReportWriteSerializer,
    ReviewSeatSerializer,
    ReviewSerializer,
    SheetWriteSerializer,
    TaskDetailSerializer,
    TaskSerializer,
    VersionSerializer,
)
from khcn.core.concurrency import StaleObjectError
from khcn.core.text import fold
from khcn.geo import selectors
from khcn.geo.models import AdminUnit, Organisation
from khcn.geo.services import organisation_create, organisation_delete, organisation_update
from khcn.meetings import selectors as meeting_selectors
from khcn.meetings import services as meeting_services
from khcn.meetings.models import FollowUp, Meeting, MeetingRound
from khcn.reporting import selectors as report_selectors
from khcn.reporting import services as report_services
from khcn.reporting.formatting import entry_strings
from khcn.reporting.models import Report
from khcn.reporting.validation import Entry
from khcn.research import scales
from khcn.research import selectors as research_selectors
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
from khcn.research.services import councils, progress
from khcn.research.services import proposals as research_proposals


class AdminUnitViewSet(viewsets.ReadOnlyModelViewSet):
    """The unit registry (reference data, readable by every signed-in user)."""

    serializer_class = AdminUnitSerializer
    queryset = AdminUnit.objects.all()
    filterset_fields = ["level", "unit_type", "code", "parent"]

    @extend_schema(parameters=[OpenApiParameter("q", str, description="Name, with or without diacritics")])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[AdminUnit]:
        qs = AdminUnit.objects.all()
        q = self.request.query_params.get("q")
        if q:
            qs = qs.filter(name_folded__contains=fold(q))
        return qs

    @extend_schema(responses=CurrentUnitSerializer(many=True))
    @action(detail=True, methods=["get"])
    def current(self, request: Request, pk: str | None = None) -> Response:
        """Which unit(s) in force today a (former) unit passed into."""
        found = selectors.unit_current_successors(unit=self.get_object())
        return Response(CurrentUnitSerializer(found, many=True).data)


class OrganisationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Organisations in the caller's scope; edits carry the version they are based on."""

    serializer_class = OrganisationSerializer
    filterset_fields = ["kind", "unit"]

    def get_queryset(self) -> QuerySet[Organisation]:
        return visible(Organisation.objects.all(), self.request.user)

    def perform_create(self, serializer: Any) -> None:
        data = {k: v for k, v in serializer.validated_data.items() if k != "version"}
        try:
            serializer.instance = organisation_create(user=self.request.user, data=data)
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        org = self.get_object()
        serializer = self.get_serializer(org, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        expected = serializer.validated_data.pop("version")
        for key, value in serializer.validated_data.items():
            setattr(org, key, value)
        try:
            organisation_update(user=request.user, organisation=org, expected_version=expected)
        except StaleObjectError:
            raise  # 409, from khcn.api.errors
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc  # the organisation form's errors, by field
        return Response(self.get_serializer(org).data)

    def perform_destroy(self, instance: Organisation) -> None:
        organisation_delete(user=self.request.user, organisation=instance)


class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Reports in the caller's scope; values are written through the same service as the page."""

    filterset_fields = ["period", "unit", "status"]

    def get_queryset(self) -> QuerySet[Report]:
        qs = visible(
            Report.objects.select_related("period", "unit").order_by("period", "unit__sort_key"), self.request.user
        )
        if self.action == "retrieve":
            qs = qs.prefetch_related("values__indicator", "sections")
        return qs

    def get_serializer_class(self) -> Any:
        return ReportDetailSerializer if self.action == "retrieve" else ReportSerializer

    @extend_schema(request=ReportWriteSerializer, responses=ReportDetailSerializer)
    @action(detail=True, methods=["post"])
    def save(self, request: Request, pk: str | None = None) -> Response:
        """Save values (by indicator code) and narrative; `submit` also submits."""
        report = self.get_object()
        body = ReportWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        items = {ind.code: ind for ind, _r in report_selectors.form_items(period=report.period)}
        unknown = sorted(set(body.validated_data["values"]) - set(items))
        if unknown:
            raise ValidationError({"values": [f"Unknown indicator: {code}" for code in unknown]})
        entries = {items[code].pk: Entry(**data) for code, data in body.validated_data["values"].items()}
        stored = {v.indicator_id: v for v in report.values.all()}
        for ind in items.values():  # a partial write keeps what is stored for the rest
            if ind.pk not in entries:
                strings = entry_strings(stored.get(ind.pk), ind)
                entries[ind.pk] = Entry(**strings)
        outcome = report_services.report_save(
            report=report,
            user=request.user,
            entries=entries,
            sections=body.validated_data["sections"],
            expected_version=body.validated_data["version"],
            submit=body.validated_data["submit"],
        )
        codes = {ind.pk: code for code, ind in items.items()}
        if not outcome.ok:
            return Response(
                {
                    "detail": "Some values are not valid; valid ones were saved as a draft.",
                    "errors": {
                        codes[iid]: [{"code": p.code, "message": p.message} for p in problems]
                        for iid, problems in outcome.errors.items()
                    },
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        report.refresh_from_db()
        return Response(ReportDetailSerializer(report).data)

    @extend_schema(request=ReviewSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str | None = None) -> Response:
        report = self.get_object()
        body = ReviewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        move = {
            "return": report_services.report_return,
            "approve": report_services.report_approve,
            "sign_off": report_services.report_sign_off,
            "reopen": report_services.report_reopen,
        }
        move[body.validated_data["action"]](report=report, user=request.user, message=body.validated_data["message"])
        report.refresh_from_db()
        return Response(ReportSerializer(report).data)


class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Working sessions the caller may see: a unit sees the sessions of its cluster."""

    filterset_fields = ["round", "status"]

    def get_queryset(self) -> QuerySet[Meeting]:
        qs = meeting_selectors.meetings_visible(self.request.user).order_by("-starts_at", "-pk")
        return qs.prefetch_related("cluster__unit") if self.action == "retrieve" else qs

    def get_serializer_class(self) -> Any:
        return MeetingDetailSerializer if self.action == "retrieve" else MeetingSerializer

    @extend_schema(request=MeetingCreateSerializer, responses=MeetingDetailSerializer)
    def create(self, request: Request) -> Response:
        """Create a session for a cluster of units (Department staff)."""
        body = MeetingCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        units = list(visible(AdminUnit.objects.filter(pk__in=data["units"]), request.user))
        if len(units) != len(set(data["units"])):
            raise ValidationError({"units": ["Unknown unit, or a unit outside your scope."]})
        round_ = MeetingRound.objects.filter(pk=data.get("round")).first() if data.get("round") else None
        meeting = meeting_services.meeting_create(
            user=request.user,
            title=data["title"],
            starts_at=data["starts_at"],
            place=data["place"],
            units=units,
            round=round_,
            chair=data["chair"],
            co_chair=data["co_chair"],
        )
        return Response(MeetingDetailSerializer(meeting).data, status=status.HTTP_201_CREATED)


class FollowUpApiFilter(django_filters.FilterSet):
    # A number, not a list of choices: the browsable API would otherwise name every session,
    # those of other units too.
    meeting = django_filters.NumberFilter(field_name="meeting_id", label=gettext_lazy("Session id"))

    class Meta:
        model = FollowUp
        fields = ["kind", "status", "unit", "topic", "assignee_office"]


class FollowUpViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Requests and directives in the caller's scope, with the same rules as the pages."""

    serializer_class = FollowUpSerializer
    filterset_class = FollowUpApiFilter

    def get_queryset(self) -> QuerySet[FollowUp]:
        return meeting_selectors.items_visible(self.request.user).select_related("unit").order_by("-pk")

    def create(self, request: Request) -> Response:
        """Record a request from a unit (a unit's officer, or the Department) or a directive (the Department)."""
        body = FollowUpSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        unit = visible(AdminUnit.objects.filter(pk=data["unit_id"]), request.user).first()
        if unit is None:
            raise ValidationError({"unit": ["Unknown unit, or a unit outside your scope."]})
        meeting = None
        if data.get("meeting_id"):
            meeting = meeting_selectors.meetings_visible(request.user).filter(pk=data["meeting_id"]).first()
            if meeting is None:
                raise ValidationError({"meeting": ["Unknown session, or a session outside your scope."]})
        office = Organisation.objects.filter(pk=data.get("assignee_office_id")).first()
        item = meeting_services.item_add(
            user=request.user,
            unit=unit,
            kind=data["kind"],
            text=data["text"],
            topic=data.get("topic", ""),
            assignee_kind=data.get("assignee_kind") or "office",
            assignee_office=office,
            assignee_name=data.get("assignee_name", ""),
            due_on=data.get("due_on"),
            meeting=meeting,
        )
        return Response(FollowUpSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=FollowUpRespondSerializer, responses=FollowUpSerializer)
    @action(detail=True, methods=["post"])
    def respond(self, request: Request, pk: str | None = None) -> Response:
        """Answer the item and optionally move its status; `version` guards against a stale write (409)."""
        item = self.get_object()
        body = FollowUpRespondSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        meeting_services.item_respond(
            user=request.user,
            item=item,
            text=data["text"],
            status=data["status"],
            reason=data["reason"],
            resolution=data["resolution"],
            expected_version=data["version"],
        )
        item.refresh_from_db()
        return Response(FollowUpSerializer(item).data)


class ProposalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Task proposals in the caller's scope; drafts are created and submitted as on the pages."""

    serializer_class = ProposalSerializer
    filterset_fields = ["call", "status", "field", "unit"]

    def get_queryset(self) -> QuerySet[Proposal]:
        return research_selectors.proposal_list(user=self.request.user).order_by("-pk")

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
        research_proposals.proposal_create(user=request.user, proposal=proposal)
        return Response(ProposalSerializer(proposal).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        """Submit the proposal: every needed field filled and the call open (else 400 with the reason)."""
        proposal = self.get_object()
        research_proposals.proposal_submit(user=request.user, proposal=proposal)
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
        task = research_selectors.task_list(user=request.user).filter(pk=data.pop("task")).first()
        if task is None:
            raise ValidationError({"task": [_("Unknown task, or a task outside your scope.")]})
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
        known = {code for code, _label, _top in scales.sheet_items(seat.council)}
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
