from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "khcn.programs"
    label = "programs"
    verbose_name = _("Programmes and indicators")

    def ready(self) -> None:
        from khcn.programs import permissions  # noqa: F401  (registers the rules)
