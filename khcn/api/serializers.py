from decimal import Decimal
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from khcn.geo.models import AdminUnit, Organisation
from khcn.research import scales
from khcn.research.selectors import budget_totals


class AdminUnitSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(read_only=True)

    class Meta:
        model = AdminUnit
        fields = [
            "id",
            "code",
            "name",
            "full_name",
            "unit_type",
            "level",
            "parent",
            "valid_from",
            "valid_to",
            "latitude",
            "longitude",
        ]


class CurrentUnitSerializer(serializers.Serializer):
    unit = AdminUnitSerializer()
    kind = serializers.CharField()
    via = AdminUnitSerializer(many=True)


class OrganisationSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(required=False, help_text="Version the edit is based on.")

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "short_name",
            "kind",
            "unit",
            "parent",
            "tax_code",
            "address",
            "phone",
            "email",
            "website",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None and "version" not in attrs:
            raise serializers.ValidationError({"version": "Send the version your edit is based on."})
        return attrs


class ValueSerializer(serializers.Serializer):
    indicator = serializers.CharField(source="indicator.code")
    name = serializers.CharField(source="indicator.name")
    value_type = serializers.CharField(source="indicator.value_type")
    number = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    numerator = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    denominator = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    flag = serializers.BooleanField(allow_null=True)
    date_value = serializers.DateField(allow_null=True)
    text = serializers.CharField()
    explanation = serializers.CharField()
    display = serializers.CharField()


class ReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    period = serializers.CharField(source="period.name")
    period_id = serializers.IntegerField()
    unit = serializers.CharField(source="unit.full_name")
    unit_id = serializers.IntegerField()
    status = serializers.CharField()
    version = serializers.IntegerField()
    submitted_at = serializers.DateTimeField(allow_null=True)


class ReportDetailSerializer(ReportSerializer):
    values = ValueSerializer(many=True, source="values.all")
    sections = serializers.SerializerMethodField()

    def get_sections(self, report: Any) -> dict[str, str]:
        return {s.key: s.text for s in report.sections.all()}


class EntrySerializer(serializers.Serializer):
    value = serializers.CharField(required=False, allow_blank=True, default="")
    numerator = serializers.CharField(required=False, allow_blank=True, default="")
    denominator = serializers.CharField(required=False, allow_blank=True, default="")
    explanation = serializers.CharField(required=False, allow_blank=True, default="")


class ReportWriteSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="The report version the edit is based on.")
    values = serializers.DictField(
        child=EntrySerializer(),
        required=False,
        default=dict,
        help_text='By indicator code, e.g. {"A1": {"value": "1.200"}}',
    )
    sections = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False, default=dict)
    submit = serializers.BooleanField(required=False, default=False)


class ReviewSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["return", "approve", "sign_off", "reopen"])
    message = serializers.CharField(required=False, allow_blank=True, default="")


# -- working sessions and follow-up items ------------------------------------------------------


class MeetingUnitSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit_id")
    unit_name = serializers.CharField(source="unit.full_name")
    prepare = serializers.CharField()
    prepare_by = serializers.DateField(allow_null=True)
    report = serializers.IntegerField(source="report_id", allow_null=True)


class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    round = serializers.IntegerField(source="round_id", allow_null=True, read_only=True)
    title = serializers.CharField()
    starts_at = serializers.DateTimeField()
    place = serializers.CharField()
    status = serializers.CharField(read_only=True)
    chair = serializers.CharField()
    co_chair = serializers.CharField()
    version = serializers.IntegerField(read_only=True)


class MeetingDetailSerializer(MeetingSerializer):
    cluster = MeetingUnitSerializer(many=True, read_only=True)
    minutes = serializers.CharField(read_only=True)
    conclusion = serializers.CharField(read_only=True)


class MeetingCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    starts_at = serializers.DateTimeField()
    place = serializers.CharField(max_length=255)
    units = serializers.ListField(child=serializers.IntegerField(), min_length=1)
    round = serializers.IntegerField(required=False, allow_null=True)
    chair = serializers.CharField(required=False, allow_blank=True, default="")
    co_chair = serializers.CharField(required=False, allow_blank=True, default="")


class FollowUpSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = serializers.CharField()
    unit = serializers.IntegerField(source="unit_id")
    unit_name = serializers.CharField(source="unit.full_name", read_only=True)
    text = serializers.CharField()
    topic = serializers.CharField(required=False, allow_blank=True)
    assignee_kind = serializers.CharField(required=False)
    assignee_office = serializers.IntegerField(source="assignee_office_id", required=False, allow_null=True)
    assignee_name = serializers.CharField(required=False, allow_blank=True)
    due_on = serializers.DateField(required=False, allow_null=True)
    status = serializers.CharField(read_only=True)
    status_reason = serializers.CharField(read_only=True)
    resolution = serializers.CharField(read_only=True)
    meeting = serializers.IntegerField(source="meeting_id", required=False, allow_null=True)
    source_report = serializers.IntegerField(source="source_report_id", read_only=True, allow_null=True)
    is_overdue = serializers.BooleanField(read_only=True)
    version = serializers.IntegerField(read_only=True)


class FollowUpRespondSerializer(serializers.Serializer):
    text = serializers.CharField()
    status = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    resolution = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False, allow_null=True, default=None)


# -- task proposals ---------------------------------------------------------------------------


class ProposalSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    call = serializers.IntegerField(source="call_id")
    unit = serializers.IntegerField(source="unit_id", allow_null=True, required=False)
    organisation = serializers.IntegerField(source="organisation_id", allow_null=True, required=False)
    title = serializers.CharField(max_length=500)
    task_type = serializers.CharField(required=False, allow_blank=True)
    field = serializers.CharField(required=False, allow_blank=True)
    problem = serializers.CharField()
    rationale = serializers.CharField(required=False, allow_blank=True)
    objectives = serializers.CharField(required=False, allow_blank=True)
    products = serializers.CharField(required=False, allow_blank=True)
    application_place = serializers.CharField(required=False, allow_blank=True)
    applying_unit = serializers.CharField(required=False, allow_blank=True)
    budget_million = serializers.DecimalField(max_digits=12, decimal_places=1, required=False, allow_null=True)
    duration_months = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    status = serializers.CharField(read_only=True)
    screening_note = serializers.CharField(read_only=True)
    version = serializers.IntegerField(read_only=True)


# -- S&T tasks and their progress reports ------------------------------------------------------


class TaskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField()
    task_type = serializers.CharField()
    field = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    host = serializers.CharField(source="host_label")
    pi_name = serializers.CharField()
    plan = serializers.IntegerField(source="plan.year", allow_null=True, default=None, help_text="The plan's year.")
    proposal = serializers.IntegerField(source="proposal_id", allow_null=True)
    proposing_unit = serializers.CharField(source="proposal.unit.full_name", allow_null=True, default=None)
    start_year = serializers.IntegerField(allow_null=True)
    end_year = serializers.IntegerField(allow_null=True)
    budget_million = serializers.DecimalField(max_digits=12, decimal_places=1, allow_null=True)
    planned_million = serializers.SerializerMethodField(help_text="Sum of the budget lines' planned amounts.")
    disbursed_million = serializers.SerializerMethodField(help_text="Sum of the budget lines' disbursed amounts.")
    overdue_milestones = serializers.SerializerMethodField()
    version = serializers.IntegerField()

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
    year = serializers.IntegerField()
    source = serializers.CharField()  # type: ignore[assignment]  # the funding source, not Field.source
    source_label = serializers.CharField(source="get_source_display")
    planned_million = serializers.DecimalField(max_digits=12, decimal_places=1)
    disbursed_million = serializers.DecimalField(max_digits=12, decimal_places=1)


class MilestoneSerializer(serializers.Serializer):
    id = serializers.IntegerField()
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
    id = serializers.IntegerField()
    task = serializers.IntegerField(source="task_id")
    task_code = serializers.CharField(source="task.code")
    task_title = serializers.CharField(source="task.title")
    period = serializers.CharField()
    as_of = serializers.DateField()
    work_done = serializers.CharField()
    products_done = serializers.CharField()
    spent_million = serializers.DecimalField(max_digits=12, decimal_places=1, allow_null=True)
    issues = serializers.CharField()
    next_steps = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    is_editable = serializers.BooleanField()
    review_note = serializers.CharField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    reviewed_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField()


class ProgressReportUpdateSerializer(serializers.Serializer):
    """The fields of a draft; each may be left out of a partial update."""

    period = serializers.CharField(max_length=120, required=False)
    as_of = serializers.DateField(required=False)
    work_done = serializers.CharField(required=False, allow_blank=True)
    products_done = serializers.CharField(required=False, allow_blank=True)
    spent_million = serializers.DecimalField(max_digits=12, decimal_places=1, required=False, allow_null=True)
    issues = serializers.CharField(required=False, allow_blank=True)
    next_steps = serializers.CharField(required=False, allow_blank=True)
    version = serializers.IntegerField(help_text="The report version the edit is based on.")


class ProgressReportCreateSerializer(serializers.Serializer):
    task = serializers.IntegerField(help_text="The task the report is about (it must be in progress).")
    period = serializers.CharField(max_length=120, help_text="For example: 6 tháng đầu năm 2025.")
    as_of = serializers.DateField()
    work_done = serializers.CharField(allow_blank=True)
    products_done = serializers.CharField(required=False, allow_blank=True, default="")
    spent_million = serializers.DecimalField(
        max_digits=12, decimal_places=1, required=False, allow_null=True, default=None
    )
    issues = serializers.CharField(required=False, allow_blank=True, default="")
    next_steps = serializers.CharField(required=False, allow_blank=True, default="")


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="The version the move is based on.")


class ProgressReviewSerializer(serializers.Serializer):
    approve = serializers.BooleanField(help_text="true approves; false returns the report, which needs a note.")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(help_text="The version the review is based on.")


# -- council seats (reviews) ------------------------------------------------------------------


class SheetItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    top = serializers.IntegerField(help_text="Maximum points; 0 on the grade scale.")


class GradeChoiceSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label


class OwnSheetSerializer(serializers.Serializer):
    scores = serializers.DictField(help_text="By criterion code: points, or a grade code on the grade scale.")
    comment = serializers.CharField()
    submitted_at = serializers.DateTimeField(allow_null=True)


class _DossierSerializer(serializers.Serializer):
    kind = serializers.SerializerMethodField()
    subject_kind = ""

    def get_kind(self, subject: Any) -> str:
        return self.subject_kind


class ProposalDossierSerializer(_DossierSerializer):
    subject_kind = "proposal"
    title = serializers.CharField()
    proposer = serializers.CharField(source="proposer_label")
    task_type = serializers.CharField()
    field = serializers.CharField()
    problem = serializers.CharField()
    rationale = serializers.CharField()
    objectives = serializers.CharField()
    products = serializers.CharField()
    product_specs = serializers.CharField()
    application_place = serializers.CharField()
    applying_unit = serializers.CharField()
    budget_million = serializers.DecimalField(max_digits=12, decimal_places=1, allow_null=True)
    duration_months = serializers.IntegerField(allow_null=True)


class ApplicationDossierSerializer(_DossierSerializer):
    subject_kind = "application"
    task_code = serializers.CharField(source="task.code")
    task_title = serializers.CharField(source="task.title")
    task_objectives = serializers.CharField(source="task.objectives")
    applicant_name = serializers.CharField()
    pi_name = serializers.CharField()
    budget_million = serializers.DecimalField(max_digits=12, decimal_places=1)
    duration_months = serializers.IntegerField()
    summary = serializers.CharField()


class TaskDossierSerializer(_DossierSerializer):
    subject_kind = "task"
    code = serializers.CharField()
    title = serializers.CharField()
    task_type = serializers.CharField()
    field = serializers.CharField()
    host = serializers.CharField(source="host_label")
    pi_name = serializers.CharField()
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    summary = serializers.CharField()
    objectives = serializers.CharField()
    final_products = serializers.CharField()


DOSSIER = PolymorphicProxySerializer(
    component_name="Dossier",
    serializers={
        "proposal": ProposalDossierSerializer,
        "application": ApplicationDossierSerializer,
        "task": TaskDossierSerializer,
    },
    resource_type_field_name="kind",
    many=False,
    allow_null=True,
)


class SeatCouncilSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    name = serializers.CharField()
    meets_on = serializers.DateField(allow_null=True)
    subject_title = serializers.CharField()
    concluded_at = serializers.DateTimeField(allow_null=True)


class ReviewSeatSerializer(serializers.Serializer):
    """The caller's own seat on a council; the dossier only once they may score."""

    id = serializers.IntegerField()
    council = SeatCouncilSerializer()
    role = serializers.CharField()
    role_label = serializers.CharField(source="get_role_display")
    declaration = serializers.SerializerMethodField()
    has_conflict = serializers.BooleanField(allow_null=True)
    conflict_note = serializers.CharField()
    declared_at = serializers.DateTimeField(allow_null=True)
    flagged = serializers.CharField(help_text="Why the system suspects a conflict of interest; empty if it does not.")
    may_score = serializers.BooleanField()
    scale = serializers.SerializerMethodField()
    items = serializers.SerializerMethodField()
    grades = serializers.SerializerMethodField()
    sheet = serializers.SerializerMethodField()
    dossier = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ChoiceField(choices=["undeclared", "no_conflict", "conflict"]))
    def get_declaration(self, seat: Any) -> str:
        if seat.has_conflict is None:
            return "undeclared"
        return "conflict" if seat.has_conflict else "no_conflict"

    @extend_schema_field(serializers.ChoiceField(choices=["points", "grades"]))
    def get_scale(self, seat: Any) -> str:
        return "grades" if scales.uses_grades(seat.council) else "points"

    @extend_schema_field(SheetItemSerializer(many=True))
    def get_items(self, seat: Any) -> Any:
        items = scales.sheet_items(seat.council)
        return SheetItemSerializer([{"code": c, "label": label, "top": top} for c, label, top in items], many=True).data

    @extend_schema_field(GradeChoiceSerializer(many=True))
    def get_grades(self, seat: Any) -> Any:
        if not scales.uses_grades(seat.council):
            return []
        return GradeChoiceSerializer([{"code": c, "label": label} for c, label in scales.GRADES], many=True).data

    @extend_schema_field(OwnSheetSerializer(allow_null=True))
    def get_sheet(self, seat: Any) -> Any:
        sheet = getattr(seat, "sheet", None)
        return OwnSheetSerializer(sheet).data if sheet is not None else None

    @extend_schema_field(DOSSIER)
    def get_dossier(self, seat: Any) -> Any:
        """The subject's details, only once the member declared no conflict and may score."""
        if not seat.may_score:
            return None
        council = seat.council
        if council.proposal_id:
            return ProposalDossierSerializer(council.proposal).data
        if council.application_id:
            return ApplicationDossierSerializer(council.application).data
        if council.task_id:
            return TaskDossierSerializer(council.task).data
        return None


class DeclarationSerializer(serializers.Serializer):
    has_conflict = serializers.BooleanField(help_text="true: I have a conflict of interest (say what in `note`).")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SheetWriteSerializer(serializers.Serializer):
    scores = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        default=dict,
        help_text='By criterion code: points, or a grade code on the grade scale, e.g. {"products": "pass"}.',
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    submit = serializers.BooleanField(required=False, default=False, help_text="Submit the sheet (final).")
