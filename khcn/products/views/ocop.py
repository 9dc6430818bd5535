"""Pages of OCOP ratings: the list of ratings in scope, and a product's rating form."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_tables2 import RequestConfig

from khcn.accounts.scoping import get_visible_or_404
from khcn.core.concurrency import StaleObjectError
from khcn.core.exports import table_xlsx_response
from khcn.core.http import HtmxHttpRequest
from khcn.products import ip_selectors as selectors
from khcn.products.filters import OcopRatingFilter
from khcn.products.forms.ip import OcopRatingForm
from khcn.products.models import OcopRating, Product
from khcn.products.services import ocop as services
from khcn.products.tables import OcopRatingTable
from khcn.products.templatetags.ip_tags import product_url


def _bands() -> list[tuple[int, tuple[int, int]]]:
    return sorted(services.star_bands().items(), reverse=True)


def ocop_list(request: HtmxHttpRequest) -> HttpResponse:
    """Ratings in scope: filter by stars, year, commune and validity; search, sort, page, export."""
    if not request.user.has_perm("products.list_products"):
        raise PermissionDenied
    newer = OcopRating.objects.filter(product=OuterRef("product"), decision_date__gt=OuterRef("decision_date"))
    base = selectors.ocop_rating_list(user=request.user).annotate(has_newer=Exists(newer))
    filterset = OcopRatingFilter(request.GET, queryset=base, user=request.user)
    table = OcopRatingTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    if request.GET.get("export") == "xlsx":
        return table_xlsx_response(table, filename="san-pham-ocop.xlsx", title=_("OCOP products"))
    context = {"filter": filterset, "table": table, "filtered": any(request.GET.get(k) for k in filterset.filters)}
    if request.htmx and request.htmx.target == "ocop-table":
        return render(request, "products/ocop_list.html#table", context)
    return render(request, "products/ocop_list.html", context)


@require_http_methods(["GET", "POST"])
def ocop_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a product's rating from the council's decision."""
    product = get_visible_or_404(Product.objects.select_related("unit"), request.user, pk=pk)
    if not request.user.has_perm("products.change_ocop", OcopRating(product=product)):
        raise PermissionDenied
    form = OcopRatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "loaded_version"}
        try:
            services.ocop_rating_create(user=request.user, product=product, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("OCOP rating recorded."))
            return redirect(product_url(product) + "#ocop")
    context = {
        "form": form,
        "product": product,
        "rating": None,
        "cancel_url": product_url(product),
        "product_url": product_url(product),
        "bands": _bands(),
    }
    return render(request, "products/ocop_form.html", context, status=422 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
def ocop_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a rating; a stale copy is refused and shown beside the form."""
    rating = get_visible_or_404(OcopRating.objects.select_related("product", "product__unit"), request.user, pk=pk)
    if not request.user.has_perm("products.change_ocop", rating):
        raise PermissionDenied
    form = OcopRatingForm(request.POST or None, instance=rating)
    if request.method == "POST" and form.is_valid():
        try:
            services.ocop_rating_update(
                user=request.user, rating=form.instance, expected_version=form.cleaned_data["loaded_version"]
            )
        except StaleObjectError as error:
            form.mark_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(product_url(rating.product) + "#ocop")
    context = {
        "form": form,
        "product": rating.product,
        "rating": rating,
        "cancel_url": product_url(rating.product),
        "product_url": product_url(rating.product),
        "bands": _bands(),
    }
    return render(request, "products/ocop_form.html", context, status=422 if request.method == "POST" else 200)
