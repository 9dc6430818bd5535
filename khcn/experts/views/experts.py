"""The expert registry: list, profile, forms, validation, import (helper A).

PLACEHOLDER: every view below answers 404 until its area is built."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def expert_list(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def expert_create(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def expert_me(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def expert_import(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def expert_import_template(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def expert_detail(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def expert_edit(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def expert_validate(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def expert_delete(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def expert_history(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404
