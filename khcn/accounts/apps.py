from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "khcn.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        from khcn.accounts import (
            permissions,  # noqa: F401  (registers the rules)
            schema,  # noqa: F401  (describes token authentication in the API schema)
        )
