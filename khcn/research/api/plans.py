"""Calls for proposals, annual plans and advisory councils under /api/v1/ (read only).

Each list holds what the corresponding pages show the caller, through the same selectors and
permissions: the Department's staff see the calls, plans and councils they manage; a commune's
officer sees only the calls still taking proposals (those the proposal form offers them), no
plan, and no council; another call or council is a 404. The writes stay on the pages.
"""

from typing import Any

import django_filters
from django.db.models import Count, Prefetch, QuerySet, Sum
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request

from khcn.core.bounds import YEAR_MAX, YEAR_MIN, api_id, api_integer, api_million, api_version, api_year
from khcn.research import selectors as research_selectors
from khcn.research.filters import CallFilter
from khcn.research.models import (
    AnnualPlan,
    CallState,
    Council,
    CouncilKind,
    CouncilMember,
    PlanCall,
    ResearchTask,
)

COUNT_MAX = 10**6  # rows counted on one record (proposals of a call, tasks of a plan)

# -- calls for proposals ------------------------------------------------------------------------


class PlanCallSerializer(serializers.Serializer):
    id = api_id()
    name = serializers.CharField()
    plan_year = api_year()
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    state = serializers.SerializerMethodField(help_text="Where the call stands today.")
    state_label = serializers.CharField(source="get_state_display")
    closed_at = serializers.DateTimeField(allow_null=True)
    version = api_version()

    @extend_schema_field(serializers.ChoiceField(choices=CallState.choices))
    def get_state(self, call: PlanCall) -> str:
        return call.state()


class PlanCallDetailSerializer(PlanCallSerializer):
    description = serializers.CharField()
    proposal_count = serializers.SerializerMethodField(
        help_text="Proposals made in the call: for the Department (its call page), null for others."
    )

    @extend_schema_field(serializers.IntegerField(allow_null=True, min_value=0, max_value=COUNT_MAX))
    def get_proposal_count(self, call: Any) -> int | None:
        request = self.context.get("request")
        if request is None or not request.user.has_perm("research.manage_calls"):
            return None
        return int(call.proposal_count)


class PlanCallApiFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(
        field_name="plan_year", min_value=YEAR_MIN, max_value=YEAR_MAX, label=gettext_lazy("Plan year")
    )
    state = django_filters.ChoiceFilter(choices=CallState.choices, method="by_state", label=gettext_lazy("Status"))

    class Meta:
        model = PlanCall
        fields = ["year", "state"]

    def by_state(self, queryset: QuerySet[PlanCall], name: str, value: str) -> QuerySet[PlanCall]:
        return CallFilter.by_state(self, queryset, name, value)  # type: ignore[arg-type]


class PlanCallViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Calls for proposals: all for the Department (its call pages); the calls still taking
    proposals for a commune's officer (those the proposal form offers)."""

    filterset_class = PlanCallApiFilter
    queryset = PlanCall.objects.none()  # the model, for the schema; rows come from get_queryset

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not (request.user.has_perm("research.manage_calls") or request.user.has_perm("research.add_proposal")):
            raise PermissionDenied

    def get_queryset(self) -> QuerySet[PlanCall]:
        calls = research_selectors.call_list()
        if not self.request.user.has_perm("research.manage_calls"):
            calls = calls.filter(closed_at__isnull=True)
        return calls.order_by("-plan_year", "-opens_on", "-pk")

    def get_serializer_class(self) -> Any:
        return PlanCallDetailSerializer if self.action == "retrieve" else PlanCallSerializer


# -- annual plans -------------------------------------------------------------------------------


class PlanTaskSerializer(serializers.Serializer):
    id = api_id()
    code = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    selection_mode = serializers.CharField()
    host = serializers.CharField(source="host_label")
    budget_million = api_million(allow_null=True)
    proposal = api_id(source="proposal_id", allow_null=True)
    proposing_unit = serializers.CharField(source="proposal.unit.full_name", allow_null=True, default=None)


class AnnualPlanSerializer(serializers.Serializer):
    id = api_id()
    year = api_year()
    name = serializers.CharField()
    decision_number = serializers.CharField()
    decision_date = serializers.DateField(allow_null=True)
    approved = serializers.BooleanField(source="is_approved")
    task_count = api_integer(low=0, high=COUNT_MAX)
    budget_million = serializers.DecimalField(
        source="budget",
        max_digits=16,
        decimal_places=1,
        allow_null=True,
        min_value=0,
        max_value=10**15,
        help_text="Sum of the tasks' budgets.",
    )
    version = api_version()


class AnnualPlanDetailSerializer(AnnualPlanSerializer):
    tasks = PlanTaskSerializer(many=True, source="plan_tasks")


class AnnualPlanApiFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="year", min_value=YEAR_MIN, max_value=YEAR_MAX)
    approved = django_filters.BooleanFilter(method="by_approval", label=gettext_lazy("Approved"))
    unit = django_filters.NumberFilter(
        field_name="tasks__proposal__unit", distinct=True, label=gettext_lazy("Proposing unit id")
    )

    class Meta:
        model = AnnualPlan
        fields = ["year", "approved", "unit"]

    def by_approval(self, queryset: QuerySet[AnnualPlan], name: str, value: bool) -> QuerySet[AnnualPlan]:
        approved = queryset.exclude(decision_number="").exclude(decision_date__isnull=True)
        return approved if value else queryset.exclude(pk__in=approved.values("pk"))


class AnnualPlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The annual S&T plans with their tasks: the Department's staff, as on the plan pages."""

    filterset_class = AnnualPlanApiFilter
    queryset = AnnualPlan.objects.none()

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not request.user.has_perm("research.view_councils"):
            raise PermissionDenied

    def get_queryset(self) -> QuerySet[AnnualPlan]:
        plans = AnnualPlan.objects.filter(pk__in=research_selectors.plan_list().values("pk")).annotate(
            task_count=Count("tasks", distinct=True), budget=Sum("tasks__budget_million")
        )
        if self.action == "retrieve":
            tasks = ResearchTask.objects.select_related("proposal__unit", "host_organisation").order_by("code", "pk")
            plans = plans.prefetch_related(Prefetch("tasks", queryset=tasks, to_attr="plan_tasks"))
        return plans.order_by("-year")

    def get_serializer_class(self) -> Any:
        return AnnualPlanDetailSerializer if self.action == "retrieve" else AnnualPlanSerializer


# -- advisory councils --------------------------------------------------------------------------


class CouncilMemberSerializer(serializers.Serializer):
    """A member as the council's page shows them: no contact details, no scores."""

    name = serializers.CharField(source="user.get_full_name")
    role = serializers.CharField()
    role_label = serializers.CharField(source="get_role_display")
    organisation = serializers.CharField(source="organisation.name", allow_null=True, default=None)
    declaration = serializers.SerializerMethodField()
    conflict_note = serializers.CharField()
    flagged = serializers.CharField(help_text="Why the system suspects a conflict of interest; empty if it does not.")
    sheet = serializers.SerializerMethodField(help_text="none, draft or submitted (never the scores).")

    @extend_schema_field(serializers.ChoiceField(choices=["undeclared", "no_conflict", "conflict"]))
    def get_declaration(self, member: CouncilMember) -> str:
        if member.has_conflict is None:
            return "undeclared"
        return "conflict" if member.has_conflict else "no_conflict"

    @extend_schema_field(serializers.ChoiceField(choices=["none", "draft", "submitted"]))
    def get_sheet(self, member: CouncilMember) -> str:
        sheet = getattr(member, "sheet", None)
        if sheet is None:
            return "none"
        return "submitted" if sheet.submitted_at else "draft"


class CouncilSerializer(serializers.Serializer):
    id = api_id()
    kind = serializers.ChoiceField(choices=CouncilKind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    name = serializers.CharField()
    meets_on = serializers.DateField(allow_null=True)
    subject_title = serializers.CharField()
    proposal = api_id(source="proposal_id", allow_null=True)
    task = api_id(source="task_id", allow_null=True)
    unit = serializers.SerializerMethodField(help_text="The unit the subject belongs to (the proposing unit).")
    concluded_at = serializers.DateTimeField(allow_null=True)
    version = api_version()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_unit(self, council: Council) -> str | None:
        unit = council.proposal.unit if council.proposal_id and council.proposal.unit_id else council.unit  # type: ignore[union-attr]
        return unit.full_name if unit is not None else None


class CouncilDetailSerializer(CouncilSerializer):
    conclusion = serializers.CharField()
    members = CouncilMemberSerializer(many=True, source="members.all")


class CouncilApiFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=CouncilKind.choices)
    year = django_filters.NumberFilter(
        field_name="meets_on", lookup_expr="year", min_value=YEAR_MIN, max_value=YEAR_MAX, label=gettext_lazy("Year")
    )
    status = django_filters.ChoiceFilter(
        choices=[("open", gettext_lazy("Open")), ("concluded", gettext_lazy("Concluded"))], method="by_status"
    )
    unit = django_filters.NumberFilter(field_name="proposal__unit", label=gettext_lazy("Proposing unit id"))

    class Meta:
        model = Council
        fields = ["kind", "year", "status", "unit"]

    def by_status(self, queryset: QuerySet[Council], name: str, value: str) -> QuerySet[Council]:
        return queryset.filter(concluded_at__isnull=value == "open")


class CouncilViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Advisory councils whose page the caller may open (`research.selectors.council_list`),
    with their members as that page shows them."""

    filterset_class = CouncilApiFilter
    queryset = Council.objects.none()

    def get_queryset(self) -> QuerySet[Council]:
        councils = (
            research_selectors.council_list(user=self.request.user)
            .select_related("proposal__unit", "task", "application__task", "unit", "subject_type")
            .prefetch_related("evaluated")
            .order_by("-created_at", "-pk")
        )
        if self.action == "retrieve":
            members = CouncilMember.objects.select_related("user", "organisation", "sheet")
            councils = councils.prefetch_related(Prefetch("members", queryset=members))
        return councils

    def get_serializer_class(self) -> Any:
        return CouncilDetailSerializer if self.action == "retrieve" else CouncilSerializer
