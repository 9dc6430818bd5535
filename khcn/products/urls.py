"""The signed-in pages of local products (under /products/)."""

from django.urls import path

from khcn.products.views import board, catalogue
from khcn.products.views import ip as ip_views
from khcn.products.views import ocop as ocop_views
from khcn.products.views import trace as trace_views

app_name = "products"
urlpatterns: list = [
    # ---- Catalogue: producers, products, photos, import and export ----
    path("", catalogue.product_list, name="product_list"),
    path("new/", catalogue.product_form, name="product_create"),
    path("<int:pk>/", catalogue.product_detail, name="product_detail"),
    path("<int:pk>/edit/", catalogue.product_form, name="product_edit"),
    path("<int:pk>/publish/", catalogue.product_publish, name="product_publish"),
    path("<int:pk>/delete/", catalogue.product_delete, name="product_delete"),
    path("<int:pk>/photos/new/", catalogue.photo_add, name="photo_add"),
    path("photos/<int:pk>.jpg", catalogue.photo_file, name="photo"),
    path("photos/<int:pk>/delete/", catalogue.photo_delete, name="photo_delete"),
    path("producers/", catalogue.producer_list, name="producer_list"),
    path("producers/new/", catalogue.producer_create, name="producer_create"),
    path("producers/<int:pk>/", catalogue.producer_detail, name="producer_detail"),
    path("producers/<int:pk>/edit/", catalogue.producer_edit, name="producer_edit"),
    path("producers/<int:pk>/delete/", catalogue.producer_delete, name="producer_delete"),
    path("producers/<int:pk>/certifications/new/", catalogue.certification_add, name="certification_add"),
    path("producers/certifications/<int:pk>/delete/", catalogue.certification_remove, name="certification_remove"),
    path("import/", catalogue.catalogue_import, name="import"),
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
    path("<int:pk>/batches/", trace_views.batch_list, name="batch_list"),
    path("<int:pk>/batches/new/", trace_views.batch_create_view, name="batch_create"),
    path("batches/<int:pk>/", trace_views.batch_detail, name="batch_detail"),
    path("batches/<int:pk>/edit/", trace_views.batch_edit, name="batch_edit"),
    path("batches/<int:pk>/delete/", trace_views.batch_delete_view, name="batch_delete"),
    path("batches/<int:pk>/checks/", trace_views.batch_check_add_view, name="batch_check_add"),
    path(
        "batches/<int:pk>/checks/<int:check_pk>/delete/",
        trace_views.batch_check_delete_view,
        name="batch_check_delete",
    ),
    path("<int:pk>/qr.<str:fmt>", trace_views.product_qr, name="product_qr"),
    path("batches/<int:pk>/qr.<str:fmt>", trace_views.batch_qr, name="batch_qr"),
    path("<int:pk>/labels.pdf", trace_views.labels_pdf_view, name="labels_pdf"),
    # ---- Board and map ----
    path("board/", board.product_board, name="board"),
]
