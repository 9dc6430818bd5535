"""/api/v1/search/: the site-wide search for integrations, with the pages' scope and ranking."""

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from khcn.core.bounds import api_id, api_year
from khcn.core.drf import Route
from khcn.core.searchable import source_list
from khcn.search.forms import QUERY_MAX, SearchForm
from khcn.search.query import hits_load, search_ranked


class SearchHitSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="label")
    id = api_id(source="object_id")
    title = serializers.SerializerMethodField()
    snippet = serializers.SerializerMethodField(help_text="An excerpt, HTML-escaped, the matched words in <mark>.")
    url = serializers.CharField()
    year = api_year(allow_null=True)
    status = serializers.CharField()

    def get_title(self, hit: Any) -> str:
        return str(hit.title)

    def get_snippet(self, hit: Any) -> str:
        return str(hit.snippet)


class SearchViewSet(viewsets.GenericViewSet):
    """Records the caller may see whose words match `q` (diacritics, đ/d and case ignored; the
    last word a prefix), best first. Filters: kind, unit (its subtree), year, status."""

    serializer_class = SearchHitSerializer
    filter_backends: list[Any] = []

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q", str, required=True, description=f"The words to find (at most {QUERY_MAX} characters)."
            ),
            OpenApiParameter("kind", str, enum=[s.kind for s in source_list()]),
            OpenApiParameter("unit", int, description="An administrative unit: its subtree."),
            OpenApiParameter("year", int),
            OpenApiParameter("status", str),
        ]
    )
    def list(self, request: Request) -> Response:
        form = SearchForm(request.query_params, user=request.user)
        if not form.is_valid():
            raise ValidationError({name: [str(e) for e in errors] for name, errors in form.errors.items()})
        ranked = search_ranked(user=request.user, query=form.cleaned_data["q"], filters=form.filters())
        page: list[Any] | None = self.paginate_queryset(ranked.rows)  # type: ignore[arg-type]
        hits = hits_load(page if page is not None else ranked.rows, ranked.terms)
        response = self.get_paginated_response(self.get_serializer(hits, many=True).data)
        response.data["suggestion"] = ranked.suggestion
        return response


ROUTES: list[Route] = [("search", SearchViewSet, "search")]
