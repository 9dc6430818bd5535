from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "khcn.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # `schema` registers the extension of our session authentication with drf-spectacular.
        from khcn.core import csp, csrf, schema, tables  # noqa: F401
        from khcn.core.pagecache import watch_writes

        watch_writes()  # kept pages: every write moves the data stamp
        tables.install()  # django-tables2 reads each renderer's signature once
        csp.install()  # the Content-Security-Policy header is built once
        csrf.install()  # a CSRF secret or mask from one read of the random source
