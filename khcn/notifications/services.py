"""Writes to the inbox: `notify` (the one entry point every app calls) and marking as read."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from khcn.core.tasks import mail_queue
from khcn.notifications.models import EmailPreference, Notification, NotificationKind

TITLE_MAX = Notification._meta.get_field("title").max_length or 300


def absolute_url(url: str) -> str:
    """The link as it goes in an e-mail: the site's address (KHCN_SITE_URL) and the path."""
    return f"{settings.KHCN_SITE_URL}{url}" if url.startswith("/") else url


def notify(
    kind: str,
    recipients: Iterable[Any],
    *,
    title: str,
    body: str = "",
    url: str = "",
    target: models.Model | None = None,
) -> list[Notification]:
    """Tell each active recipient about an event: one notification each, and an e-mail to those
    who have an address and have not turned e-mail off for this `kind`.

    `title` and `body` are already in the words the user reads (Vietnamese); `url` is the local
    path of the record, `target` the record itself so that opening the notification checks scope
    again. The e-mail is queued on commit (core.tasks.mail_queue): rolled back, nothing is sent.
    """
    if kind not in NotificationKind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    people = {u.pk: u for u in recipients if u is not None and u.pk and u.is_active}
    if not people:
        return []
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    now = timezone.now()
    rows = Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=pk,
                kind=kind,
                title=title[:TITLE_MAX],
                body=body,
                url=url,
                target_type=target_type,
                target_id=target.pk if target is not None else None,
                created_at=now,
            )
            for pk in sorted(people)
        ]
    )
    muted = set(
        EmailPreference.objects.filter(user_id__in=people, kind=kind, email=False).values_list("user_id", flat=True)
    )
    text = "\n\n".join(part for part in (body, absolute_url(url) if url else "") if part)
    mail_queue([(title, text, None, [u.email]) for pk, u in sorted(people.items()) if u.email and pk not in muted])
    return rows


def notification_mark_read(*, user: Any, notification: Notification) -> None:
    """Mark one of the user's own notifications as read (the caller fetched it in scope)."""
    if notification.recipient_id != user.pk:
        raise PermissionError("not the recipient")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def notifications_mark_all_read(*, user: Any, kind: str = "") -> int:
    """Mark every unread notification of the user (of `kind`, if given) as read; returns how many."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if kind:
        unread = unread.filter(kind=kind)
    return unread.update(read_at=timezone.now())


def email_preferences_save(*, user: Any, wanted: Iterable[str]) -> None:
    """Keep one row per kind: e-mail on for the kinds in `wanted`, off for the others."""
    wanted = set(wanted)
    with transaction.atomic():
        for kind in NotificationKind.values:
            EmailPreference.objects.update_or_create(user=user, kind=kind, defaults={"email": kind in wanted})
