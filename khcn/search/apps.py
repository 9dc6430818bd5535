from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "khcn.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from khcn.search import signals

        signals.connect_receivers()  # the index follows every save and delete of a searchable row
