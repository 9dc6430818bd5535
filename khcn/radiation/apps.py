from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RadiationConfig(AppConfig):
    name = "khcn.radiation"
    label = "radiation"
    verbose_name = _("Radiation safety")

    def ready(self) -> None:
        from khcn.core import city_figures, searchable
        from khcn.enforcement import links
        from khcn.radiation import permissions, search_sources, tasks  # noqa: F401  (rules, daily job)
        from khcn.radiation.city_figures import FIGURES
        from khcn.radiation.selectors import facility_links

        searchable.register(*search_sources.SOURCES)
        city_figures.register(*FIGURES)
        links.register("radiation", facility_links)
