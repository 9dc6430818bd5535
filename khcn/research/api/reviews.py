"""A member's own council seats under /api/v1/reviews/: declare interests, read the dossier, score.

The same rules as the council pages (`research.services.councils`).
"""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from khcn.core.bounds import SCORE_MAX, api_id, api_integer, api_million, api_months
from khcn.core.drf import StrictSerializer
from khcn.research import scales
from khcn.research.council_subjects import kind_of
from khcn.research.models import (
    CouncilMember,
)
from khcn.research.services import councils


class SheetItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    top = api_integer(low=0, high=SCORE_MAX, help_text="Maximum points; 0 on the grade scale.")


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
    budget_million = api_million(allow_null=True)
    duration_months = api_months(allow_null=True)


class ApplicationDossierSerializer(_DossierSerializer):
    subject_kind = "application"
    task_code = serializers.CharField(source="task.code")
    task_title = serializers.CharField(source="task.title")
    task_objectives = serializers.CharField(source="task.objectives")
    applicant_name = serializers.CharField()
    pi_name = serializers.CharField()
    budget_million = api_million()
    duration_months = api_months()
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


class EvaluatedDossierSerializer(_DossierSerializer):
    """Another app's record before an evaluation council (an initiative): its fields as text."""

    subject_kind = "evaluation"
    model = serializers.CharField(help_text='The record\'s model, e.g. "initiatives.initiative".')
    title = serializers.CharField()
    description = serializers.CharField(help_text="The subject as the minutes name it.")
    details = serializers.DictField(child=serializers.CharField(), help_text="The record's fields, by name.")


DOSSIER = PolymorphicProxySerializer(
    component_name="Dossier",
    serializers={
        "proposal": ProposalDossierSerializer,
        "application": ApplicationDossierSerializer,
        "task": TaskDossierSerializer,
        "evaluation": EvaluatedDossierSerializer,
    },
    resource_type_field_name="kind",
    many=False,
    allow_null=True,
)


class SeatCouncilSerializer(serializers.Serializer):
    id = api_id()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    name = serializers.CharField()
    meets_on = serializers.DateField(allow_null=True)
    subject_title = serializers.CharField()
    concluded_at = serializers.DateTimeField(allow_null=True)


class ReviewSeatSerializer(serializers.Serializer):
    """The caller's own seat on a council; the dossier only once they may score."""

    id = api_id()
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
        kind = kind_of(council)
        if kind is not None:
            subject = council.subject
            data = {
                "model": subject._meta.label_lower,
                "title": kind.title(subject),
                "description": kind.subject_line(subject),
                "details": kind.dossier(subject),
            }
            return EvaluatedDossierSerializer(data).data
        return None


class DeclarationSerializer(StrictSerializer):
    has_conflict = serializers.BooleanField(help_text="true: I have a conflict of interest (say what in `note`).")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SheetWriteSerializer(StrictSerializer):
    scores = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        default=dict,
        help_text='By criterion code: points, or a grade code on the grade scale, e.g. {"products": "pass"}.',
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    submit = serializers.BooleanField(required=False, default=False, help_text="Submit the sheet (final).")


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
