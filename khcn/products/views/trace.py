"""The signed-in pages of batches (lô): list, create, detail with checks, edit, delete; and the
QR codes and the label sheet of a product or a batch."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from khcn.core.concurrency import StaleObjectError
from khcn.core.confirm import Confirm, confirm_page
from khcn.core.history import history_entries
from khcn.products.forms.trace import BatchCheckForm, BatchForm
from khcn.products.labels import labels_pdf
from khcn.products.models import Batch, Product
from khcn.products.qr import batch_code_url, product_code_url, public_base, qr_image
from khcn.products.selectors import trace as selectors
from khcn.products.services import trace as services

QR_TYPES = {"png": "image/png", "svg": "image/svg+xml"}


def product_page_url(product: Product) -> str:
    """The product's own page (catalogue area), or its batches while that page is not installed."""
    try:
        return product.get_absolute_url()
    except NoReverseMatch:
        return reverse("products:batch_list", args=[product.pk])


def _require_view(request: HttpRequest) -> None:
    if not request.user.has_perm("products.list_products"):
        raise PermissionDenied


def _require_change(request: HttpRequest, batch: Batch) -> None:
    if not request.user.has_perm("products.change_batch", batch):
        raise PermissionDenied


def batch_list(request: HttpRequest, pk: int) -> HttpResponse:
    """All batches of a product, newest first, 50 a page; `?q=` finds a lot."""
    _require_view(request)
    product = selectors.product_for_batches_get(user=request.user, pk=pk)
    batches = product.batches.order_by("-produced_on", "-pk")
    q = request.GET.get("q", "").strip()[:20]
    if q:
        batches = batches.filter(lot__icontains=q)
    page = Paginator(batches, 50).get_page(request.GET.get("page"))
    context = {
        "product": product,
        "product_url": product_page_url(product),
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "q": q,
        "can_change_batch": request.user.has_perm("products.change_batch", Batch(product=product)),
    }
    return render(request, "products/batch_list.html", context)


@require_http_methods(["GET", "POST"])
def batch_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_view(request)
    product = selectors.product_for_batches_get(user=request.user, pk=pk)
    _require_change(request, Batch(product=product))
    form = BatchForm(request.POST or None, initial={"produced_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "loaded_version"}
        try:
            batch = services.batch_create(user=request.user, product=product, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Batch %(lot)s was recorded.") % {"lot": batch.lot})
            return redirect(batch)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "product": product, "product_url": product_page_url(product), "batch": None}
    return render(request, "products/batch_form.html", {**context, "cancel_url": context["product_url"]}, status=status)


def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_view(request)
    batch = selectors.batch_get(user=request.user, pk=pk)
    can_change = request.user.has_perm("products.change_batch", batch)
    context = {
        "batch": batch,
        "product": batch.product,
        "product_url": product_page_url(batch.product),
        "checks": batch.checks.all(),
        "check_form": BatchCheckForm(initial={"on": timezone.localdate()}) if can_change else None,
        "can_change_batch": can_change,
        "scans": selectors.scan_totals(product=batch.product, batch=batch, today=timezone.localdate()),
        "history": history_entries(batch),
    }
    return render(request, "products/batch_detail.html", context)


@require_http_methods(["GET", "POST"])
def batch_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_view(request)
    batch = selectors.batch_get(user=request.user, pk=pk)
    _require_change(request, batch)
    form = BatchForm(request.POST or None, instance=batch)
    if request.method == "POST" and form.is_valid():
        try:
            services.batch_update(
                user=request.user, batch=form.instance, expected_version=form.cleaned_data["loaded_version"]
            )
        except StaleObjectError as error:
            form.mark_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(batch)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "product": batch.product, "product_url": product_page_url(batch.product)}
    return render(
        request,
        "products/batch_form.html",
        {**context, "batch": batch, "cancel_url": batch.get_absolute_url()},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def batch_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first, then delete the batch with its checks and scan counts."""
    _require_view(request)
    batch = selectors.batch_get(user=request.user, pk=pk)
    _require_change(request, batch)
    product_url = product_page_url(batch.product)
    confirm = Confirm(
        title=_("Delete the batch"),
        question=_("Delete batch %(lot)s of “%(product)s”? Its public page and QR code stop working.")
        % {"lot": batch.lot, "product": batch.product.name},
        button=_("Yes, delete"),
        icon="trash",
        cancel_url=batch.get_absolute_url(),
        crumbs=[(batch.product.name, product_url), (batch.lot, batch.get_absolute_url())],
    )
    if request.method == "POST":
        services.batch_delete(user=request.user, batch=batch)
        messages.success(request, _("Batch %(lot)s was deleted.") % {"lot": batch.lot})
        return redirect(product_url)
    return confirm_page(request, confirm)


@require_POST
def batch_check_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_view(request)
    batch = selectors.batch_get(user=request.user, pk=pk)
    _require_change(request, batch)
    form = BatchCheckForm(request.POST)
    if form.is_valid():
        try:
            services.batch_check_add(user=request.user, batch=batch, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The check was added."))
            return redirect(batch)
    context = {
        "batch": batch,
        "product": batch.product,
        "product_url": product_page_url(batch.product),
        "checks": batch.checks.all(),
        "check_form": form,
        "can_change_batch": True,
        "scans": selectors.scan_totals(product=batch.product, batch=batch, today=timezone.localdate()),
        "history": history_entries(batch),
    }
    return render(request, "products/batch_detail.html", context, status=422)


@require_http_methods(["GET", "POST"])
def batch_check_delete_view(request: HttpRequest, pk: int, check_pk: int) -> HttpResponse:
    _require_view(request)
    batch = selectors.batch_get(user=request.user, pk=pk)
    _require_change(request, batch)
    check = get_object_or_404(batch.checks.all(), pk=check_pk)
    confirm = Confirm(
        title=_("Remove the check"),
        question=_("Remove “%(check)s” (%(by)s) from batch %(lot)s?")
        % {"check": check, "by": check.by, "lot": batch.lot},
        button=_("Yes, remove"),
        icon="trash",
        cancel_url=batch.get_absolute_url(),
        crumbs=[(batch.product.name, product_page_url(batch.product)), (batch.lot, batch.get_absolute_url())],
    )
    if request.method == "POST":
        services.batch_check_remove(user=request.user, check=check)
        messages.success(request, _("The check was removed."))
        return redirect(batch)
    return confirm_page(request, confirm)


# -- QR codes and labels ----------------------------------------------------------------------


def _qr_response(url: str, fmt: str, filename: str) -> HttpResponse:
    if fmt not in QR_TYPES:
        raise Http404
    response = HttpResponse(qr_image(url, fmt=fmt), content_type=QR_TYPES[fmt])
    response["Content-Disposition"] = f'inline; filename="{filename}.{fmt}"'
    return response


def product_qr(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The product's QR code: its GS1 Digital Link URL, or its short URL without a GTIN."""
    _require_view(request)
    product = selectors.product_for_batches_get(user=request.user, pk=pk)
    return _qr_response(product_code_url(product, public_base(request)), fmt, f"qr-{product.public_id}")


def batch_qr(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The batch's QR code: /01/{GTIN}/10/{lot} when its product has a GTIN, else its short URL."""
    _require_view(request)
    batch = selectors.batch_get(user=request.user, pk=pk)
    return _qr_response(batch_code_url(batch, public_base(request)), fmt, f"qr-{batch.public_id}")


def labels_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    """An A4 sheet of 24 labels of the product, or of one of its batches (?batch=<id>)."""
    _require_view(request)
    product = selectors.product_for_batches_get(user=request.user, pk=pk)
    batch = None
    batch_pk = request.GET.get("batch", "")
    if batch_pk.isdigit() and len(batch_pk) <= 18:
        batch = selectors.batch_get(user=request.user, pk=int(batch_pk))
        if batch.product_id != product.pk:
            raise Http404
    pdf = labels_pdf(product=product, batch=batch, base=public_base(request))
    name = f"nhan-{(batch or product).public_id}.pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
