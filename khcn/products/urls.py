"""The signed-in pages of local products (under /products/)."""

from django.urls import path

from khcn.products.views import ip as ip_views  # IP dossiers and OCOP ratings
from khcn.products.views import ocop as ocop_views  # IP dossiers and OCOP ratings

app_name = "products"
urlpatterns: list = [
    # ---- Catalogue: producers, products, photos, import and export ----

    # ---- IP dossiers and OCOP ratings ----
    path("ip/", ip_views.ip_list, name="ip_list"),
    path("ip/new/", ip_views.ip_create, name="ip_create"),
    path("ip/<int:pk>/", ip_views.ip_detail, name="ip_detail"),
    path("ip/<int:pk>/edit/", ip_views.ip_edit, name="ip_edit"),
    path("ip/<int:pk>/stage/", ip_views.ip_move, name="ip_move"),
    path("ip/<int:pk>/renew/", ip_views.ip_renew, name="ip_renew"),
    path("ip/<int:pk>/documents/", ip_views.ip_document_add, name="ip_document_add"),
    path("ip/<int:pk>/documents/<int:document_pk>/file", ip_views.ip_document_file, name="ip_document_file"),
    path("ocop/", ocop_views.ocop_list, name="ocop_list"),
    path("<int:pk>/ocop/new/", ocop_views.ocop_add, name="ocop_add"),
    path("ocop/<int:pk>/edit/", ocop_views.ocop_edit, name="ocop_edit"),

    # ---- Batches, QR codes and labels ----

    # ---- Board and map ----
]
