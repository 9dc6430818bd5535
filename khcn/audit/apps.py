from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "khcn.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from khcn.audit import permissions, receivers  # noqa: F401  (registers the rules and the sign-in receivers)
