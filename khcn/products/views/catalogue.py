"""Pages of the catalogue: producers, products, their photos, publishing, and the Excel import."""

from itertools import islice
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_tables2 import RequestConfig

from khcn.accounts.scoping import get_visible_or_404
from khcn.core.concurrency import StaleObjectError
from khcn.core.confirm import Confirm, confirm_page
from khcn.core.exports import download_name, download_response
from khcn.core.history import history_entries
from khcn.core.http import HtmxHttpRequest
from khcn.core.imports import ImportResult, RowError
from khcn.products import catalogue_excel
from khcn.products.filters import ProducerFilter, ProductFilter
from khcn.products.forms.catalogue import CertificationForm, ImportForm, PhotoForm, ProducerForm, ProductForm
from khcn.products.models import Batch, Certification, OcopRating, Producer, Product, ProductPhoto
from khcn.products.selectors import catalogue as selectors
from khcn.products.services import catalogue as services
from khcn.products.tables import ProducerTable, ProductTable

PERSONAL_COLUMNS = ("representative", "representative_phone")


def _require_list(request: HttpRequest) -> None:
    if not request.user.has_perm("products.list_products"):
        raise PermissionDenied


def _export_rows(table: Any) -> list[Any]:
    """Every filtered row in the list's sort (not one page), up to KHCN_EXPORT_MAX_ROWS."""
    return [row.record for row in islice(table.rows, settings.KHCN_EXPORT_MAX_ROWS)]


def _filtered(request: HttpRequest, filterset: Any) -> bool:
    return any(request.GET.get(name) for name in filterset.filters)


# -- producers --------------------------------------------------------------------------------


def producer_list(request: HtmxHttpRequest) -> HttpResponse:
    """Producers in scope: filter by commune and kind, search, sort, page, export."""
    _require_list(request)
    personal = request.user.has_perm("products.view_producer_personal")
    filterset = ProducerFilter(request.GET, queryset=selectors.producer_list(user=request.user), request=request)
    table = ProducerTable(filterset.qs, exclude=() if personal else PERSONAL_COLUMNS)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    if request.GET.get("export") == "xlsx":
        content = catalogue_excel.producers_workbook(producers=_export_rows(table), personal=personal)
        return download_response(content, filename=download_name("chu-the-san-xuat", ext="xlsx"))
    context = {
        "filter": filterset,
        "table": table,
        "filtered": _filtered(request, filterset),
        "can_add": request.user.has_perm("products.change_producer"),
    }
    if request.htmx and request.htmx.target == "producer-table":
        return render(request, "products/producer_list.html#table", context)
    return render(request, "products/producer_list.html", context)


def _producer_context(request: HttpRequest, producer: Producer, **extra: Any) -> dict[str, Any]:
    user = request.user
    can_change = user.has_perm("products.change_producer", producer)
    return {
        "producer": producer,
        "personal": user.has_perm("products.view_producer_personal", producer),
        "can_change": can_change,
        "can_delete": user.has_perm("products.delete_producer", producer),
        "certifications": selectors.producer_certifications(producer=producer),
        "products": selectors.product_list(user=user).filter(producers=producer).order_by("name", "pk"),
        "certification_form": extra.get("certification_form") or CertificationForm(producer=producer, prefix="cert"),
        "history": history_entries(producer),
    }


def producer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    producer = selectors.producer_get(user=request.user, pk=pk)
    return render(request, "products/producer_detail.html", _producer_context(request, producer))


@require_http_methods(["GET", "POST"])
def producer_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("products.change_producer"):
        raise PermissionDenied
    form = ProducerForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "loaded_version"}
        try:
            producer = services.producer_create(user=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Producer “%(name)s” recorded.") % {"name": producer.name})
            return redirect(producer)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "producer": None, "cancel_url": reverse("products:producer_list")}
    return render(request, "products/producer_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def producer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    producer = selectors.producer_get(user=request.user, pk=pk)
    if not request.user.has_perm("products.change_producer", producer):
        raise PermissionDenied
    form = ProducerForm(request.POST or None, instance=producer, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.producer_update(
                user=request.user, producer=form.instance, expected_version=form.cleaned_data["loaded_version"]
            )
        except StaleObjectError as error:
            form.mark_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(producer)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "producer": producer, "cancel_url": producer.get_absolute_url()}
    return render(request, "products/producer_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def producer_delete(request: HttpRequest, pk: int) -> HttpResponse:
    producer = selectors.producer_get(user=request.user, pk=pk)
    if not request.user.has_perm("products.delete_producer", producer):
        raise PermissionDenied
    confirm = Confirm(
        title=_("Delete the producer"),
        question=_("Delete “%(name)s”? It leaves the lists; its history is kept.") % {"name": producer.name},
        button=_("Yes, delete"),
        icon="trash",
        cancel_url=producer.get_absolute_url(),
        crumbs=[(_("Producers"), reverse("products:producer_list")), (producer.name, producer.get_absolute_url())],
    )
    if request.method == "POST":
        services.producer_delete(user=request.user, producer=producer)
        messages.success(request, _("Producer “%(name)s” deleted.") % {"name": producer.name})
        return redirect("products:producer_list")
    return confirm_page(request, confirm)


@require_POST
def certification_add(request: HttpRequest, pk: int) -> HttpResponse:
    producer = selectors.producer_get(user=request.user, pk=pk)
    if not request.user.has_perm("products.change_producer", producer):
        raise PermissionDenied
    form = CertificationForm(request.POST, producer=producer, prefix="cert")
    if form.is_valid():
        try:
            services.certification_add(user=request.user, producer=producer, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Certification added."))
            return redirect(producer.get_absolute_url() + "#certifications")
    context = _producer_context(request, producer, certification_form=form)
    return render(request, "products/producer_detail.html", context, status=422)


@require_http_methods(["GET", "POST"])
def certification_remove(request: HttpRequest, pk: int) -> HttpResponse:
    certification = get_visible_or_404(
        Certification.objects.select_related("producer", "producer__unit"), request.user, pk=pk
    )
    producer = certification.producer
    if producer.is_deleted or not request.user.has_perm("products.change_producer", producer):
        raise Http404
    confirm = Confirm(
        title=_("Remove the certification"),
        question=_("Remove “%(name)s” from %(producer)s?") % {"name": certification, "producer": producer.name},
        button=_("Yes, remove"),
        icon="trash",
        cancel_url=producer.get_absolute_url() + "#certifications",
        crumbs=[(_("Producers"), reverse("products:producer_list")), (producer.name, producer.get_absolute_url())],
    )
    if request.method == "POST":
        services.certification_remove(user=request.user, certification=certification)
        messages.success(request, _("Certification removed."))
        return redirect(producer.get_absolute_url() + "#certifications")
    return confirm_page(request, confirm)


# -- products ---------------------------------------------------------------------------------


def product_list(request: HtmxHttpRequest) -> HttpResponse:
    """Products in scope: filter by commune, category, published and OCOP; search, sort, page, export."""
    _require_list(request)
    filterset = ProductFilter(request.GET, queryset=selectors.product_list(user=request.user), request=request)
    table = ProductTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    if request.GET.get("export") == "xlsx":
        content = catalogue_excel.products_workbook(products=_export_rows(table))
        return download_response(content, filename=download_name("san-pham", ext="xlsx"))
    context = {
        "filter": filterset,
        "table": table,
        "filtered": _filtered(request, filterset),
        "can_add": request.user.has_perm("products.change_product"),
        "can_import": request.user.has_perm("products.import_products"),
    }
    if request.htmx and request.htmx.target == "product-table":
        return render(request, "products/product_list.html#table", context)
    return render(request, "products/product_list.html", context)


def _product_context(request: HttpRequest, product: Product, **extra: Any) -> dict[str, Any]:
    user = request.user
    batches = product.batches.order_by("-produced_on", "-pk")
    return {
        "product": product,
        "batches": list(batches[:20]),
        "batch_count": batches.count(),
        "can_change_product": user.has_perm("products.change_product", product),
        "can_delete_product": user.has_perm("products.delete_product", product),
        "can_change_batch": user.has_perm("products.change_batch", Batch(product=product)),
        "can_change_ocop": user.has_perm("products.change_ocop", OcopRating(product=product)),
        "can_change_ip": user.has_perm("products.change_ipasset", product),
        "photo_form": extra.get("photo_form") or PhotoForm(prefix="photo"),
        "history": history_entries(product),
    }


def product_detail(request: HttpRequest, pk: int) -> HttpResponse:
    product = selectors.product_get(user=request.user, pk=pk)
    return render(request, "products/product_detail.html", _product_context(request, product))


def _product_save(request: HttpRequest, form: ProductForm) -> Product:
    data = form.cleaned_data
    if form.instance.pk:
        return services.product_update(
            user=request.user,
            product=form.instance,
            expected_version=data["loaded_version"],
            producers=list(data["producers"]),
            research_tasks=list(data["research_tasks"]),
        )
    fields = {k: v for k, v in data.items() if k not in ("loaded_version", "producers", "research_tasks")}
    return services.product_create(
        user=request.user, producers=list(data["producers"]), research_tasks=list(data["research_tasks"]), **fields
    )


@require_http_methods(["GET", "POST"])
def product_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create a product (no `pk`) or edit one; a stale edit keeps the input and shows the other's."""
    product = selectors.product_get(user=request.user, pk=pk) if pk else None
    if not request.user.has_perm("products.change_product", product):
        raise PermissionDenied
    form = ProductForm(request.POST or None, instance=product, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = _product_save(request, form)
        except StaleObjectError as error:
            form.mark_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Product “%(name)s” saved.") % {"name": saved.name})
            return redirect(saved)
    status = 422 if request.method == "POST" else 200
    cancel = product.get_absolute_url() if product else reverse("products:product_list")
    return render(
        request, "products/product_form.html", {"form": form, "product": product, "cancel_url": cancel}, status=status
    )


def _product_confirm(product: Product, **fields: Any) -> Confirm:
    return Confirm(
        cancel_url=product.get_absolute_url(),
        crumbs=[(_("Products"), reverse("products:product_list")), (product.name, product.get_absolute_url())],
        **fields,
    )


@require_http_methods(["GET", "POST"])
def product_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask, then open or close the product's public page (the QR codes lead there)."""
    product = selectors.product_get(user=request.user, pk=pk)
    if not request.user.has_perm("products.change_product", product):
        raise PermissionDenied
    publish = not product.is_published
    if publish:
        confirm = _product_confirm(
            product,
            title=_("Publish the product page"),
            question=_("Publish the public page of “%(name)s”? Anyone with its address or QR code can read it.")
            % {"name": product.name},
            note=_("Its photos, producers, commune, marks, OCOP stars and published batches are shown."),
            button=_("Yes, publish"),
            icon="globe",
            danger=False,
        )
    else:
        confirm = _product_confirm(
            product,
            title=_("Unpublish the product page"),
            question=_("Close the public page of “%(name)s”? Printed QR codes will lead to a page not found.")
            % {"name": product.name},
            button=_("Yes, unpublish"),
            icon="eye-slash",
        )
    if request.method == "POST":
        services.product_publish(user=request.user, product=product, publish=publish)
        messages.success(request, _("Public page published.") if publish else _("Public page closed."))
        return redirect(product)
    return confirm_page(request, confirm)


@require_http_methods(["GET", "POST"])
def product_delete(request: HttpRequest, pk: int) -> HttpResponse:
    product = selectors.product_get(user=request.user, pk=pk)
    if not request.user.has_perm("products.delete_product", product):
        raise PermissionDenied
    confirm = _product_confirm(
        product,
        title=_("Delete the product"),
        question=_("Delete “%(name)s”? It leaves the lists and its public page closes; its history is kept.")
        % {"name": product.name},
        button=_("Yes, delete"),
        icon="trash",
    )
    if request.method == "POST":
        services.product_delete(user=request.user, product=product)
        messages.success(request, _("Product “%(name)s” deleted.") % {"name": product.name})
        return redirect("products:product_list")
    return confirm_page(request, confirm)


# -- photos -----------------------------------------------------------------------------------


@require_POST
def photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    product = selectors.product_get(user=request.user, pk=pk)
    if not request.user.has_perm("products.change_product", product):
        raise PermissionDenied
    form = PhotoForm(request.POST, request.FILES, prefix="photo")
    if form.is_valid():
        try:
            services.photo_add(
                user=request.user,
                product=product,
                upload=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("image", message)
        else:
            messages.success(request, _("Photo added."))
            return redirect(product.get_absolute_url() + "#photos")
    return render(
        request, "products/product_detail.html", _product_context(request, product, photo_form=form), status=422
    )


@login_not_required
def photo_file(request: HttpRequest, pk: int) -> FileResponse:
    """A photo's JPEG: public once its product is published, else only within scope (404)."""
    photo = selectors.photo_get_for(user=request.user, pk=pk)
    response = FileResponse(photo.image.open("rb"), content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600" if photo.product.is_published else "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def photo_delete(request: HttpRequest, pk: int) -> HttpResponse:
    photo = get_object_or_404(ProductPhoto, pk=pk)
    product = selectors.product_get(user=request.user, pk=photo.product_id)
    if not request.user.has_perm("products.change_product", product):
        raise PermissionDenied
    confirm = _product_confirm(
        product,
        title=_("Delete the photo"),
        question=_("Delete this photo of “%(name)s”? This cannot be undone.") % {"name": product.name},
        note=photo.caption,
        button=_("Yes, delete"),
        icon="trash",
    )
    if request.method == "POST":
        services.photo_delete(user=request.user, photo=photo)
        messages.success(request, _("Photo deleted."))
        return redirect(product.get_absolute_url() + "#photos")
    return confirm_page(request, confirm)


# -- import -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def catalogue_import(request: HttpRequest) -> HttpResponse:
    """Upload a workbook of producers or products: every row checked, all saved or none."""
    if not request.user.has_perm("products.import_products"):
        raise PermissionDenied
    template = request.GET.get("template")
    if template == "producers":
        content = catalogue_excel.producers_workbook(producers=[], personal=True)
        return download_response(content, filename="mau-chu-the-san-xuat.xlsx")
    if template == "products":
        return download_response(catalogue_excel.products_workbook(products=[]), filename="mau-san-pham.xlsx")
    form = ImportForm(request.POST or None, request.FILES or None)
    result: ImportResult | None = None
    if request.method == "POST":
        if form.is_valid():
            importer = {
                "producers": catalogue_excel.producers_import,
                "products": catalogue_excel.products_import,
            }[form.cleaned_data["kind"]]
            result = importer(user=request.user, file=form.cleaned_data["file"])
        else:
            result = ImportResult(errors=[RowError("", 0, "", _("Choose what the workbook holds and the file."))])
        if result.ok:
            messages.success(request, _("%(count)s rows imported.") % {"count": result.saved})
    status = 422 if result is not None and not result.ok else 200
    return render(request, "products/catalogue_import.html", {"form": form, "result": result}, status=status)
