"""Reads of the inbox: always the user's own notifications, never anyone else's."""

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from khcn.accounts.models import User
from khcn.accounts.roles import Role
from khcn.accounts.scoping import scope_terms, visible
from khcn.notifications.models import EmailPreference, Notification, NotificationKind


def notification_list(*, user: Any, unread: bool = False, kind: str = "") -> QuerySet[Notification]:
    """The user's notifications, newest first; optionally only the unread, or of one kind."""
    qs = Notification.objects.filter(recipient_id=user.pk)
    if unread:
        qs = qs.filter(read_at__isnull=True)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-created_at", "-pk")


def notification_get(*, user: Any, pk: int) -> Notification:
    """One of the user's own notifications, or 404 (another person's is 404 too)."""
    return get_object_or_404(Notification.objects.select_related("target_type"), recipient_id=user.pk, pk=pk)


def unread_count(*, user: Any) -> int:
    """How many of the user's notifications are unread (one query, on the inbox index)."""
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def target_visible(*, user: Any, notification: Notification) -> bool:
    """Whether the record the notification is about still exists and is in the user's scope.

    A record of a model that declares its scope is checked with `scoping.visible`; any other
    with the app's `view_<model>` permission. A notification about no record opens freely.
    """
    if notification.target_type_id is None:
        return True
    model = notification.target_type.model_class() if notification.target_type else None
    if model is None or notification.target_id is None:
        return False
    rows = model._default_manager.filter(pk=notification.target_id)
    try:
        scope_terms(model)
    except TypeError:
        record = rows.first()
        meta = model._meta
        return record is not None and user.has_perm(f"{meta.app_label}.view_{meta.model_name}", record)
    return visible(rows, user).exists()


def email_kinds(*, user: Any) -> set[str]:
    """The kinds the user is e-mailed about (all, unless turned off)."""
    off = set(EmailPreference.objects.filter(user_id=user.pk, email=False).values_list("kind", flat=True))
    return set(NotificationKind.values) - off


# -- who is told: the people a domain app names as recipients ------------------------------------


def unit_officers(*, units: Iterable[Any]) -> QuerySet[Any]:
    """The active officers of the units (active local-officer grants, active accounts)."""
    return User.objects.filter(
        grants__role=Role.LOCAL_OFFICER, grants__is_active=True, grants__unit__in=list(units), is_active=True
    ).distinct()


def office_officers(*, offices: Iterable[Any]) -> QuerySet[Any]:
    """The active Department officers and leaders working in the divisions (`office` of their grant)."""
    return User.objects.filter(
        grants__role__in=[Role.DEPARTMENT_OFFICER, Role.DEPARTMENT_LEADER],
        grants__is_active=True,
        grants__office__in=list(offices),
        is_active=True,
    ).distinct()


def organisation_people(*, organisations: Iterable[Any]) -> QuerySet[Any]:
    """The active accounts acting for the organisations (any active grant on them)."""
    return User.objects.filter(
        grants__is_active=True, grants__organisation__in=list(organisations), is_active=True
    ).distinct()
