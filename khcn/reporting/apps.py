from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "khcn.reporting"
    label = "reporting"
    verbose_name = _("Periodic reports")

    def ready(self) -> None:
        from khcn.core import searchable
        from khcn.reporting import (
            permissions,  # noqa: F401  (registers the rules)
            search_sources,
            tasks,  # noqa: F401  (registers the background jobs)
        )

        searchable.register(*search_sources.SOURCES)  # what the site-wide search finds
