"""/api/v1/demands/{demand_pk}/matches/: the ranked experts and technologies for a demand.

A route of its own (prefix "demands/<id>/matches"), so it does not touch the demands viewset;
same scope as the page: a demand the caller sees and may see matches for, else 404."""

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from khcn.core.drf import Route
from khcn.experts.matching import match, query_for
from khcn.experts.selectors.matching import demand_for_matches


class ReasonSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="terms, field, subfield, place, track, task or maturity")
    label = serializers.CharField()  # type: ignore[assignment]


class SuggestionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", read_only=True)
    name = serializers.CharField()
    score = serializers.FloatField(read_only=True, help_text="0 to 1, the best suggestion of the list being 1")
    public = serializers.BooleanField(help_text="Public profile, or technology listed in the catalogue")
    reasons = ReasonSerializer(many=True)


class MatchesSerializer(serializers.Serializer):
    experts = SuggestionSerializer(many=True)
    technologies = SuggestionSerializer(many=True)


class _OneObjectSchema(AutoSchema):
    """The route is a viewset's list route but answers one object (two lists), not an array."""

    def _is_list_view(self, serializer: Any = None) -> bool:
        return False


class DemandMatchesViewSet(viewsets.ViewSet):
    """The experts and technologies ranked for a technology demand, with the reasons of each."""

    permission_classes = [IsAuthenticated]
    schema = _OneObjectSchema()

    @extend_schema(
        parameters=[OpenApiParameter("demand_pk", OpenApiTypes.INT, OpenApiParameter.PATH)],
        responses=MatchesSerializer,
    )
    def list(self, request: Request, demand_pk: Any = None) -> Response:
        demand = demand_for_matches(user=request.user, pk=int(demand_pk))
        found = match(query=query_for(demand), user=request.user)
        return Response(MatchesSerializer(found).data)


ROUTES: list[Route] = [(r"demands/(?P<demand_pk>\d+)/matches", DemandMatchesViewSet, "demand-matches")]
