from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CityworkConfig(AppConfig):
    name = "khcn.citywork"
    label = "citywork"
    verbose_name = _("The Department's work with the city")

    def ready(self) -> None:
        from khcn.citywork import permissions  # noqa: F401  (registers the rules)
        from khcn.citywork.city_figures import FIGURES
        from khcn.core import city_figures

        city_figures.register(*FIGURES)
