"""The ingest entry of the menu, in the drop-down of the working sessions (khcn/meetings)."""

from django.utils.translation import gettext_lazy as _

from khcn.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("Import an article"),
        "ingest:start",
        "file-earmark-text",
        "ingest.use_ingest",
        "ingest",
        22,
        group="localwork",
    ),
]
