"""The signed-in pages of local products (under /products/)."""

from django.urls import path

from khcn.products.views import board
from khcn.products.views import trace as trace_views

app_name = "products"
urlpatterns: list = [
    # ---- Catalogue: producers, products, photos, import and export ----
    # ---- IP dossiers and OCOP ratings ----
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
