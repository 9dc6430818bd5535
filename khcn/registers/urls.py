"""The URLs of an app's registers, built from its `Register`s: each kind's list at `<kind>/`,
and the record pages (detail, create, edit, delete, import and its template) at
`<converter:kind>/…`, where the converter accepts exactly the app's kinds."""

from collections.abc import Mapping
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, path, register_converter
from django.views.decorators.http import require_http_methods

from khcn.registers import pages

_EDITS = require_http_methods(["GET", "POST"])


def register_urlpatterns(registers: Mapping[str, pages.Register], *, converter: str) -> list[URLPattern]:
    """URL patterns of `registers` (kind → Register), their kinds matched by `converter`."""

    class KindConverter:
        regex = "|".join(registers)

        def to_python(self, value: str) -> str:
            return value

        def to_url(self, value: str) -> str:
            return value

    register_converter(KindConverter, converter)

    def reg(kind: str) -> pages.Register:
        try:
            return registers[kind]
        except KeyError:
            raise Http404 from None

    def list_view(register: pages.Register) -> Any:
        def view(request: HttpRequest) -> HttpResponse:
            return pages.register_list(request, register)

        return view

    def record_detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
        return pages.register_detail(request, reg(kind), pk)

    @_EDITS
    def record_create(request: HttpRequest, kind: str) -> HttpResponse:
        return pages.register_form(request, reg(kind))

    @_EDITS
    def record_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
        return pages.register_form(request, reg(kind), pk)

    @_EDITS
    def record_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
        return pages.register_delete(request, reg(kind), pk)

    @_EDITS
    def record_import(request: HttpRequest, kind: str) -> HttpResponse:
        return pages.register_import(request, reg(kind))

    def record_import_template(request: HttpRequest, kind: str) -> HttpResponse:
        return pages.register_template(request, reg(kind))

    kind = f"<{converter}:kind>"
    return [
        *(path(f"{name}/", list_view(register), name=f"{name}_list") for name, register in registers.items()),
        path(f"{kind}/<int:pk>/", record_detail, name="record_detail"),
        path(f"{kind}/new/", record_create, name="record_create"),
        path(f"{kind}/<int:pk>/edit/", record_edit, name="record_edit"),
        path(f"{kind}/<int:pk>/delete/", record_delete, name="record_delete"),
        path(f"{kind}/import/", record_import, name="record_import"),
        path(f"{kind}/import/template/", record_import_template, name="record_import_template"),
    ]
