"""Technology offers: list, forms, review, yearly confirmation, files, import (helper B).

PLACEHOLDER: every view below answers 404 until its area is built."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def technology_list(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def technology_create(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def technology_import(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def technology_import_template(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def technology_detail(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def technology_edit(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def technology_submit(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def technology_review(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def technology_confirm(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def technology_withdraw(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def technology_file_add(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def technology_file(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def technology_file_delete(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404
