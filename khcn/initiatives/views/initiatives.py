"""Initiatives: list, detail with the duplicate screen, the application form with its authors,
evidence files, submission, the unit's decision and the city round."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_tables2 import RequestConfig

from khcn.core.concurrency import StaleObjectError
from khcn.core.confirm import Confirm, confirm_page
from khcn.core.exports import download_name, table_xlsx_response
from khcn.core.history import history_entries
from khcn.core.http import HtmxHttpRequest
from khcn.core.uploads import upload_response
from khcn.initiatives import selectors, services
from khcn.initiatives.filters import InitiativeFilter
from khcn.initiatives.forms import (
    CitySubmitForm,
    InitiativeFileForm,
    InitiativeForm,
    RecognitionForm,
    author_formset,
)
from khcn.initiatives.models import Initiative, InitiativeFile, InitiativeStatus
from khcn.initiatives.tables import InitiativeTable
from khcn.initiatives.workflow import can_move
from khcn.research.forms import CouncilForm


def _version(request: HttpRequest) -> int | None:
    version = request.POST.get("loaded_version", "")
    return int(version) if version.isdigit() and len(version) < 10 else None


def initiative_list(request: HtmxHttpRequest) -> HttpResponse:
    """Initiatives in scope: filter by status, unit, field, scope and year; search, sort, page, export."""
    if not request.user.has_perm("initiatives.list_initiatives"):
        raise PermissionDenied
    queryset = selectors.initiative_list(user=request.user)
    filterset = InitiativeFilter(request.GET, queryset=queryset, request=request)
    table = InitiativeTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    if request.GET.get("export") == "xlsx":
        return table_xlsx_response(table, filename=download_name("sang-kien", ext="xlsx"), title=_("Initiatives"))
    context = {
        "filter": filterset,
        "table": table,
        "filtered": any(request.GET.get(name) for name in filterset.filters),
        "can_add": request.user.has_perm("initiatives.add_initiative"),
    }
    if request.htmx and request.htmx.target == "initiative-table":
        return render(request, "initiatives/initiative_list.html#table", context)
    return render(request, "initiatives/initiative_list.html", context)


def _detail_context(request: HttpRequest, initiative: Initiative, **forms: Any) -> dict[str, Any]:
    user = request.user
    can_change = user.has_perm("initiatives.change_initiative", initiative)
    can_recognise = user.has_perm("initiatives.recognise_initiative", initiative)
    status = initiative.status
    return {
        "initiative": initiative,
        "authors": list(initiative.authors.all()),
        "files": list(initiative.files.all()),
        "events": list(initiative.events.all()),
        "decision": getattr(initiative, "base_recognition", None),
        "duplicates": selectors.initiative_duplicates(user=user, initiative=initiative),
        "can_edit": can_change and can_move(status, "edit"),
        "can_submit": can_change and can_move(status, "submit"),
        "can_add_file": can_change and status in (InitiativeStatus.DRAFT, InitiativeStatus.SUBMITTED),
        "can_delete_file": can_change and status == InitiativeStatus.DRAFT,
        "can_recognise": can_recognise and can_move(status, "recognise"),
        "can_city_submit": can_change and can_move(status, "city_submit"),
        "file_form": forms.get("file_form") or InitiativeFileForm(prefix="file"),
        **_city_context(user, initiative, forms.get("council_form"), forms.get("council_errors")),
        "history": history_entries(initiative),
    }


def _city_context(user: Any, initiative: Initiative, council_form: Any, errors: Any) -> dict[str, Any]:
    """The city round: its councils, the form to open one, and the city's decision."""
    may_evaluate = user.has_perm("initiatives.evaluate_city", initiative)
    councils = selectors.city_councils(initiative) if may_evaluate else []
    may_form = may_evaluate and can_move(initiative.status, "city_council")
    may_form = may_form and not any(c.concluded_at is None for c in councils)
    return {
        "city": getattr(initiative, "city_recognition", None),
        "city_councils": councils,
        "council_form": (council_form or CouncilForm(initial={"name": _default_council_name(initiative)}))
        if may_form
        else None,
        "council_errors": errors or [],
    }


def _default_council_name(initiative: Initiative) -> str:
    year = initiative.city_round_year or ""
    return _("City initiative council, round %(year)s") % {"year": year}


def initiative_detail(request: HttpRequest, pk: int, **forms: Any) -> HttpResponse:
    initiative = selectors.initiative_get(user=request.user, pk=pk)
    context = _detail_context(request, initiative, **forms)
    status = 422 if forms.get("council_errors") else 200
    return render(request, "initiatives/initiative_detail.html", context, status=status)


def _form(request: HttpRequest, initiative: Initiative | None) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = InitiativeForm(data, instance=initiative, user=request.user)
    authors = author_formset(extra=3 if initiative is None else 1)(data, instance=initiative, prefix="authors")
    if request.method == "POST" and form.is_valid() and authors.is_valid():
        rows = services.authors_from_rows(authors.cleaned_data)
        try:
            if initiative is None:
                saved = services.initiative_create(user=request.user, initiative=form.instance, authors=rows)
            else:
                saved = services.initiative_update(
                    user=request.user,
                    initiative=form.instance,
                    expected_version=form.cleaned_data["loaded_version"],
                    authors=rows,
                )
        except StaleObjectError as error:
            form.mark_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Initiative “%(name)s” saved.") % {"name": saved.title})
            return redirect(saved)
    cancel = initiative.get_absolute_url() if initiative else reverse("initiatives:initiative_list")
    context = {"form": form, "authors": authors, "initiative": initiative, "cancel_url": cancel}
    return render(request, "initiatives/initiative_form.html", context, status=422 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
def initiative_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("initiatives.add_initiative"):
        raise PermissionDenied
    return _form(request, None)


@require_http_methods(["GET", "POST"])
def initiative_edit(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = selectors.initiative_get(user=request.user, pk=pk)
    if not request.user.has_perm("initiatives.change_initiative", initiative):
        raise PermissionDenied
    return _form(request, initiative)


def _crumbs(initiative: Initiative) -> list[tuple[str, str]]:
    return [
        (_("Initiatives"), reverse("initiatives:initiative_list")),
        (initiative.title, initiative.get_absolute_url()),
    ]


@require_http_methods(["GET", "POST"])
def initiative_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask, then send the draft to the unit's initiative council."""
    initiative = selectors.initiative_get(user=request.user, pk=pk)
    if not request.user.has_perm("initiatives.change_initiative", initiative):
        raise PermissionDenied
    confirm = Confirm(
        title=_("Submit the initiative"),
        question=_("Submit “%(name)s” to the unit's initiative council? It can no longer be edited.")
        % {"name": initiative.title},
        button=_("Yes, submit"),
        icon="send",
        danger=False,
        cancel_url=initiative.get_absolute_url(),
        crumbs=_crumbs(initiative),
        version=initiative.version,
    )
    if request.method == "POST":
        try:
            services.initiative_submit(user=request.user, initiative=initiative, expected_version=_version(request))
        except ValidationError as error:
            confirm.errors = error.messages
            return confirm_page(request, confirm, status=422)
        messages.success(request, _("Initiative submitted."))
        return redirect(initiative)
    return confirm_page(request, confirm)


@require_http_methods(["GET", "POST"])
def initiative_recognise(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the unit's decision (recognised or not) after its initiative council."""
    initiative = selectors.initiative_get(user=request.user, pk=pk)
    if not request.user.has_perm("initiatives.recognise_initiative", initiative):
        raise PermissionDenied
    form = RecognitionForm(request.POST or None, initial={"loaded_version": initiative.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.initiative_recognise(
                user=request.user,
                initiative=initiative,
                recognised=data["decision"] == "yes",
                decision_number=data["decision_number"],
                decision_date=data["decision_date"],
                signer=data["signer"],
                reasons=data["reasons"],
                expected_version=_version(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The unit's decision is recorded."))
            return redirect(initiative)
    context = {"initiative": initiative, "form": form, "cancel_url": initiative.get_absolute_url()}
    return render(
        request, "initiatives/initiative_recognise.html", context, status=422 if request.method == "POST" else 200
    )


@require_http_methods(["GET", "POST"])
def initiative_city_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Put an initiative recognised at base level into a city round."""
    initiative = selectors.initiative_get(user=request.user, pk=pk)
    if not request.user.has_perm("initiatives.change_initiative", initiative):
        raise PermissionDenied
    form = CitySubmitForm(request.POST or None, initial={"loaded_version": initiative.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.initiative_city_submit(
                user=request.user,
                initiative=initiative,
                year=form.cleaned_data["year"],
                expected_version=_version(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Initiative submitted to the city round."))
            return redirect(initiative)
    context = {"initiative": initiative, "form": form, "cancel_url": initiative.get_absolute_url()}
    return render(
        request, "initiatives/initiative_city_submit.html", context, status=422 if request.method == "POST" else 200
    )


@require_POST
def initiative_file_add(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = selectors.initiative_get(user=request.user, pk=pk)
    if not request.user.has_perm("initiatives.change_initiative", initiative):
        raise PermissionDenied
    form = InitiativeFileForm(request.POST, request.FILES, prefix="file")
    if form.is_valid():
        try:
            services.initiative_file_add(
                user=request.user,
                initiative=initiative,
                upload=form.cleaned_data["file"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            messages.success(request, _("File added."))
            return redirect(initiative.get_absolute_url() + "#files")
    context = _detail_context(request, initiative, file_form=form)
    return render(request, "initiatives/initiative_detail.html", context, status=422)


def initiative_file(request: HttpRequest, pk: int) -> FileResponse:
    """An evidence file, within scope only (404 otherwise)."""
    item = get_object_or_404(InitiativeFile, pk=pk)
    selectors.initiative_get(user=request.user, pk=item.initiative_id)
    return upload_response(item.file, filename=item.name)


@require_http_methods(["GET", "POST"])
def initiative_file_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(InitiativeFile, pk=pk)
    initiative = selectors.initiative_get(user=request.user, pk=item.initiative_id)
    if not request.user.has_perm("initiatives.change_initiative", initiative):
        raise PermissionDenied
    confirm = Confirm(
        title=_("Delete the file"),
        question=_("Delete this file of “%(name)s”? This cannot be undone.") % {"name": initiative.title},
        note=str(item),
        button=_("Yes, delete"),
        icon="trash",
        cancel_url=initiative.get_absolute_url() + "#files",
        crumbs=_crumbs(initiative),
    )
    if request.method == "POST":
        try:
            services.initiative_file_delete(user=request.user, item=item)
        except ValidationError as error:
            confirm.errors = error.messages
            return confirm_page(request, confirm, status=422)
        messages.success(request, _("File deleted."))
        return redirect(initiative.get_absolute_url() + "#files")
    return confirm_page(request, confirm)
