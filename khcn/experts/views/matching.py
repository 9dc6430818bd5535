"""The ranked experts and technologies for a demand, a follow-up item or a proposal (helper C).

PLACEHOLDER: every view below answers 404 until its area is built."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def demand_matches(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def followup_matches(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def proposal_matches(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404
