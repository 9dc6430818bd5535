"""/api/v1/enterprises/certificates/: the register of S&T enterprises with each certificate's
incentives and changes, read only and scoped as the pages (accounts.scoping)."""

import django_filters
from django.db.models import QuerySet
from rest_framework import mixins, serializers, viewsets

from khcn.core.bounds import YEAR_MAX, YEAR_MIN, api_id, api_version
from khcn.core.drf import Route
from khcn.enterprises import selectors
from khcn.enterprises.models import Certificate, IncentiveKind


class IncentiveSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=IncentiveKind.choices)
    granted_on = serializers.DateField()
    reference = serializers.CharField()
    notes = serializers.CharField()


class AmendmentSerializer(serializers.Serializer):
    changed_on = serializers.DateField()
    what_changed = serializers.CharField()
    reference = serializers.CharField()


class CertificateSerializer(serializers.Serializer):
    id = api_id(read_only=True)
    number = serializers.CharField()
    issued_on = serializers.DateField()
    organisation = api_id(source="organisation_id")
    organisation_name = serializers.CharField(source="organisation.name")
    results = serializers.CharField()
    research_result = api_id(source="research_result_id", allow_null=True)
    products = serializers.CharField()
    revoked_on = serializers.DateField(allow_null=True)
    revocation_decision = serializers.CharField()
    revocation_reason = serializers.CharField()
    incentives = IncentiveSerializer(many=True, read_only=True)
    amendments = AmendmentSerializer(many=True, read_only=True)
    version = api_version(read_only=True)


class CertificateFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(
        field_name="issued_on", lookup_expr="year", min_value=YEAR_MIN, max_value=YEAR_MAX
    )
    revoked = django_filters.BooleanFilter(field_name="revoked_on", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Certificate
        fields = ["organisation", "year", "revoked"]


class CertificateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Certificates of S&T enterprise in the caller's scope, revoked ones included."""

    serializer_class = CertificateSerializer
    filterset_class = CertificateFilter

    def get_queryset(self) -> QuerySet[Certificate]:
        return (
            selectors.certificate_list(user=self.request.user)
            .prefetch_related("incentives", "amendments")
            .order_by("-issued_on", "-pk")
        )


ROUTES: list[Route] = [("enterprises/certificates", CertificateViewSet, "enterprise-certificate")]
