from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "khcn.enforcement"
    label = "enforcement"
    verbose_name = _("Inspections and sanctions")

    def ready(self) -> None:
        from khcn.core import city_figures, searchable
        from khcn.enforcement import permissions, search_sources, tasks  # noqa: F401  (rules, daily job)
        from khcn.enforcement.city_figures import FIGURES

        searchable.register(*search_sources.SOURCES)
        city_figures.register(*FIGURES)
