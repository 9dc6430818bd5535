from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    name = "khcn.geo"
    label = "geo"
    verbose_name = _("Administrative units")

    def ready(self) -> None:
        from khcn.core import searchable
        from khcn.geo import search_sources

        searchable.register(*search_sources.SOURCES)  # what the site-wide search finds
