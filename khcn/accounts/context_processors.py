from typing import Any

from django.conf import settings
from django.http import HttpRequest

from khcn.accounts.scoping import scope_for
from khcn.core.navigation import nav_menu


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {
        "nav_items": nav_menu(user, request.path),
        "user_scope": scope_for(user),
        "department_name": settings.KHCN_DEPARTMENT_NAME,
    }
