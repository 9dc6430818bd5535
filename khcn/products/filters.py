"""The filters of the products lists (django-filter), by area."""

# ---- Catalogue: producers and products ----

# ---- IP dossiers and OCOP ratings ----

# ---- Batches ----
