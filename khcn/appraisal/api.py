"""/api/v1/appraisals/: technology appraisals in the caller's scope, read only, paginated and
filtered as the list page (the same selector and filters)."""

from django.db.models import QuerySet
from rest_framework import mixins, serializers, viewsets

from khcn.appraisal import selectors
from khcn.appraisal.filters import AppraisalFilter
from khcn.appraisal.models import Appraisal
from khcn.core.bounds import api_id, api_version, decimal_max
from khcn.core.drf import Route


class ConsultationSerializer(serializers.Serializer):
    expert = api_id(source="expert_id")
    expert_name = serializers.CharField(source="expert.full_name")
    asked_on = serializers.DateField(allow_null=True)
    answered_on = serializers.DateField(allow_null=True)
    opinion = serializers.CharField()


class AppraisalSerializer(serializers.Serializer):
    id = api_id(read_only=True)
    sending_body = serializers.CharField()
    incoming_number = serializers.CharField()
    received_on = serializers.DateField()
    due_on = serializers.DateField()
    project_name = serializers.CharField()
    investor_name = serializers.CharField()
    investor = api_id(source="investor_id", allow_null=True)
    unit = api_id(source="unit_id")
    unit_name = serializers.CharField(source="unit.full_name")
    address = serializers.CharField()
    capital_million = serializers.DecimalField(
        max_digits=12, decimal_places=1, allow_null=True, min_value=0, max_value=decimal_max(12, 1)
    )
    sector = serializers.CharField()
    technology = serializers.CharField()
    origin = serializers.CharField()
    equipment = serializers.CharField()
    opinion_number = serializers.CharField()
    opinion_date = serializers.DateField(allow_null=True)
    conclusion = serializers.CharField()
    conditions = serializers.CharField()
    answered_late = serializers.BooleanField()
    consultations = ConsultationSerializer(many=True)
    version = api_version(read_only=True)


class AppraisalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Technology appraisals of investment projects (filters: q, state — waiting, late,
    answered, on_time, answered_late —, sector, conclusion, received_year, opinion_year)."""

    serializer_class = AppraisalSerializer
    filterset_class = AppraisalFilter

    def get_queryset(self) -> QuerySet[Appraisal]:
        if not self.request.user.has_perm("appraisal.list_appraisals"):
            return Appraisal.objects.none()
        return (
            selectors.appraisal_list(user=self.request.user)
            .prefetch_related("consultations__expert")
            .order_by("-received_on", "-pk")
        )


ROUTES: list[Route] = [("appraisals", AppraisalViewSet, "appraisal")]
