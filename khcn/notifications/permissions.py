"""Who may read and mark a notification: its recipient only (django-rules, as permissions)."""

from typing import Any

import rules


@rules.predicate
def is_recipient(user: Any, notification: Any) -> bool:
    return notification is None or notification.recipient_id == user.pk


rules.add_perm("notifications.view_notification", rules.is_authenticated & is_recipient)
