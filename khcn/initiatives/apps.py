from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "khcn.initiatives"
    label = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self) -> None:
        from khcn.initiatives import evaluation, permissions  # noqa: F401  (registers the rules)

        evaluation.register()
        from khcn.core import searchable
        from khcn.initiatives import search_sources

        searchable.register(*search_sources.SOURCES)  # what the site-wide search finds
        from khcn.core import city_figures
        from khcn.initiatives.city_figures import FIGURES

        city_figures.register(*FIGURES)  # what the city board shows
