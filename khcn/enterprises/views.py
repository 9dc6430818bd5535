"""Pages of the register of S&T enterprises: the list, a certificate with its incentives,
changes and history, its form, revocation, and the workbook import."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_tables2 import RequestConfig

from khcn.core.concurrency import StaleObjectError
from khcn.core.confirm import Confirm, confirm_repost, is_confirmed
from khcn.core.exports import download_name, download_response, table_xlsx_response
from khcn.core.history import history_entries
from khcn.core.http import HtmxHttpRequest
from khcn.enterprises import excel, selectors, services
from khcn.enterprises.filters import CertificateFilter
from khcn.enterprises.forms import AmendmentForm, CertificateForm, IncentiveForm, RevokeForm
from khcn.enterprises.models import Certificate
from khcn.enterprises.tables import CertificateTable
from khcn.registers.pages import ImportPage, import_page


def _require(request: HttpRequest, perm: str, obj: Any = None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def certificate_list(request: HtmxHttpRequest) -> HttpResponse:
    """Certificates in scope: filter, search, sort, page, export."""
    _require(request, "enterprises.view_certificates")
    filterset = CertificateFilter(request.GET, queryset=selectors.certificate_list(user=request.user))
    table = CertificateTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    if request.GET.get("export") == "xlsx":
        return table_xlsx_response(
            table, filename=download_name("doanh-nghiep-khcn", ext="xlsx"), title=_("S&T enterprises")
        )
    context = {
        "filter": filterset,
        "table": table,
        "filtered": any(request.GET.get(k) for k in filterset.filters),
        "can_add": request.user.has_perm("enterprises.change_certificate", None),
        "can_import": request.user.has_perm("enterprises.import_certificates"),
    }
    if request.htmx and request.htmx.target == "certificate-table":
        return render(request, "enterprises/certificate_list.html#table", context)
    return render(request, "enterprises/certificate_list.html", context)


def _form_page(request: HttpRequest, form: CertificateForm, certificate: Certificate | None) -> HttpResponse:
    context = {
        "form": form,
        "certificate": certificate,
        "heading": _("Edit the certificate") if certificate else _("New S&T enterprise certificate"),
        "cancel_url": certificate.get_absolute_url() if certificate else reverse("enterprises:certificate_list"),
    }
    return render(
        request, "enterprises/certificate_form.html", context, status=422 if request.method == "POST" else 200
    )


@require_http_methods(["GET", "POST"])
def certificate_create(request: HttpRequest) -> HttpResponse:
    _require(request, "enterprises.change_certificate", None)
    form = CertificateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "loaded_version"}
        try:
            certificate = services.certificate_create(user=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Certificate %(number)s registered.") % {"number": certificate.number})
            return redirect(certificate)
    return _form_page(request, form, None)


@require_http_methods(["GET", "POST"])
def certificate_edit(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = selectors.certificate_get(user=request.user, pk=pk)
    _require(request, "enterprises.change_certificate", certificate)
    form = CertificateForm(request.POST or None, instance=certificate, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.certificate_update(
                user=request.user, certificate=form.instance, expected_version=form.cleaned_data["loaded_version"]
            )
        except StaleObjectError as error:
            form.mark_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(certificate)
    return _form_page(request, form, certificate)


def certificate_detail(request: HttpRequest, pk: int, status: int = 200, **forms: Any) -> HttpResponse:
    _require(request, "enterprises.view_certificates")
    certificate = selectors.certificate_get(user=request.user, pk=pk)
    can_change = request.user.has_perm("enterprises.change_certificate", certificate)
    context = {
        "certificate": certificate,
        "can_change": can_change and not certificate.is_revoked,
        "incentives": certificate.incentives.all(),
        "amendments": certificate.amendments.all(),
        "incentive_form": forms.get("incentive_form") or IncentiveForm(),
        "amendment_form": forms.get("amendment_form") or AmendmentForm(),
        "revoke_form": forms.get("revoke_form")
        or RevokeForm(initial={"loaded_version": certificate.version, "revoked_on": timezone.localdate()}),
        "history": history_entries(certificate),
    }
    return render(request, "enterprises/certificate_detail.html", context, status=status)


@require_POST
def certificate_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke the certificate; asked first (core.confirm). It stays in the register."""
    certificate = selectors.certificate_get(user=request.user, pk=pk)
    _require(request, "enterprises.change_certificate", certificate)
    form = RevokeForm(request.POST)
    if form.is_valid():
        if not is_confirmed(request):
            return confirm_repost(request, _revoke_question(certificate))
        try:
            services.certificate_revoke(
                user=request.user,
                certificate=certificate,
                revoked_on=form.cleaned_data["revoked_on"],
                reason=form.cleaned_data["reason"],
                decision=form.cleaned_data["decision"],
                expected_version=form.cleaned_data["loaded_version"],
            )
        except StaleObjectError:
            form.add_error(None, _("Someone else changed this certificate meanwhile. Check it, then try again."))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Certificate revoked; it stays in the register."))
            return redirect(certificate)
    return certificate_detail(request, pk, status=422, revoke_form=form)


def _revoke_question(certificate: Certificate) -> Confirm:
    return Confirm(
        title=_("Revoke the certificate?"),
        question=_("Revoke certificate %(number)s of “%(name)s”? It stays in the register as revoked.")
        % {"number": certificate.number, "name": certificate.organisation.name},
        button=_("Yes, revoke"),
        icon="x-octagon",
        cancel_url=certificate.get_absolute_url(),
        crumbs=[
            (_("S&T enterprises"), reverse("enterprises:certificate_list")),
            (certificate.number, certificate.get_absolute_url()),
        ],
    )


@require_POST
def incentive_add(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = selectors.certificate_get(user=request.user, pk=pk)
    _require(request, "enterprises.change_certificate", certificate)
    form = IncentiveForm(request.POST)
    if form.is_valid():
        try:
            services.incentive_add(user=request.user, certificate=certificate, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Incentive recorded."))
            return redirect(certificate.get_absolute_url() + "#incentives")
    return certificate_detail(request, pk, status=422, incentive_form=form)


@require_POST
def amendment_add(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = selectors.certificate_get(user=request.user, pk=pk)
    _require(request, "enterprises.change_certificate", certificate)
    form = AmendmentForm(request.POST)
    if form.is_valid():
        try:
            services.amendment_add(user=request.user, certificate=certificate, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Change recorded."))
            return redirect(certificate.get_absolute_url() + "#amendments")
    return certificate_detail(request, pk, status=422, amendment_form=form)


@require_http_methods(["GET", "POST"])
def certificate_import(request: HttpRequest) -> HttpResponse:
    """Upload a workbook of certificates: every row checked, all saved or none."""
    _require(request, "enterprises.import_certificates")
    page = ImportPage(
        heading=_("Import S&T enterprise certificates"),
        lead=_(
            "Fill the template, one certificate a row, then upload it. Every row is checked with the same "
            "rules as the pages; if any row is wrong nothing is saved and every wrong row is listed."
        ),
        list_title=_("S&T enterprises"),
        list_url=reverse("enterprises:certificate_list"),
        template_url=reverse("enterprises:certificate_import_template"),
    )
    return import_page(request, page=page, importer=excel.certificates_import)


def certificate_import_template(request: HttpRequest) -> HttpResponse:
    _require(request, "enterprises.import_certificates")
    return download_response(excel.certificates_template(), filename="mau-doanh-nghiep-khcn.xlsx")
