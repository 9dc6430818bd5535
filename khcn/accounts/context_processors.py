from functools import partial
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from khcn.accounts.scoping import scope_for
from khcn.core.navigation import nav_html


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None:
        return {}
    # What the menu's permissions depend on (core.navigation keeps the menu under it).
    key = (user.pk, user.is_superuser, scope_for(user), scope_for(user, writing=True))
    return {
        "nav_html": partial(nav_html, user, request.path, key=key),  # rendered where shown
        "user_scope": scope_for(user),
        "department_name": settings.KHCN_DEPARTMENT_NAME,
    }
