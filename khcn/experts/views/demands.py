"""Technology demands: list, forms, from a follow-up item, closing (helper B).

PLACEHOLDER: every view below answers 404 until its area is built."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def demand_list(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def demand_create(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def demand_from_followup(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def demand_detail(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def demand_edit(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def demand_close(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404
