"""The signed-in pages of local products (under /products/)."""

from django.urls import path

from khcn.products.views import catalogue

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

    # ---- Batches, QR codes and labels ----

    # ---- Board and map ----
]
