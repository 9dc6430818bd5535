"""The city round of an initiative: forming its evaluation council (research's council pages do
the rest), and the city's decision and certificate as Decree 30 .docx."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khcn.core.exports import download_name, download_response
from khcn.initiatives import documents, evaluation, selectors
from khcn.initiatives.views.initiatives import initiative_detail
from khcn.research.forms import CouncilForm


@require_POST
def city_council_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Form the city's evaluation council on an initiative in the city round (the Department)."""
    initiative = selectors.initiative_get(user=request.user, pk=pk)
    if not request.user.has_perm("initiatives.evaluate_city", initiative):
        raise PermissionDenied
    form = CouncilForm(request.POST)
    if not form.is_valid():
        return initiative_detail(request, pk, council_form=form, council_errors=[_("Check the council's members.")])
    try:
        council = evaluation.city_council_form(
            user=request.user,
            initiative=initiative,
            name=form.cleaned_data["name"],
            meets_on=form.cleaned_data["meets_on"],
            members=form.seats(),
        )
    except ValidationError as error:
        return initiative_detail(request, pk, council_form=form, council_errors=error.messages)
    messages.success(request, _("Council formed. Its members declare their interests before scoring."))
    return redirect(council)


def _decided(request: HttpRequest, pk: int):  # type: ignore[no-untyped-def]
    initiative = selectors.initiative_get(user=request.user, pk=pk)
    decision = getattr(initiative, "city_recognition", None)
    if decision is None:
        raise Http404
    return initiative, decision


def city_decision_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The city's decision on the initiative (.docx, Decree 30 quyết định)."""
    initiative, decision = _decided(request, pk)
    data = documents.city_decision_docx(initiative=initiative, decision=decision)
    return download_response(data, filename=download_name("quyet-dinh-sang-kien", initiative.title, ext="docx"))


def certificate_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The certificate of the city-wide recognition (.docx), for a recognised initiative only."""
    initiative, decision = _decided(request, pk)
    if not decision.recognised:
        raise Http404
    data = documents.certificate_docx(initiative=initiative, decision=decision)
    return download_response(data, filename=download_name("giay-chung-nhan-sang-kien", initiative.title, ext="docx"))
