"""/api/v1/fund/… : the fund's calls, applications (with their decision and plan by year),
disbursements and loan repayments, read only and scoped as the pages (accounts.scoping)."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from rest_framework import mixins, serializers, viewsets

from khcn.core.bounds import YEAR_MAX, YEAR_MIN, api_id, api_integer, api_version, decimal_max
from khcn.core.drf import Route
from khcn.fund import selectors
from khcn.fund.models import (
    ApplicationStatus,
    Disbursement,
    FundApplication,
    FundCall,
    Repayment,
    SupportKind,
)

MONEY: dict[str, Any] = {"max_digits": 15, "decimal_places": 0, "min_value": 0, "max_value": decimal_max(15, 0)}


class CallSerializer(serializers.Serializer):
    id = api_id(read_only=True)
    number = serializers.CharField()
    title = serializers.CharField()
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    budget = serializers.DecimalField(allow_null=True, **MONEY)
    description = serializers.CharField()
    version = api_version(read_only=True)


class PlanSerializer(serializers.Serializer):
    year = api_integer(low=YEAR_MIN, high=YEAR_MAX)
    amount = serializers.DecimalField(**MONEY)


class ApplicationSerializer(serializers.Serializer):
    id = api_id(read_only=True)
    call = api_id(source="call_id", allow_null=True)
    organisation = api_id(source="organisation_id")
    organisation_name = serializers.CharField(source="organisation.name")
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=SupportKind.choices)
    amount_requested = serializers.DecimalField(**MONEY)
    received_on = serializers.DateField()
    status = serializers.ChoiceField(choices=ApplicationStatus.choices)
    decision_number = serializers.CharField()
    decided_on = serializers.DateField(allow_null=True)
    amount_approved = serializers.DecimalField(allow_null=True, **MONEY)
    refusal_reason = serializers.CharField()
    interest_rate = serializers.DecimalField(
        max_digits=5, decimal_places=2, allow_null=True, min_value=0, max_value=decimal_max(5, 2)
    )
    term_months = api_integer(low=1, high=240, allow_null=True)
    disbursed = serializers.DecimalField(read_only=True, **MONEY)
    plans = PlanSerializer(many=True, read_only=True)
    version = api_version(read_only=True)


class DisbursementSerializer(serializers.Serializer):
    id = api_id(read_only=True)
    application = api_id(source="application_id")
    paid_on = serializers.DateField()
    amount = serializers.DecimalField(**MONEY)
    reference = serializers.CharField()
    note = serializers.CharField()


class RepaymentSerializer(serializers.Serializer):
    id = api_id(read_only=True)
    application = api_id(source="application_id")
    due_on = serializers.DateField()
    amount_due = serializers.DecimalField(**MONEY)
    received_on = serializers.DateField(allow_null=True)
    amount_received = serializers.DecimalField(**MONEY)
    overdue = serializers.SerializerMethodField()

    def get_overdue(self, repayment: Repayment) -> bool:
        return repayment.is_overdue(timezone.localdate())


def _year(field_name: str) -> django_filters.NumberFilter:
    return django_filters.NumberFilter(
        field_name=field_name, lookup_expr="year", min_value=YEAR_MIN, max_value=YEAR_MAX
    )


class ApplicationFilter(django_filters.FilterSet):
    year = _year("received_on")
    decided_year = _year("decided_on")

    class Meta:
        model = FundApplication
        fields = ["call", "organisation", "kind", "status", "year", "decided_year"]


class DisbursementFilter(django_filters.FilterSet):
    year = _year("paid_on")

    class Meta:
        model = Disbursement
        fields = ["application", "year"]


class RepaymentFilter(django_filters.FilterSet):
    year = _year("due_on")

    class Meta:
        model = Repayment
        fields = ["application", "year"]


class ReadOnly(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    pass


class CallViewSet(ReadOnly):
    """The fund's calls for applications."""

    serializer_class = CallSerializer

    def get_queryset(self) -> QuerySet[FundCall]:
        return selectors.call_list(user=self.request.user).order_by("-opens_on", "-pk")


class ApplicationViewSet(ReadOnly):
    """Applications for grants and loans in the caller's scope, with the decision, the plan by
    year and the total disbursed."""

    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilter

    def get_queryset(self) -> QuerySet[FundApplication]:
        return (
            selectors.application_list(user=self.request.user).prefetch_related("plans").order_by("-received_on", "-pk")
        )


class DisbursementViewSet(ReadOnly):
    """Payments of the fund on approved applications."""

    serializer_class = DisbursementSerializer
    filterset_class = DisbursementFilter

    def get_queryset(self) -> QuerySet[Disbursement]:
        return selectors.disbursement_list(user=self.request.user).order_by("-paid_on", "-pk")


class RepaymentViewSet(ReadOnly):
    """Loan instalments: due, received, and whether overdue today."""

    serializer_class = RepaymentSerializer
    filterset_class = RepaymentFilter

    def get_queryset(self) -> QuerySet[Repayment]:
        return selectors.repayment_list(user=self.request.user).order_by("due_on", "pk")


ROUTES: list[Route] = [
    ("fund/calls", CallViewSet, "fund-call"),
    ("fund/applications", ApplicationViewSet, "fund-application"),
    ("fund/disbursements", DisbursementViewSet, "fund-disbursement"),
    ("fund/repayments", RepaymentViewSet, "fund-repayment"),
]
