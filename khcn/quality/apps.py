from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "khcn.quality"
    label = "quality"
    verbose_name = _("ISO 9001 and training")

    def ready(self) -> None:
        from khcn.quality import permissions  # noqa: F401  (registers the rules)
