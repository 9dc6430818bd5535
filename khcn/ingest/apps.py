from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IngestConfig(AppConfig):
    name = "khcn.ingest"
    label = "ingest"
    verbose_name = _("Import of articles and minutes")

    def ready(self) -> None:
        from khcn.ingest import permissions  # noqa: F401  (registers the rules)
        from khcn.ingest.selectors import session_figure_rows, session_product_rows
        from khcn.meetings.quoted import quoted_register

        # The session's page shows what was confirmed from its article (meetings.quoted).
        quoted_register("ingest.figures", _("Figures quoted at the session"), session_figure_rows)
        quoted_register("ingest.products", _("Products and marks named at the session"), session_product_rows)
