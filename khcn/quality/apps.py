from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "khcn.quality"
    label = "quality"
    verbose_name = _("ISO 9001 and training")

    def ready(self) -> None:
        from khcn.meetings.linked import linked_register
        from khcn.quality import permissions  # noqa: F401  (registers the rules)
        from khcn.quality.selectors import followup_courses

        linked_register("quality.courses", _("Courses answering this item"), followup_courses)
        from khcn.core import searchable
        from khcn.quality import search_sources

        searchable.register(*search_sources.SOURCES)  # what the site-wide search finds
        from khcn.core import city_figures
        from khcn.quality.city_figures import FIGURES

        city_figures.register(*FIGURES)  # what the city board shows
