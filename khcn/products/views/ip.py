"""Pages of IP dossiers: the list, a dossier with its timeline, its form, its stage moves,
renewal and documents."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_tables2 import RequestConfig

from khcn.core.concurrency import StaleObjectError
from khcn.core.confirm import Confirm, confirm_repost, is_confirmed
from khcn.core.exports import table_xlsx_response
from khcn.core.history import history_entries
from khcn.core.http import HtmxHttpRequest
from khcn.core.uploads import upload_response
from khcn.products import ip_selectors as selectors
from khcn.products.filters import IpAssetFilter
from khcn.products.forms.ip import IpAssetForm, IpDocumentForm, IpMoveForm, IpRenewForm
from khcn.products.ip_workflow import ENDING_MOVES
from khcn.products.models import IpAsset, IpStage
from khcn.products.services import ip as services
from khcn.products.tables import IpAssetTable


def _require_list(request: HttpRequest) -> None:
    if not request.user.has_perm("products.list_products"):
        raise PermissionDenied


def ip_list(request: HtmxHttpRequest) -> HttpResponse:
    """Dossiers in scope: filter by kind, stage, commune and alert; search, sort, page, export."""
    _require_list(request)
    filterset = IpAssetFilter(request.GET, queryset=selectors.ip_asset_list(user=request.user), user=request.user)
    table = IpAssetTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    if request.GET.get("export") == "xlsx":
        return table_xlsx_response(
            table, filename="nhan-hieu-chi-dan-dia-ly.xlsx", title=_("Marks and geographical indications")
        )
    context = {
        "filter": filterset,
        "table": table,
        "filtered": any(request.GET.get(k) for k in filterset.filters),
        "can_add": request.user.has_perm("products.change_ipasset", None),
    }
    if request.htmx and request.htmx.target == "ip-table":
        return render(request, "products/ip_list.html#table", context)
    return render(request, "products/ip_list.html", context)


def _form_data(form: IpAssetForm) -> dict[str, Any]:
    return {k: v for k, v in form.cleaned_data.items() if k not in ("loaded_version", "products")}


@require_http_methods(["GET", "POST"])
def ip_create(request: HttpRequest) -> HttpResponse:
    _require_list(request)
    if not request.user.has_perm("products.change_ipasset", None):
        raise PermissionDenied
    form = IpAssetForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            asset = services.ip_asset_create(
                user=request.user, products=list(form.cleaned_data["products"]), **_form_data(form)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Dossier “%(name)s” opened.") % {"name": asset.name})
            return redirect(asset)
    context = {"form": form, "asset": None, "cancel_url": reverse("products:ip_list")}
    return render(request, "products/ip_form.html", context, status=422 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
def ip_edit(request: HttpRequest, pk: int) -> HttpResponse:
    asset = selectors.ip_asset_get(user=request.user, pk=pk)
    if not request.user.has_perm("products.change_ipasset", asset):
        raise PermissionDenied
    form = IpAssetForm(request.POST or None, instance=asset, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.ip_asset_update(
                user=request.user,
                asset=form.instance,
                expected_version=form.cleaned_data["loaded_version"],
                products=list(form.cleaned_data["products"]),
            )
        except StaleObjectError as error:
            form.mark_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(asset)
    context = {"form": form, "asset": asset, "cancel_url": asset.get_absolute_url()}
    return render(request, "products/ip_form.html", context, status=422 if request.method == "POST" else 200)


def ip_detail(request: HttpRequest, pk: int, status: int = 200, **forms: Any) -> HttpResponse:
    """The dossier, its timeline (days per stage, documents per stage) and its alerts."""
    asset = selectors.ip_asset_get(user=request.user, pk=pk)
    can_change = request.user.has_perm("products.change_ipasset", asset)
    context = {
        "asset": asset,
        "state": selectors.ip_dossier_state(asset=asset, today=timezone.localdate()),
        "can_change": can_change,
        "can_add_document": request.user.has_perm("products.add_ip_document", asset),
        "move_form": forms.get("move_form") or (IpMoveForm(asset=asset) if can_change and asset.is_open else None),
        "renew_form": forms.get("renew_form")
        or (IpRenewForm(initial={"loaded_version": asset.version}) if can_change and asset.expires_on else None),
        "document_form": forms.get("document_form") or IpDocumentForm(asset=asset),
        "history": history_entries(asset) if can_change else [],
    }
    return render(request, "products/ip_detail.html", context, status=status)


@require_POST
def ip_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move the dossier; refusing or withdrawing it is asked first (core.confirm)."""
    asset = selectors.ip_asset_get(user=request.user, pk=pk)
    if not request.user.has_perm("products.change_ipasset", asset):
        raise PermissionDenied
    form = IpMoveForm(request.POST, asset=asset)
    if form.is_valid():
        data = form.cleaned_data
        if data["to_stage"] in ENDING_MOVES and not is_confirmed(request):
            return confirm_repost(request, _end_question(asset, data["to_stage"]))
        try:
            services.ip_move(
                user=request.user,
                asset=asset,
                to_stage=data["to_stage"],
                on=data["on"],
                note=data["note"],
                application_number=data["application_number"],
                certificate_number=data["certificate_number"],
                expected_version=data["loaded_version"],
            )
        except StaleObjectError:
            form.add_error(None, _("Someone else moved this dossier meanwhile. Check its stage, then try again."))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Dossier moved to “%(stage)s”.") % {"stage": dict(IpStage.choices)[data["to_stage"]]}
            )
            return redirect(asset)
    return ip_detail(request, pk, status=422, move_form=form)


def _end_question(asset: IpAsset, stage: str) -> Confirm:
    question = (
        _("Record that the IP Office refused “%(name)s”? The dossier is then closed.")
        if stage == IpStage.REFUSED
        else _("Record that “%(name)s” was withdrawn? The dossier is then closed.")
    )
    return Confirm(
        title=_("Close the dossier?"),
        question=question % {"name": asset.name},
        button=_("Yes, close the dossier"),
        icon="x-octagon",
        cancel_url=asset.get_absolute_url(),
        crumbs=[
            (_("Marks and geographical indications"), reverse("products:ip_list")),
            (asset.name, asset.get_absolute_url()),
        ],
    )


@require_POST
def ip_renew(request: HttpRequest, pk: int) -> HttpResponse:
    asset = selectors.ip_asset_get(user=request.user, pk=pk)
    if not request.user.has_perm("products.change_ipasset", asset):
        raise PermissionDenied
    form = IpRenewForm(request.POST)
    if form.is_valid():
        try:
            renewed = services.ip_renew(
                user=request.user,
                asset=asset,
                on=form.cleaned_data["on"],
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["loaded_version"],
            )
        except StaleObjectError:
            form.add_error(None, _("Someone else changed this dossier meanwhile. Check it, then try again."))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            until = date_format(renewed.expires_on, "SHORT_DATE_FORMAT") if renewed.expires_on else ""
            messages.success(request, _("Protection renewed until %(day)s.") % {"day": until})
            return redirect(asset)
    return ip_detail(request, pk, status=422, renew_form=form)


@require_POST
def ip_document_add(request: HttpRequest, pk: int) -> HttpResponse:
    asset = selectors.ip_asset_get(user=request.user, pk=pk)
    if not request.user.has_perm("products.add_ip_document", asset):
        raise PermissionDenied
    form = IpDocumentForm(request.POST, request.FILES, asset=asset)
    if form.is_valid():
        try:
            services.ip_document_add(
                user=request.user,
                asset=asset,
                stage=form.cleaned_data["stage"],
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            on_file = (getattr(error, "code", None) or "").startswith("file_")
            form.add_error("file" if on_file else None, error)
        else:
            messages.success(request, _("Document attached."))
            return redirect(asset.get_absolute_url() + "#timeline")
    return ip_detail(request, pk, status=422, document_form=form)


def ip_document_file(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    """A document of a dossier in scope, always as an attachment."""
    asset = selectors.ip_asset_get(user=request.user, pk=pk)
    document = get_object_or_404(asset.documents.all(), pk=document_pk)
    return upload_response(document.file, filename=document.file_name or document.file.name.rsplit("/")[-1])
