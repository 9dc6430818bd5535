"""Technology offers: list, forms, review, yearly confirmation, files, import (helper B).

PLACEHOLDER: every view below answers 404 until its area is built."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def technology_list(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def technology_create(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
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


# ---- Import (helper A) ----


def technology_import(request: HttpRequest) -> HttpResponse:
    """Upload a workbook of technology offers (the Department): all saved or none."""
    from django.core.exceptions import PermissionDenied

    from khcn.experts.views.experts import import_page

    if not request.user.has_perm("experts.import_technologies"):
        raise PermissionDenied
    return import_page(request, kind="technologies")


def technology_import_template(request: HttpRequest) -> HttpResponse:
    from django.core.exceptions import PermissionDenied

    from khcn.core.exports import download_response
    from khcn.experts import excel

    if not request.user.has_perm("experts.import_technologies"):
        raise PermissionDenied
    content = excel.technologies_workbook(technologies=[], example=True)
    return download_response(content, filename="mau-cong-nghe.xlsx")
