from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "khcn.meetings"
    label = "meetings"
    verbose_name = _("Working sessions and follow-ups")

    def ready(self) -> None:
        from khcn.meetings import permissions  # noqa: F401  (registers the rules)
