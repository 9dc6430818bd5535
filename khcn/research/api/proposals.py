"""Task proposals under /api/v1/proposals/: drafts created and submitted as on the pages."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from khcn.accounts.scoping import visible
from khcn.core.bounds import api_id, api_million, api_months, api_version
from khcn.geo.models import AdminUnit, Organisation
from khcn.research import selectors as research_selectors
from khcn.research.models import (
    PlanCall,
    Proposal,
)
from khcn.research.services import proposals as research_proposals


class ProposalSerializer(serializers.Serializer):
    id = api_id(read_only=True)
    call = api_id(source="call_id")
    unit = api_id(source="unit_id", allow_null=True, required=False)
    organisation = api_id(source="organisation_id", allow_null=True, required=False)
    title = serializers.CharField(max_length=500)
    task_type = serializers.CharField(required=False, allow_blank=True)
    field = serializers.CharField(required=False, allow_blank=True)
    problem = serializers.CharField()
    rationale = serializers.CharField(required=False, allow_blank=True)
    objectives = serializers.CharField(required=False, allow_blank=True)
    products = serializers.CharField(required=False, allow_blank=True)
    application_place = serializers.CharField(required=False, allow_blank=True)
    applying_unit = serializers.CharField(required=False, allow_blank=True)
    budget_million = api_million(required=False, allow_null=True)
    duration_months = api_months(required=False, allow_null=True)
    status = serializers.CharField(read_only=True)
    screening_note = serializers.CharField(read_only=True)
    version = api_version(read_only=True)


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
