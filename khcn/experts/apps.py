from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertsConfig(AppConfig):
    name = "khcn.experts"
    label = "experts"
    verbose_name = _("Experts, technologies and demands")

    def ready(self) -> None:
        from khcn.experts import (
            permissions,  # noqa: F401  (registers the rules)
            tasks,  # noqa: F401  (registers the background jobs)
        )
