from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IngestConfig(AppConfig):
    name = "khcn.ingest"
    label = "ingest"
    verbose_name = _("Import of articles and minutes")

    def ready(self) -> None:
        from khcn.ingest import permissions  # noqa: F401  (registers the rules)
