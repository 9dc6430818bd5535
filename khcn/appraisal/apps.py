from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppraisalConfig(AppConfig):
    name = "khcn.appraisal"
    label = "appraisal"
    verbose_name = _("Technology appraisal of investment projects")

    def ready(self) -> None:
        from khcn.appraisal import (
            city_figures,
            permissions,  # noqa: F401  (registers the rules)
            search_sources,
            tasks,  # noqa: F401  (registers the daily reminders)
        )
        from khcn.core import city_figures as board
        from khcn.core import searchable

        searchable.register(*search_sources.SOURCES)  # what the site-wide search finds
        board.register(*city_figures.FIGURES)  # what the city ranks the Department on
