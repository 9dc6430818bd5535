"""The public traceability pages, at the site's root so the URLs behind QR codes stay short:
/p/<product code>/, /b/<batch code>/ and the GS1 Digital Link paths /01/<GTIN>/10/<lot>."""

from django.urls import path, re_path

from khcn.products.views import public

app_name = "products_public"
urlpatterns: list = [
    path("p/<str:public_id>/", public.product_page, name="product"),
    path("p/<str:public_id>/json/", public.product_json, name="product_json"),
    path("b/<str:public_id>/", public.batch_page, name="batch"),
    path("b/<str:public_id>/json/", public.batch_json, name="batch_json"),
    # The short URLs printed in QR codes and on labels have no trailing slash.
    re_path(r"^p/(?P<public_id>[0-9A-Za-z]{4,12})$", public.product_page),
    re_path(r"^b/(?P<public_id>[0-9A-Za-z]{4,12})$", public.batch_page),
    # GS1 Digital Link: a lot (AI 10) after the GTIN (AI 01); other qualifiers are ignored.
    re_path(r"^01/(?P<gtin>[0-9]{8,14})/10/(?P<lot>.+)/$", public.gs1_batch, name="gs1_batch"),
    re_path(r"^01/(?P<gtin>[0-9]{8,14})/10/(?P<lot>.+)$", public.gs1_batch),
    re_path(r"^01/(?P<gtin>[0-9]{8,14})/$", public.gs1_product, name="gs1_product"),
    re_path(r"^01/(?P<gtin>[0-9]{8,14})(?:/(?P<extra>.*))?$", public.gs1_product),
]
