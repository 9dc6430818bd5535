"""The site's URLs, plus a stand-in product page while the catalogue's is not on this branch.

The product detail page is the catalogue area's; these tests only need a page at its name
that includes the IP and OCOP partials with the context the contract gives them."""

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import include, path

from config.urls import urlpatterns as site_patterns
from khcn.accounts.scoping import get_visible_or_404
from khcn.products import urls as product_urls
from khcn.products.models import OcopRating, Product

STAND_IN = """{% extends "base.html" %}{% block content %}<h1 class="page-title">{{ product.name }}</h1>
{% include "products/_product_ip.html" %}{% include "products/_product_ocop.html" %}{% endblock %}"""


def product_stand_in(request: HttpRequest, pk: int) -> HttpResponse:
    product = get_visible_or_404(Product.objects.prefetch_related("ip_assets", "ratings"), request.user, pk=pk)
    context = {
        "product": product,
        "can_change_ip": request.user.has_perm("products.change_ipasset", product),
        "can_change_ocop": request.user.has_perm("products.change_ocop", OcopRating(product=product)),
    }
    return HttpResponse(engines["django"].from_string(STAND_IN).render(context, request))


def _has_product_detail() -> bool:
    return any(getattr(p, "name", None) == "product_detail" for p in product_urls.urlpatterns)


extra = [] if _has_product_detail() else [path("<int:pk>/", product_stand_in, name="product_detail")]
urlpatterns = [
    path("products/", include(([*product_urls.urlpatterns, *extra], "products"))),
    *[p for p in site_patterns if str(getattr(p, "pattern", "")) != "products/"],
]
