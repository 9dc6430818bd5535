"""Technology appraisals: the list (late dossiers highlighted), the dossier, the opinion, the
experts consulted, deleting a dossier recorded by mistake."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_tables2 import RequestConfig

from khcn.appraisal import excel, selectors, services
from khcn.appraisal.filters import AppraisalFilter
from khcn.appraisal.forms import AppraisalForm, ConsultationForm, OpinionForm
from khcn.appraisal.models import Appraisal
from khcn.appraisal.tables import AppraisalTable, state_badge
from khcn.core.concurrency import StaleObjectError
from khcn.core.confirm import Confirm, confirm_page
from khcn.core.exports import download_name, download_response, table_xlsx_response
from khcn.core.history import history_entries
from khcn.core.http import HtmxHttpRequest
from khcn.registers.pages import ImportPage, import_page


def _version(request: HttpRequest) -> int | None:
    version = request.POST.get("loaded_version", "")
    return int(version) if version.isdigit() and len(version) < 10 else None


def _crumbs(appraisal: Appraisal) -> list[tuple[str, str]]:
    return [
        (_("Technology appraisals"), reverse("appraisal:appraisal_list")),
        (str(appraisal), appraisal.get_absolute_url()),
    ]


def appraisal_list(request: HtmxHttpRequest) -> HttpResponse:
    """Dossiers in scope: filter by state (late ones), sector, conclusion and year; search,
    sort, page, export."""
    if not request.user.has_perm("appraisal.list_appraisals"):
        raise PermissionDenied
    filterset = AppraisalFilter(request.GET, queryset=selectors.appraisal_list(user=request.user), request=request)
    table = AppraisalTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    if request.GET.get("export") == "xlsx":
        return table_xlsx_response(
            table, filename=download_name("tham-dinh-cong-nghe", ext="xlsx"), title=_("Technology appraisals")
        )
    context = {
        "filter": filterset,
        "table": table,
        "filtered": any(request.GET.get(name) for name in filterset.filters),
        "can_add": request.user.has_perm("appraisal.add_appraisal"),
        "can_import": request.user.has_perm("appraisal.add_appraisal"),
        "days": settings.KHCN_APPRAISAL_DAYS,
    }
    if request.htmx and request.htmx.target == "appraisal-table":
        return render(request, "appraisal/appraisal_list.html#table", context)
    return render(request, "appraisal/appraisal_list.html", context)


def appraisal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    appraisal = selectors.appraisal_get(user=request.user, pk=pk)
    badge, state = state_badge(appraisal)
    context = {
        "appraisal": appraisal,
        "consultations": list(appraisal.consultations.all()),
        "badge": badge,
        "state": state,
        "late": appraisal.is_late(timezone.localdate()),
        "can_change": request.user.has_perm("appraisal.change_appraisal", appraisal),
        "history": history_entries(appraisal),
    }
    return render(request, "appraisal/appraisal_detail.html", context)


def _form(request: HttpRequest, appraisal: Appraisal | None) -> HttpResponse:
    form = AppraisalForm(request.POST or None, instance=appraisal, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            if appraisal is None:
                data = {k: v for k, v in form.cleaned_data.items() if k != "loaded_version"}
                saved = services.appraisal_create(user=request.user, **data)
            else:
                saved = services.appraisal_update(
                    user=request.user, appraisal=form.instance, expected_version=form.cleaned_data["loaded_version"]
                )
        except StaleObjectError as error:
            form.mark_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Dossier “%(name)s” saved.") % {"name": saved.project_name})
            return redirect(saved)
    status = 422 if request.method == "POST" else 200
    cancel = appraisal.get_absolute_url() if appraisal else reverse("appraisal:appraisal_list")
    context = {"form": form, "appraisal": appraisal, "cancel_url": cancel, "days": settings.KHCN_APPRAISAL_DAYS}
    return render(request, "appraisal/appraisal_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def appraisal_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("appraisal.add_appraisal"):
        raise PermissionDenied
    return _form(request, None)


@require_http_methods(["GET", "POST"])
def appraisal_import(request: HttpRequest) -> HttpResponse:
    """Upload a workbook of dossiers: every row checked, all saved or none."""
    if not request.user.has_perm("appraisal.add_appraisal"):
        raise PermissionDenied
    page = ImportPage(
        heading=_("Import technology appraisal dossiers"),
        lead=_(
            "Fill the template, one dossier a row, then upload it. The commune is written by its name or code, the "
            "investor of the registry by its tax code or name, the sector as written on the list, dates "
            "as dd/mm/yyyy; the opinion is recorded on each dossier's page. Every row is checked with the "
            "same rules as the pages; if any row is wrong nothing is saved and every wrong row is listed."
        ),
        list_title=_("Technology appraisals"),
        list_url=reverse("appraisal:appraisal_list"),
        template_url=reverse("appraisal:appraisal_import_template"),
    )
    return import_page(request, page=page, importer=excel.appraisals_import)


def appraisal_import_template(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("appraisal.add_appraisal"):
        raise PermissionDenied
    return download_response(excel.appraisals_template(), filename="mau-ho-so-tham-dinh-cong-nghe.xlsx")


@require_http_methods(["GET", "POST"])
def appraisal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    appraisal = selectors.appraisal_get(user=request.user, pk=pk)
    if not request.user.has_perm("appraisal.change_appraisal", appraisal):
        raise PermissionDenied
    return _form(request, appraisal)


@require_http_methods(["GET", "POST"])
def appraisal_opinion(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the opinion issued: number, date, conclusion (and conditions)."""
    appraisal = selectors.appraisal_get(user=request.user, pk=pk)
    if not request.user.has_perm("appraisal.change_appraisal", appraisal):
        raise PermissionDenied
    initial: dict[str, Any] = {
        "opinion_number": appraisal.opinion_number,
        "opinion_date": appraisal.opinion_date,
        "conclusion": appraisal.conclusion,
        "conditions": appraisal.conditions,
        "loaded_version": appraisal.version,
    }
    form = OpinionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("loaded_version")
        try:
            services.appraisal_opinion_issue(user=request.user, appraisal=appraisal, expected_version=version, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Opinion recorded."))
            return redirect(appraisal)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "appraisal": appraisal, "cancel_url": appraisal.get_absolute_url()}
    return render(request, "appraisal/opinion_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def appraisal_delete(request: HttpRequest, pk: int) -> HttpResponse:
    appraisal = selectors.appraisal_get(user=request.user, pk=pk)
    if not request.user.has_perm("appraisal.change_appraisal", appraisal):
        raise PermissionDenied
    confirm = Confirm(
        title=_("Delete the dossier"),
        question=_("Delete the dossier of “%(name)s”? It leaves the list and the figures; its history is kept.")
        % {"name": appraisal.project_name},
        button=_("Yes, delete"),
        icon="trash",
        cancel_url=appraisal.get_absolute_url(),
        crumbs=_crumbs(appraisal),
        version=appraisal.version,
    )
    if request.method == "POST":
        try:
            services.appraisal_delete(user=request.user, appraisal=appraisal, expected_version=_version(request))
        except ValidationError as error:
            confirm.errors = error.messages
            return confirm_page(request, confirm, status=422)
        messages.success(request, _("Dossier deleted."))
        return redirect("appraisal:appraisal_list")
    return confirm_page(request, confirm)


@require_http_methods(["GET", "POST"])
def consultation_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Name an expert of the registry consulted on the dossier, with their opinion."""
    appraisal = selectors.appraisal_get(user=request.user, pk=pk)
    if not request.user.has_perm("appraisal.change_appraisal", appraisal):
        raise PermissionDenied
    form = ConsultationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_add(user=request.user, appraisal=appraisal, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Expert added."))
            return redirect(appraisal.get_absolute_url() + "#experts")
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "appraisal": appraisal, "cancel_url": appraisal.get_absolute_url()}
    return render(request, "appraisal/consultation_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def consultation_remove(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = selectors.consultation_get(user=request.user, pk=pk)
    appraisal = consultation.appraisal
    if not request.user.has_perm("appraisal.change_appraisal", appraisal):
        raise PermissionDenied
    back = appraisal.get_absolute_url() + "#experts"
    confirm = Confirm(
        title=_("Remove the expert"),
        question=_("Remove %(expert)s from the experts consulted on this dossier? Their opinion is removed too.")
        % {"expert": consultation.expert},
        button=_("Yes, remove"),
        icon="person-dash",
        cancel_url=back,
        crumbs=_crumbs(appraisal),
    )
    if request.method == "POST":
        services.consultation_remove(user=request.user, consultation=consultation)
        messages.success(request, _("Expert removed."))
        return redirect(back)
    return confirm_page(request, confirm)
