"""Pages of inspections and sanction decisions: each kind's list, and the shared record pages."""

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from khcn.enforcement.registers import REGISTERS
from khcn.registers import pages
from khcn.registers.forms import ImportForm


def _reg(kind: str) -> pages.Register:
    try:
        return REGISTERS[kind]
    except KeyError:
        raise Http404 from None


def inspection_list(request: HttpRequest) -> HttpResponse:
    return pages.register_list(request, REGISTERS["inspections"])


def decision_list(request: HttpRequest) -> HttpResponse:
    return pages.register_list(request, REGISTERS["decisions"])


def record_detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    return pages.register_detail(request, _reg(kind), pk)


@require_http_methods(["GET", "POST"])
def record_create(request: HttpRequest, kind: str) -> HttpResponse:
    return pages.register_form(request, _reg(kind))


@require_http_methods(["GET", "POST"])
def record_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    return pages.register_form(request, _reg(kind), pk)


@require_http_methods(["GET", "POST"])
def record_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    return pages.register_delete(request, _reg(kind), pk)


@require_http_methods(["GET", "POST"])
def record_import(request: HttpRequest, kind: str) -> HttpResponse:
    return pages.register_import(request, _reg(kind), ImportForm)


def record_import_template(request: HttpRequest, kind: str) -> HttpResponse:
    return pages.register_template(request, _reg(kind))
