import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup(set_prefix=False)

from khcn.core.handlers import KhcnWSGIHandler  # noqa: E402  (after setup: it reads the settings)

# Django's WSGI handler, finding each path's view once per process (khcn/core/handlers.py).
application = KhcnWSGIHandler()
