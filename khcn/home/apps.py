from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The landing page for visitors and the signed-in user's overview (above the domain apps)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "khcn.home"
    verbose_name = _("Home")
