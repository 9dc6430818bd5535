"""/api/v1/ of the quality app: the QMS state of the units in the caller's scope, their
self-reports and the courses (read only; the same scope as the pages)."""

import django_filters
from django.db.models import QuerySet
from rest_framework import mixins, serializers, viewsets

from khcn.core.bounds import ID_MAX, YEAR_MAX, YEAR_MIN, api_id, api_integer, api_version
from khcn.core.drf import Route
from khcn.quality import selectors
from khcn.quality.models import ACTIONS_MAX, PROCEDURES_MAX, Course, QualitySystem, SelfReport


class FiguresMixin(serializers.Serializer):
    unit = api_id(source="unit_id")
    unit_name = serializers.CharField(source="unit.full_name")
    mode = serializers.CharField()
    announced_on = serializers.DateField(allow_null=True)
    valid_until = serializers.DateField(allow_null=True)
    procedures_total = api_integer(low=0, high=PROCEDURES_MAX)
    procedures_in_iso = api_integer(low=0, high=PROCEDURES_MAX)
    last_internal_audit_on = serializers.DateField(allow_null=True)
    last_review_on = serializers.DateField(allow_null=True)
    open_corrective_actions = api_integer(low=0, high=ACTIONS_MAX)
    version = api_version(read_only=True)


class QualitySystemSerializer(FiguresMixin):
    id = api_id(read_only=True)
    scope = serializers.CharField()
    guidance = serializers.CharField()
    gaps = serializers.SerializerMethodField()

    def get_gaps(self, qms: QualitySystem) -> list[str]:
        today = self.context["today"]
        if not qms.unit.is_current(today):
            return []
        reported = qms.unit_id in self.context["reported"]
        return selectors.qms_gaps(qms=qms, reported=reported, today=today)


class SelfReportSerializer(FiguresMixin):
    id = api_id(read_only=True)
    year = api_integer(low=YEAR_MIN, high=YEAR_MAX)
    status = serializers.CharField()
    note = serializers.CharField()
    review_note = serializers.CharField()
    submitted_at = serializers.DateTimeField(allow_null=True)


class CourseSerializer(serializers.Serializer):
    id = api_id(read_only=True)
    title = serializers.CharField()
    kind = serializers.CharField()
    topic = serializers.CharField()
    trainers = serializers.CharField()
    experts = serializers.SerializerMethodField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    place = serializers.CharField()
    units_invited = serializers.SerializerMethodField()
    invited_count = api_integer(low=0, high=ID_MAX, read_only=True)
    attended_count = api_integer(low=0, high=ID_MAX, read_only=True)
    version = api_version(read_only=True)

    def get_experts(self, course: Course) -> list[int]:
        return [e.pk for e in course.experts.all()]

    def get_units_invited(self, course: Course) -> list[int]:
        return [u.pk for u in course.units_invited.all()]


class QualitySystemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The QMS state (ISO 9001) of each unit in the caller's scope, with its gaps today."""

    serializer_class = QualitySystemSerializer
    filterset_fields = ["unit", "mode"]

    def get_queryset(self) -> QuerySet[QualitySystem]:
        return selectors.qms_list(user=self.request.user).order_by("unit__sort_key", "pk")

    def get_serializer_context(self) -> dict:
        from django.utils import timezone

        context = super().get_serializer_context()
        today = timezone.localdate()
        context["today"] = today
        context["reported"] = set(
            selectors.selfreport_list(user=self.request.user).filter(year=today.year).values_list("unit_id", flat=True)
        )
        return context


class SelfReportFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(min_value=YEAR_MIN, max_value=YEAR_MAX)

    class Meta:
        model = SelfReport
        fields = ["unit", "year", "status"]


class SelfReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The yearly ISO self-reports of the units in the caller's scope."""

    serializer_class = SelfReportSerializer
    filterset_class = SelfReportFilter

    def get_queryset(self) -> QuerySet[SelfReport]:
        return selectors.selfreport_list(user=self.request.user).order_by("-year", "unit__sort_key", "pk")


class CourseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Courses, workshops and talks the caller may see (their unit's, or all for the Department)."""

    serializer_class = CourseSerializer
    filterset_fields = ["kind"]

    def get_queryset(self) -> QuerySet[Course]:
        return (
            selectors.course_list(user=self.request.user)
            .prefetch_related("experts", "units_invited")
            .order_by("-starts_on", "-pk")
        )


ROUTES: list[Route] = [
    ("iso-systems", QualitySystemViewSet, "iso-system"),
    ("iso-self-reports", SelfReportViewSet, "iso-self-report"),
    ("courses", CourseViewSet, "course"),
]
