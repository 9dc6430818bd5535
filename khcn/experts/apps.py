from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertsConfig(AppConfig):
    name = "khcn.experts"
    label = "experts"
    verbose_name = _("Experts, technologies and demands")

    def ready(self) -> None:
        from khcn.core import searchable
        from khcn.experts import (
            permissions,  # noqa: F401  (registers the rules)
            search_sources,
            tasks,  # noqa: F401  (registers the background jobs)
        )

        searchable.register(*search_sources.SOURCES)  # what the site-wide search finds
