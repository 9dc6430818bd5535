from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    name = "khcn.research"
    label = "research"
    verbose_name = _("S&T tasks")

    def ready(self) -> None:
        from khcn.core import city_figures as board
        from khcn.core import searchable
        from khcn.research import (
            city_figures,
            permissions,  # noqa: F401  (registers the rules)
            search_sources,
            tasks,  # noqa: F401  (registers the background jobs)
        )

        searchable.register(*search_sources.SOURCES)  # what the site-wide search finds
        board.register(*city_figures.FIGURES)  # what the city ranks the Department on
