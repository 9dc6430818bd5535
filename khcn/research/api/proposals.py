"""Task proposals under /api/v1/proposals/: drafts created and submitted as on the pages."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from khcn.accounts.scoping import reference_get, visible
from khcn.core.bounds import api_id, api_million, api_months, api_version
from khcn.core.drf import StrictSerializer, body_field_errors
from khcn.geo.models import AdminUnit, Organisation
from khcn.research import selectors as research_selectors
from khcn.research.models import (
    PlanCall,
    Proposal,
)
from khcn.research.services import proposals as research_proposals


class ProposalSerializer(StrictSerializer):
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
        """Save a draft proposal for a unit or organisation in the caller's scope.

        An unknown call, unit or organisation, or one outside the caller's write scope, is a
        400 on that field with one message for both (scoping.reference_get).
        """
        body = ProposalSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        with body_field_errors():
            call = reference_get(PlanCall.objects.all(), data.pop("call_id"), field="call", message=_("No such call."))
            unit_id = data.pop("unit_id", None)
            unit = None
            if unit_id is not None:
                unit = reference_get(
                    visible(AdminUnit.objects.all(), request.user, action="change"),
                    unit_id,
                    field="unit",
                    message=_("No such unit in your scope. Choose a unit you act for."),
                )
            organisation_id = data.pop("organisation_id", None)
            organisation = None
            if organisation_id is not None:
                organisation = reference_get(
                    visible(Organisation.objects.all(), request.user, action="change"),
                    organisation_id,
                    field="organisation",
                    message=_("No such organisation in your scope. Choose an organisation you act for."),
                )
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
