"""The lists of the products app (django-tables2), by area."""

# ---- Catalogue: producers and products ----

# ---- IP dossiers and OCOP ratings ----

# ---- Batches ----

# ---- Board ----
