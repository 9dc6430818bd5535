"""Connections the Department makes (kết nối): a demand or a follow-up request put in touch
with an expert and/or a technology, its outcome, its files, and closing the request it answers.

Rules: only Department staff record connections, for requests of units they write for; the
expert and the technology named must be ones the officer may see; the connection sits in the
request's unit. A connection that answers the request (an answering outcome and "this answers
the request") closes it in the same transaction: a demand becomes "answered", a follow-up item
is marked done through `meetings.services.item_respond` with the connection as its resolution,
and so is the item a demand was made from when the demand is answered. A demand still open
becomes "being connected" once it has a connection.
"""

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khcn.accounts.scoping import unit_check_writable, visible
from khcn.core.concurrency import locked_current
from khcn.core.history import attribute_to
from khcn.core.text import nfc
from khcn.core.uploads import check_upload, file_extension
from khcn.experts import notices
from khcn.experts.models import (
    ANSWERING_OUTCOMES,
    Connection,
    ConnectionFile,
    Demand,
    DemandStatus,
    Expert,
    Outcome,
    Technology,
)
from khcn.meetings.models import CLOSED_STATUSES, FollowUp, FollowUpStatus

OUT_OF_SCOPE = "out_of_scope"
ONE_REQUEST = "one_request"
NO_COUNTERPART = "no_counterpart"
DATE_IN_FUTURE = "date_in_future"
OUTCOME_BEFORE_INTRODUCTION = "outcome_before_introduction"
CANNOT_CLOSE = "cannot_close"
REQUEST_CLOSED = "request_closed"
FILE_KIND = "file_type"

# The kinds of file a connection keeps: minutes, contracts, sheets and photos.
CONNECTION_FILE_KINDS = ("pdf", "docx", "xlsx", "jpg", "jpeg", "png")


def _error(field: str | None, message: str, code: str) -> ValidationError:
    error = ValidationError(message, code=code)
    return ValidationError({field: error}) if field else error


def _check_counterparts(user: Any, expert: Expert | None, technology: Technology | None) -> None:
    """At least one of expert and technology, each one the user may see."""
    if expert is None and technology is None:
        raise _error(None, _("Choose the expert or the technology the requester was introduced to."), NO_COUNTERPART)
    if expert is not None and not visible(Expert.objects.filter(pk=expert.pk), user).exists():
        raise _error("expert", _("No such expert in your scope."), OUT_OF_SCOPE)
    if technology is not None and not visible(Technology.objects.filter(pk=technology.pk), user).exists():
        raise _error("technology", _("No such technology in your scope."), OUT_OF_SCOPE)


def _check_dates(introduced_on: date, outcome_on: date | None) -> None:
    today = timezone.localdate()
    if introduced_on > today:
        raise _error("introduced_on", _("The introduction cannot be in the future."), DATE_IN_FUTURE)
    if outcome_on is not None and outcome_on > today:
        raise _error("outcome_on", _("The outcome's date cannot be in the future."), DATE_IN_FUTURE)
    if outcome_on is not None and outcome_on < introduced_on:
        raise _error("outcome_on", _("The outcome cannot come before the introduction."), OUTCOME_BEFORE_INTRODUCTION)


def _check_closing(connection: Connection) -> None:
    if connection.closes_request and connection.outcome not in ANSWERING_OUTCOMES:
        raise _error(
            "closes_request",
            _("Only a meeting, a site visit, a contract or a transfer answers the request. Choose that outcome first."),
            CANNOT_CLOSE,
        )


def _request_get(user: Any, *, demand: Demand | None, followup: FollowUp | None) -> Demand | FollowUp:
    """The one request answered, visible to the user and in their write scope."""
    if (demand is None) == (followup is None):
        raise _error(None, _("Choose the demand or the follow-up item this connection answers."), ONE_REQUEST)
    if demand is not None:
        if not visible(Demand.objects.filter(pk=demand.pk), user).exists():
            raise _error("demand", _("No such demand in your scope."), OUT_OF_SCOPE)
        request: Demand | FollowUp = demand
    else:
        assert followup is not None
        if not visible(FollowUp.objects.filter(pk=followup.pk), user).exists():
            raise _error("followup", _("No such follow-up item in your scope."), OUT_OF_SCOPE)
        request = followup
    unit_check_writable(user=user, unit=request.unit, field="demand" if demand is not None else "followup")
    return request


def _close_request(*, user: Any, connection: Connection) -> None:
    """Move the request on after the connection was saved (inside the caller's transaction).

    A demand made from a follow-up item answers that item too: closing the demand closes the
    item the unit raised, when the officer may mark it done.
    """
    if connection.demand is not None:
        demand = locked_current(connection.demand, expected_version=None)
        if connection.closes_request and demand.status != DemandStatus.ANSWERED:
            demand.status = DemandStatus.ANSWERED
        elif demand.status == DemandStatus.OPEN:
            demand.status = DemandStatus.CONNECTING
        else:
            return
        demand.version += 1
        demand.updated_by = user
        attribute_to(demand, user)
        demand.full_clean()
        demand.save()
        connection.demand = demand
        item = demand.followup
        if (
            demand.status == DemandStatus.ANSWERED
            and item is not None
            and item.status not in CLOSED_STATUSES
            and user.has_perm("meetings.set_followup_status", item)
        ):
            _item_done(user=user, connection=connection, item=item)
        return
    item = connection.followup
    assert item is not None
    if not connection.closes_request or item.status in CLOSED_STATUSES:
        return
    _item_done(user=user, connection=connection, item=item)


def _item_done(*, user: Any, connection: Connection, item: FollowUp) -> None:
    """Mark a follow-up item done with the connection as its resolution."""
    from khcn.meetings.services import item_respond

    who = "; ".join(str(party) for party in (connection.expert, connection.technology) if party is not None)
    text = _("Answered by a connection: %(who)s (%(outcome)s).") % {
        "who": who,
        "outcome": connection.get_outcome_display(),
    }
    item_respond(
        user=user,
        item=item,
        text=text,
        status=FollowUpStatus.DONE,
        resolution=text,
        resolution_url=settings.KHCN_SITE_URL + reverse("experts:connection_detail", args=[connection.pk]),
    )


def connection_create(
    *,
    user: Any,
    introduced_on: date,
    demand: Demand | None = None,
    followup: FollowUp | None = None,
    expert: Expert | None = None,
    technology: Technology | None = None,
    parties: str = "",
    outcome: str = Outcome.PENDING,
    outcome_on: date | None = None,
    note: str = "",
    closes_request: bool = False,
    is_demo: bool = False,
) -> Connection:
    """Record that the Department introduced a requester to an expert and/or a technology.

    The request (a demand or a follow-up item) must be visible and in the officer's write
    scope; the connection takes its unit. Closing the request happens in the same transaction,
    and so does telling the commune's officers, the expert and the catalogue visitor who asked
    (notices.connection_recorded).
    """
    if not user.has_perm("experts.add_connection", None):
        raise PermissionDenied
    request = _request_get(user, demand=demand, followup=followup)
    if not user.has_perm("experts.add_connection", request):
        raise PermissionDenied
    _check_counterparts(user, expert, technology)
    _check_dates(introduced_on, outcome_on)
    if closes_request and (
        (demand is not None and demand.status in (DemandStatus.ANSWERED, DemandStatus.CLOSED))
        or (followup is not None and followup.status in CLOSED_STATUSES)
    ):
        raise _error("closes_request", _("This request is already closed."), REQUEST_CLOSED)
    connection = Connection(
        demand=demand,
        followup=followup,
        unit=request.unit,
        expert=expert,
        technology=technology,
        introduced_on=introduced_on,
        parties=" ".join(nfc(parties).split()),
        outcome=outcome,
        outcome_on=outcome_on,
        note=nfc(note).strip(),
        closes_request=closes_request,
        created_by=user,
        updated_by=user,
        is_demo=is_demo,
    )
    _check_closing(connection)
    with transaction.atomic():
        attribute_to(connection, user)
        connection.full_clean()
        connection.save()
        _close_request(user=user, connection=connection)
        notices.connection_recorded(connection=connection, actor=user)
    return connection


def connection_update(*, user: Any, connection: Connection, expected_version: int) -> Connection:
    """Save the edits set on `connection` (by the form); a stale copy is refused.

    The request it answers and its unit never change; ticking "this answers the request"
    later closes the request then, in the same transaction.
    """
    current = Connection.objects.select_related("unit").get(pk=connection.pk)
    if not user.has_perm("experts.change_connection", current):
        raise PermissionDenied
    unit_check_writable(user=user, unit=current.unit)
    _check_counterparts(user, connection.expert, connection.technology)
    _check_dates(connection.introduced_on, connection.outcome_on)
    _check_closing(connection)
    with transaction.atomic():
        current = locked_current(connection, expected_version=expected_version)
        connection.demand_id, connection.followup_id, connection.unit_id = (
            current.demand_id,
            current.followup_id,
            current.unit_id,
        )
        connection.parties = " ".join(nfc(connection.parties).split())
        connection.note = nfc(connection.note).strip()
        connection.version = current.version + 1
        connection.updated_by = user
        attribute_to(connection, user)
        connection.full_clean()
        connection.save()
        _close_request(user=user, connection=connection)
    return connection


def connection_file_add(*, user: Any, connection: Connection, upload: Any, caption: str = "") -> ConnectionFile:
    """Attach minutes, a contract or a photo (pdf, docx, xlsx, jpg, png; core.uploads checks
    size and content)."""
    if not user.has_perm("experts.change_connection", connection):
        raise PermissionDenied
    if file_extension(getattr(upload, "name", "") or "") not in CONNECTION_FILE_KINDS:
        raise _error(
            "file",
            _("Attach a file of one of these kinds: %(kinds)s.") % {"kinds": ", ".join(CONNECTION_FILE_KINDS)},
            FILE_KIND,
        )
    name = check_upload(upload)
    stored = ConnectionFile(connection=connection, caption=" ".join(nfc(caption).split())[:255], uploaded_by=user)
    with transaction.atomic():
        stored.file.save(name, upload, save=False)
        stored.full_clean()
        stored.save()
    return stored


def connection_file_delete(*, user: Any, stored: ConnectionFile) -> None:
    """Remove a file attached by mistake; the connection's history keeps the deletion's author."""
    connection = stored.connection
    if not user.has_perm("experts.change_connection", connection):
        raise PermissionDenied
    with transaction.atomic():
        stored.file.delete(save=False)
        stored.delete()
