from functools import cached_property
from typing import Any

from django.http import HttpRequest

from khcn.notifications.selectors import unread_count


class UnreadNotifications:
    """The header's unread count, counted (one query) only when a template asks for it."""

    def __init__(self, user: Any) -> None:
        self.user = user

    @cached_property
    def count(self) -> int:
        return unread_count(user=self.user)


def unread_notifications(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notifications_unread": UnreadNotifications(user)}
