from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    name = "khcn.research"
    label = "research"
    verbose_name = _("S&T tasks")

    def ready(self) -> None:
        from khcn.research import (
            permissions,  # noqa: F401  (registers the rules)
            tasks,  # noqa: F401  (registers the background jobs)
        )
