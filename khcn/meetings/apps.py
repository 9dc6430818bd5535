from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "khcn.meetings"
    label = "meetings"
    verbose_name = _("Working sessions and follow-ups")

    def ready(self) -> None:
        from khcn.meetings import (
            permissions,  # noqa: F401  (registers the rules)
            tasks,  # noqa: F401  (registers the background jobs)
        )
        from khcn.meetings.services import followups_check_report, followups_on_report_submitted
        from khcn.reporting.hooks import on_report_submitted, on_report_submitting

        on_report_submitting(followups_check_report)
        on_report_submitted(followups_on_report_submitted)
        from khcn.core import searchable
        from khcn.meetings import search_sources

        searchable.register(*search_sources.SOURCES)  # what the site-wide search finds
