"""The signed-in pages of local products (under /products/)."""

app_name = "products"
urlpatterns: list = [
    # ---- Catalogue: producers, products, photos, import and export ----

    # ---- IP dossiers and OCOP ratings ----

    # ---- Batches, QR codes and labels ----

    # ---- Board and map ----
]
