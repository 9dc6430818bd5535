"""The expert registry: list, profile, forms, validation, history and import (helper A)."""

from itertools import islice
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_tables2 import RequestConfig

from khcn.core.concurrency import StaleObjectError
from khcn.core.confirm import Confirm, confirm_page
from khcn.core.exports import download_name, download_response
from khcn.core.history import history_entries
from khcn.core.http import HtmxHttpRequest
from khcn.core.imports import ImportResult, RowError
from khcn.experts import excel
from khcn.experts.fields import subfield_label
from khcn.experts.filters_experts import ExpertFilter
from khcn.experts.forms.experts import ExpertForm, ExpertReturnForm, ImportForm
from khcn.experts.models import Expert, ProfileStatus, subfield_codes
from khcn.experts.selectors import experts as selectors
from khcn.experts.services import experts as services
from khcn.experts.tables_experts import PERSONAL_COLUMNS, ExpertTable


def _require(request: HttpRequest, perm: str, obj: Any = None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def expert_list(request: HtmxHttpRequest) -> HttpResponse:
    """Profiles the user may see: filter, search without diacritics, sort, page, export."""
    _require(request, "experts.list_experts")
    personal = request.user.has_perm("experts.view_expert_private")  # Department staff only
    filterset = ExpertFilter(request.GET, queryset=selectors.expert_list(user=request.user), request=request)
    table = ExpertTable(filterset.qs, exclude=() if personal else PERSONAL_COLUMNS)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    if request.GET.get("export") == "xlsx":
        rows = [row.record for row in islice(table.rows, settings.KHCN_EXPORT_MAX_ROWS)]
        content = excel.experts_workbook(experts=rows, personal=personal)
        return download_response(content, filename=download_name("chuyen-gia", ext="xlsx"))
    context = {
        "filter": filterset,
        "table": table,
        "filtered": any(request.GET.get(name) for name in filterset.filters),
        "can_add": request.user.has_perm("experts.change_expert"),
        "can_import": request.user.has_perm("experts.import_experts"),
        "own": selectors.expert_of_user(user=request.user),
    }
    if request.htmx and request.htmx.target == "expert-table":
        return render(request, "experts/experts/expert_list.html#table", context)
    return render(request, "experts/experts/expert_list.html", context)


def _detail_context(request: HttpRequest, expert: Expert) -> dict[str, Any]:
    user = request.user
    return {
        "expert": expert,
        "subfields": [subfield_label(c) for c in subfield_codes(expert.subfields)],
        "keywords": [k.strip() for k in expert.keywords.split(",") if k.strip()],
        "private": user.has_perm("experts.view_expert_private", expert),
        "can_change": user.has_perm("experts.change_expert", expert),
        "can_validate": user.has_perm("experts.validate_expert", expert) and expert.status != ProfileStatus.VALIDATED,
        "can_submit": user.has_perm("experts.submit_expert", expert) and expert.status == ProfileStatus.DRAFT,
        "can_delete": user.has_perm("experts.delete_expert", expert),
        "record": selectors.expert_track_record(expert=expert, user=user),
    }


def expert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    expert = selectors.expert_get(user=request.user, pk=pk)
    return render(request, "experts/experts/expert_detail.html", _detail_context(request, expert))


def _form_page(request: HttpRequest, form: ExpertForm, expert: Expert | None, status: int) -> HttpResponse:
    cancel = expert.get_absolute_url() if expert else reverse("experts:expert_list")
    context = {"form": form, "expert": expert, "cancel_url": cancel}
    return render(request, "experts/experts/expert_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def expert_create(request: HttpRequest) -> HttpResponse:
    _require(request, "experts.change_expert")
    form = ExpertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "loaded_version"}
        try:
            expert = services.expert_create(user=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Expert “%(name)s” recorded.") % {"name": expert.full_name})
            return redirect(expert)
    return _form_page(request, form, None, 422 if request.method == "POST" else 200)


def _edit(request: HttpRequest, expert: Expert) -> HttpResponse:
    _require(request, "experts.change_expert", expert)
    was_validated = expert.status == ProfileStatus.VALIDATED
    form = ExpertForm(request.POST or None, instance=expert)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.expert_update(
                user=request.user, expert=form.instance, expected_version=form.cleaned_data["loaded_version"]
            )
        except StaleObjectError as error:
            form.mark_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if was_validated and saved.status == ProfileStatus.SUBMITTED:
                messages.success(request, _("Changes saved. The Department will validate the profile again."))
            else:
                messages.success(request, _("Changes saved."))
            return redirect(saved)
    return _form_page(request, form, expert, 422 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
def expert_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, selectors.expert_get(user=request.user, pk=pk))


@require_http_methods(["GET", "POST"])
def expert_me(request: HttpRequest) -> HttpResponse:
    """The signed-in expert's own profile (made on the first visit), and sending it for validation."""
    expert = services.expert_for_me(user=request.user)
    if request.method == "POST" and request.POST.get("action") == "submit":
        try:
            services.expert_submit(user=request.user, expert=expert)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Profile sent to the Department for validation."))
        return redirect("experts:expert_me")
    if request.method == "POST" or request.GET.get("edit"):
        return _edit(request, expert)
    return render(request, "experts/experts/expert_detail.html", _detail_context(request, expert) | {"me": True})


def _confirm(expert: Expert, **fields: Any) -> Confirm:
    return Confirm(
        cancel_url=expert.get_absolute_url(),
        crumbs=[(_("Experts"), reverse("experts:expert_list")), (expert.full_name, expert.get_absolute_url())],
        **fields,
    )


@require_http_methods(["GET", "POST"])
def expert_validate(request: HttpRequest, pk: int) -> HttpResponse:
    expert = selectors.expert_get(user=request.user, pk=pk)
    _require(request, "experts.validate_expert", expert)
    note = (
        _("The expert consented: the profile will show in the public list of experts.")
        if expert.public_consent
        else _("The expert has not consented: the profile stays visible to the Department and the expert only.")
    )
    confirm = _confirm(
        expert,
        title=_("Validate the profile"),
        question=_("Confirm that the profile of “%(name)s” is correct?") % {"name": expert.display_name},
        note=note,
        button=_("Yes, validate"),
        icon="patch-check",
        danger=False,
    )
    if request.method == "POST":
        try:
            services.expert_validate(user=request.user, expert=expert)
        except ValidationError as error:
            confirm.errors = error.messages
            return confirm_page(request, confirm, status=422)
        messages.success(request, _("Profile validated."))
        return redirect(expert)
    return confirm_page(request, confirm)


@require_http_methods(["GET", "POST"])
def expert_return(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a profile waiting for validation back to its expert with a note."""
    expert = selectors.expert_get(user=request.user, pk=pk)
    _require(request, "experts.validate_expert", expert)
    form = ExpertReturnForm(request.POST or None)
    confirm = _confirm(
        expert,
        title=_("Return the profile"),
        question=_("Return the profile of “%(name)s” to the expert as a draft? They see your note and send it again.")
        % {"name": expert.display_name},
        button=_("Return with this note"),
        icon="arrow-return-left",
    )
    if request.method == "POST" and form.is_valid():
        version = request.POST.get("loaded_version", "")
        try:
            services.expert_return(
                user=request.user,
                expert=expert,
                note=form.cleaned_data["note"],
                expected_version=int(version) if version.isdigit() else None,
            )
        except StaleObjectError:
            form.add_error(None, _("Someone changed this profile meanwhile: open it again."))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Profile returned to the expert."))
            return redirect(expert)
    status = 422 if request.method == "POST" else 200
    return render(request, "experts/confirm_with_note.html", {"confirm": confirm, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
def expert_delete(request: HttpRequest, pk: int) -> HttpResponse:
    expert = selectors.expert_get(user=request.user, pk=pk)
    _require(request, "experts.delete_expert", expert)
    confirm = _confirm(
        expert,
        title=_("Delete the profile"),
        question=_("Delete the profile of “%(name)s”? It leaves the registry and the public list; its history is kept.")
        % {"name": expert.display_name},
        button=_("Yes, delete"),
        icon="trash",
    )
    if request.method == "POST":
        services.expert_delete(user=request.user, expert=expert)
        messages.success(request, _("Profile of “%(name)s” deleted.") % {"name": expert.full_name})
        return redirect("experts:expert_list")
    return confirm_page(request, confirm)


def expert_history(request: HttpRequest, pk: int) -> HttpResponse:
    expert = selectors.expert_get(user=request.user, pk=pk)
    _require(request, "experts.view_expert_private", expert)
    context = {"expert": expert, "history": history_entries(expert)}
    return render(request, "experts/experts/expert_history.html", context)


def import_page(request: HttpRequest, *, kind: str) -> HttpResponse:
    """Upload a workbook of experts or technologies: every row checked, all saved or none."""
    importer = excel.experts_import if kind == "experts" else excel.technologies_import
    form = ImportForm(request.POST or None, request.FILES or None)
    result: ImportResult | None = None
    if request.method == "POST":
        if form.is_valid():
            result = importer(user=request.user, file=form.cleaned_data["file"])
        else:
            result = ImportResult(errors=[RowError("", 0, "", _("Choose the workbook to upload."))])
        if result.ok:
            messages.success(request, _("%(count)s rows imported.") % {"count": result.saved})
    status = 422 if result is not None and not result.ok else 200
    context = {"form": form, "result": result, "kind": kind}
    return render(request, "experts/experts/import.html", context, status=status)


@require_http_methods(["GET", "POST"])
def expert_import(request: HttpRequest) -> HttpResponse:
    _require(request, "experts.import_experts")
    return import_page(request, kind="experts")


def expert_import_template(request: HttpRequest) -> HttpResponse:
    _require(request, "experts.import_experts")
    content = excel.experts_workbook(experts=[], personal=True, example=True)
    return download_response(content, filename="mau-chuyen-gia.xlsx")
