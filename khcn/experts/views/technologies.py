"""Technology offers: list, forms, review, yearly confirmation, files (helper B); the Excel
import views at the end are the registry's (helper A)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_tables2 import RequestConfig

from khcn.core.concurrency import StaleObjectError
from khcn.core.confirm import Confirm, confirm_page
from khcn.core.exports import download_name, table_xlsx_response
from khcn.core.history import history_entries
from khcn.core.http import HtmxHttpRequest
from khcn.core.uploads import upload_response
from khcn.experts.filters_technologies import TechnologyFilter
from khcn.experts.forms.technologies import TechnologyFileForm, TechnologyForm, TechnologyReviewForm
from khcn.experts.models import OfferStatus, Technology, TechnologyFile
from khcn.experts.selectors import technologies as selectors
from khcn.experts.services import technologies as services
from khcn.experts.tables_technologies import TechnologyTable


def technology_list(request: HtmxHttpRequest) -> HttpResponse:
    """Offers in scope: filter, search, sort, page, export."""
    if not request.user.has_perm("experts.list_technologies"):
        raise PermissionDenied
    filterset = TechnologyFilter(request.GET, queryset=selectors.technology_list(user=request.user), request=request)
    table = TechnologyTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    if request.GET.get("export") == "xlsx":
        return table_xlsx_response(
            table, filename=download_name("cong-nghe", ext="xlsx"), title=_("Technologies ready for transfer")
        )
    context = {
        "filter": filterset,
        "table": table,
        "filtered": any(request.GET.get(name) for name in filterset.filters),
        "can_add": request.user.has_perm("experts.add_technology"),
    }
    if request.htmx and request.htmx.target == "technology-table":
        return render(request, "experts/technologies/technology_list.html#table", context)
    return render(request, "experts/technologies/technology_list.html", context)


def _detail_context(request: HttpRequest, technology: Technology, **extra: Any) -> dict[str, Any]:
    user = request.user
    can_change = user.has_perm("experts.change_technology", technology)
    files = list(technology.files.all())
    return {
        "technology": technology,
        "photos": [f for f in files if f.is_photo],
        "documents": [f for f in files if not f.is_photo],
        "listed": technology.is_listed(timezone.localdate()),
        "can_change": can_change and technology.status != OfferStatus.WITHDRAWN,
        "can_submit": can_change and technology.status in services.CAN_SUBMIT,
        "can_review": user.has_perm("experts.review_technology", technology)
        and technology.status in services.CAN_REVIEW,
        "can_confirm": can_change and technology.status in services.CAN_CONFIRM,
        "can_withdraw": can_change and technology.status in services.CAN_WITHDRAW,
        "file_form": extra.get("file_form") or TechnologyFileForm(prefix="file"),
        "review_form": extra.get("review_form") or TechnologyReviewForm(initial={"loaded_version": technology.version}),
        "history": history_entries(technology),
    }


def technology_detail(request: HttpRequest, pk: int) -> HttpResponse:
    technology = selectors.technology_get(user=request.user, pk=pk)
    return render(request, "experts/technologies/technology_detail.html", _detail_context(request, technology))


def _form(request: HttpRequest, technology: Technology | None) -> HttpResponse:
    form = TechnologyForm(request.POST or None, instance=technology, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            if technology is None:
                data = {k: v for k, v in form.cleaned_data.items() if k != "loaded_version"}
                saved = services.technology_create(user=request.user, **data)
            else:
                saved = services.technology_update(
                    user=request.user, technology=form.instance, expected_version=form.cleaned_data["loaded_version"]
                )
        except StaleObjectError as error:
            form.mark_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Technology “%(name)s” saved.") % {"name": saved.title})
            return redirect(saved)
    status = 422 if request.method == "POST" else 200
    cancel = technology.get_absolute_url() if technology else reverse("experts:technology_list")
    context = {"form": form, "technology": technology, "cancel_url": cancel}
    return render(request, "experts/technologies/technology_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def technology_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("experts.add_technology"):
        raise PermissionDenied
    return _form(request, None)


@require_http_methods(["GET", "POST"])
def technology_edit(request: HttpRequest, pk: int) -> HttpResponse:
    technology = selectors.technology_get(user=request.user, pk=pk)
    if not request.user.has_perm("experts.change_technology", technology):
        raise PermissionDenied
    return _form(request, technology)


def _confirm(technology: Technology, **fields: Any) -> Confirm:
    return Confirm(
        cancel_url=technology.get_absolute_url(),
        crumbs=[
            (_("Technologies"), reverse("experts:technology_list")),
            (technology.title, technology.get_absolute_url()),
        ],
        version=technology.version,
        **fields,
    )


def _move(request: HttpRequest, technology: Technology, confirm: Confirm, move: Any, done: str) -> HttpResponse:
    """Ask, then call the service; a refusal comes back on the same page (422)."""
    if request.method == "POST":
        try:
            move(user=request.user, technology=technology, expected_version=_version(request))
        except ValidationError as error:
            confirm.errors = list(error.messages)
            return confirm_page(request, confirm, status=422)
        messages.success(request, done)
        return redirect(technology)
    return confirm_page(request, confirm)


def _version(request: HttpRequest) -> int | None:
    value = request.POST.get("loaded_version", "")
    return int(value) if value.isdigit() else None


@require_http_methods(["GET", "POST"])
def technology_submit(request: HttpRequest, pk: int) -> HttpResponse:
    technology = selectors.technology_get(user=request.user, pk=pk)
    if not request.user.has_perm("experts.change_technology", technology):
        raise PermissionDenied
    confirm = _confirm(
        technology,
        title=_("Send for review"),
        question=_("Send “%(name)s” to the Department for review before it is published?") % {"name": technology.title},
        button=_("Yes, send"),
        icon="send",
        danger=False,
    )
    return _move(request, technology, confirm, services.technology_submit, _("Sent for review."))


@require_POST
def technology_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The Department publishes the offer or returns it with a note."""
    technology = selectors.technology_get(user=request.user, pk=pk)
    if not request.user.has_perm("experts.review_technology", technology):
        raise PermissionDenied
    form = TechnologyReviewForm(request.POST)
    if form.is_valid():
        publish = form.cleaned_data["decision"] == "publish"
        try:
            services.technology_review(
                user=request.user,
                technology=technology,
                publish=publish,
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["loaded_version"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Published in the catalogue.") if publish else _("Returned to the owner."))
            return redirect(technology)
    context = _detail_context(request, technology, review_form=form)
    return render(request, "experts/technologies/technology_detail.html", context, status=422)


@require_http_methods(["GET", "POST"])
def technology_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    technology = selectors.technology_get(user=request.user, pk=pk)
    if not request.user.has_perm("experts.change_technology", technology):
        raise PermissionDenied
    confirm = _confirm(
        technology,
        title=_("Confirm the offer for another year"),
        question=_("Is “%(name)s” still on offer as described? It stays in the catalogue for another year.")
        % {"name": technology.title},
        button=_("Yes, still on offer"),
        icon="calendar-check",
        danger=False,
    )
    return _move(request, technology, confirm, services.technology_confirm, _("Offer confirmed for another year."))


@require_http_methods(["GET", "POST"])
def technology_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    technology = selectors.technology_get(user=request.user, pk=pk)
    if not request.user.has_perm("experts.change_technology", technology):
        raise PermissionDenied
    confirm = _confirm(
        technology,
        title=_("Withdraw the offer"),
        question=_("Withdraw “%(name)s”? It leaves the catalogue for good; its history is kept.")
        % {"name": technology.title},
        button=_("Yes, withdraw"),
        icon="x-circle",
    )
    return _move(request, technology, confirm, services.technology_withdraw, _("Offer withdrawn."))


@require_POST
def technology_file_add(request: HttpRequest, pk: int) -> HttpResponse:
    technology = selectors.technology_get(user=request.user, pk=pk)
    if not request.user.has_perm("experts.change_technology", technology):
        raise PermissionDenied
    form = TechnologyFileForm(request.POST, request.FILES, prefix="file")
    if form.is_valid():
        try:
            services.technology_file_add(
                user=request.user,
                technology=technology,
                upload=form.cleaned_data["file"],
                caption=form.cleaned_data["caption"],
                is_photo=form.cleaned_data["is_photo"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            messages.success(request, _("File added."))
            return redirect(technology.get_absolute_url() + "#files")
    context = _detail_context(request, technology, file_form=form)
    return render(request, "experts/technologies/technology_detail.html", context, status=422)


@login_not_required
def technology_file(request: HttpRequest, pk: int) -> FileResponse:
    """A photo or document: public once its offer is listed, else only within scope (404)."""
    item = selectors.technology_file_get_for(user=request.user, pk=pk)
    name = item.file.name.rsplit("/", 1)[-1]
    if item.is_photo:
        kind = "image/png" if name.lower().endswith(".png") else "image/jpeg"
        response = FileResponse(item.file.open("rb"), content_type=kind)
        response["X-Content-Type-Options"] = "nosniff"
    else:
        response = upload_response(item.file, filename=name)
    listed = item.technology.is_listed(timezone.localdate())
    response["Cache-Control"] = "public, max-age=3600" if listed else "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def technology_file_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(TechnologyFile, pk=pk)
    technology = selectors.technology_get(user=request.user, pk=item.technology_id)
    if not request.user.has_perm("experts.change_technology", technology):
        raise PermissionDenied
    confirm = _confirm(
        technology,
        title=_("Delete the file"),
        question=_("Delete this file of “%(name)s”? This cannot be undone.") % {"name": technology.title},
        note=str(item),
        button=_("Yes, delete"),
        icon="trash",
    )
    if request.method == "POST":
        services.technology_file_delete(user=request.user, item=item)
        messages.success(request, _("File deleted."))
        return redirect(technology.get_absolute_url() + "#files")
    return confirm_page(request, confirm)


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
