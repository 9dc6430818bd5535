"""The pages of the products app, one module per area: the catalogue (producers, products,
photos, import), IP dossiers and OCOP ratings, batches and the public traceability pages, and
the board."""
