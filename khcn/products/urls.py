"""The signed-in pages of local products (under /products/)."""

from django.urls import path

from khcn.products.views import board

app_name = "products"
urlpatterns: list = [
    # ---- Catalogue: producers, products, photos, import and export ----

    # ---- IP dossiers and OCOP ratings ----

    # ---- Batches, QR codes and labels ----

    # ---- Board and map ----
    path("board/", board.product_board, name="board"),
]
