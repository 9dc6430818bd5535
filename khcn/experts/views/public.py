"""The public catalogue: technologies and consented experts, and asking about a technology.

PLACEHOLDER: every view below answers 404 until its area is built."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def catalogue(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def technology_public(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def technology_ask(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def expert_public_list(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def expert_public(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404
