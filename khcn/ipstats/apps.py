from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IpstatsConfig(AppConfig):
    name = "khcn.ipstats"
    label = "ipstats"
    verbose_name = _("IP statistics")

    def ready(self) -> None:
        from khcn.core import city_figures, searchable
        from khcn.ipstats import permissions, search_sources  # noqa: F401  (registers the rules)
        from khcn.ipstats.city_figures import FIGURES

        searchable.register(*search_sources.SOURCES)  # what the site-wide search finds
        city_figures.register(*FIGURES)  # what the city board shows
