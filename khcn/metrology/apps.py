from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MetrologyConfig(AppConfig):
    name = "khcn.metrology"
    label = "metrology"
    verbose_name = _("Standards, metrology and quality")

    def ready(self) -> None:
        from khcn.core import city_figures, searchable
        from khcn.enforcement import links
        from khcn.metrology import permissions, search_sources, tasks  # noqa: F401  (rules, daily job)
        from khcn.metrology.city_figures import FIGURES
        from khcn.metrology.selectors import instrument_links

        searchable.register(*search_sources.SOURCES)
        city_figures.register(*FIGURES)
        links.register("metrology", instrument_links)
