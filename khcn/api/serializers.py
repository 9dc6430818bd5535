from typing import Any

from rest_framework import serializers

from khcn.geo.models import AdminUnit, Organisation


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
