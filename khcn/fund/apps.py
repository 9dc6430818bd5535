from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundConfig(AppConfig):
    name = "khcn.fund"
    label = "fund"
    verbose_name = _("S&T development fund")

    def ready(self) -> None:
        from khcn.core import city_figures, searchable
        from khcn.fund import (
            permissions,  # noqa: F401  (registers the rules)
            search_sources,
            tasks,  # noqa: F401  (registers the background jobs)
        )
        from khcn.fund.city_figures import FIGURES

        searchable.register(*search_sources.SOURCES)  # what the site-wide search finds
        city_figures.register(*FIGURES)  # what the city board shows
