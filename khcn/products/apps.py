from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProductsConfig(AppConfig):
    name = "khcn.products"
    label = "products"
    verbose_name = _("Local products, marks and traceability")

    def ready(self) -> None:
        from khcn.products import (
            permissions,  # noqa: F401  (registers the rules)
            tasks,  # noqa: F401  (registers the background jobs)
        )
        from khcn.products.record_counts import register_sources
        from khcn.products.trace_pages import connect_receivers

        connect_receivers()  # the public pages' cache follows every change they show
        register_sources()  # the counts programme indicators can be bound to
        from khcn.core import searchable
        from khcn.products import search_sources

        searchable.register(*search_sources.SOURCES)  # what the site-wide search finds
        from khcn.core import city_figures
        from khcn.products.city_figures import FIGURES

        city_figures.register(*FIGURES)  # what the city board shows
