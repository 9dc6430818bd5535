"""Every write of the products app that matters, one module per area (STYLE.md §4): the
catalogue, IP dossiers and OCOP ratings, batches and scans. Pages, API, import and tasks all
call these functions."""
