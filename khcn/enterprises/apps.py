from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "khcn.enterprises"
    label = "enterprises"
    verbose_name = _("S&T enterprises")

    def ready(self) -> None:
        from khcn.core import city_figures, searchable
        from khcn.enterprises import permissions, search_sources  # noqa: F401  (registers the rules)
        from khcn.enterprises.city_figures import FIGURES

        searchable.register(*search_sources.SOURCES)  # what the site-wide search finds
        city_figures.register(*FIGURES)  # what the city board shows
