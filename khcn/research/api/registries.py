"""/api/v1/self-funded-tasks/ and /api/v1/task-programmes/: tasks without state budget and
programmes of tasks, read only, scoped and filtered as their pages."""

from typing import Any

from django.db.models import QuerySet
from rest_framework import mixins, serializers, viewsets

from khcn.core.bounds import api_id, api_version, api_year, decimal_max
from khcn.research import selectors_programmes, selectors_selffunded
from khcn.research.filters_programmes import ProgrammeFilter
from khcn.research.filters_selffunded import SelfFundedFilter
from khcn.research.models import SelfFundedTask, TaskProgramme


class MemberSerializer(serializers.Serializer):
    name = serializers.CharField()
    role = serializers.CharField()
    organisation = serializers.CharField()


class SelfFundedSerializer(serializers.Serializer):
    id = api_id(read_only=True)
    organisation = api_id(source="organisation_id")
    organisation_name = serializers.CharField(source="organisation.name")
    title = serializers.CharField()
    field = serializers.CharField()
    pi_name = serializers.CharField()
    funding_million = serializers.DecimalField(
        max_digits=12, decimal_places=1, allow_null=True, min_value=0, max_value=decimal_max(12, 1)
    )
    funding_source = serializers.CharField()
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    received_on = serializers.DateField()
    council_decision_number = serializers.CharField()
    council_meets_on = serializers.DateField(allow_null=True)
    council_members = MemberSerializer(many=True)
    status = serializers.CharField()
    decision_number = serializers.CharField()
    decision_date = serializers.DateField(allow_null=True)
    version = api_version(read_only=True)


class SelfFundedViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Tasks without state budget (filters: q, status, field, decided, decision_year)."""

    serializer_class = SelfFundedSerializer
    filterset_class = SelfFundedFilter

    def get_queryset(self) -> QuerySet[SelfFundedTask]:
        if not self.request.user.has_perm("research.list_selffunded"):
            return SelfFundedTask.objects.none()
        tasks = selectors_selffunded.selffunded_list(user=self.request.user)
        return tasks.prefetch_related("council_members").order_by("-received_on", "-pk")


class BoardSerializer(serializers.Serializer):
    name = serializers.CharField()
    position = serializers.CharField()
    role = serializers.CharField()


class ProgrammeSerializer(serializers.Serializer):
    id = api_id(read_only=True)
    code = serializers.CharField()
    name = serializers.CharField()
    issued_by = serializers.CharField()
    document = serializers.CharField()
    issued_on = serializers.DateField(allow_null=True)
    start_year = api_year(allow_null=True)
    end_year = api_year(allow_null=True)
    objectives = serializers.CharField()
    budget_million = serializers.DecimalField(
        max_digits=12, decimal_places=1, allow_null=True, min_value=0, max_value=decimal_max(12, 1)
    )
    standing_body = serializers.CharField()
    board = BoardSerializer(many=True)
    tasks = serializers.SerializerMethodField()
    version = api_version(read_only=True)

    def get_tasks(self, programme: TaskProgramme) -> list[dict[str, Any]]:
        return [{"id": t.pk, "code": t.code, "status": t.status} for t in programme.tasks.all()]


class ProgrammeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Programmes of tasks with their board and tasks (filters: q, active_year)."""

    serializer_class = ProgrammeSerializer
    filterset_class = ProgrammeFilter

    def get_queryset(self) -> QuerySet[TaskProgramme]:
        programmes = selectors_programmes.programme_list(user=self.request.user)
        return programmes.prefetch_related("board", "tasks").order_by("-issued_on", "code")
