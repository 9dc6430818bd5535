from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """The inbox: what happened to a user's records, with e-mail by choice (issue 13, §2).

    It sits just above accounts: the domain apps call `services.notify`, never the reverse.
    """

    name = "khcn.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from khcn.notifications import permissions  # noqa: F401  (registers the rules)
