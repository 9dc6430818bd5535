"""Writes to calls for proposals (đợt đề xuất đặt hàng): open a year's call, edit, close, delete.

The Department opens one call a year for the next year's plan (DOMAIN.md §3.3, step 1).
A call that has received proposals is closed, never deleted, so every proposal keeps its
call; only an unused call (opened by mistake) can be deleted.
"""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.core.concurrency import locked_current
from khcn.core.history import attribute_to
from khcn.core.text import nfc
from khcn.research.models import PlanCall

CALL_HAS_PROPOSALS = "call_has_proposals"
CALL_HAS_PROPOSALS_MESSAGE = gettext_lazy("This call has proposals, so it cannot be deleted. Close it instead.")
CALL_CLOSED = "call_closed"


def _require_manage(user: Any) -> None:
    if not user.has_perm("research.manage_calls"):
        raise PermissionDenied


def call_create(
    *,
    user: Any,
    name: str,
    plan_year: int,
    opens_on: date,
    closes_on: date,
    description: str = "",
) -> PlanCall:
    """Open a call for `plan_year`'s plan; the deadline may not come before the opening."""
    _require_manage(user)
    call = PlanCall(
        name=" ".join(nfc(name).split()),
        plan_year=plan_year,
        opens_on=opens_on,
        closes_on=closes_on,
        description=nfc(description).strip(),
        created_by=user,
        updated_by=user,
    )
    with transaction.atomic():
        attribute_to(call, user)
        call.full_clean()
        call.save()
    return call


def call_update(*, user: Any, call: PlanCall, expected_version: int) -> PlanCall:
    """Save edits already set on `call` (by the form); a copy loaded before another save is refused.

    Editing a closed call does not re-open it: `closed_at` is kept as stored.
    """
    _require_manage(user)
    with transaction.atomic():
        current = locked_current(call, expected_version=expected_version)
        call.closed_at = current.closed_at
        call.version = current.version + 1
        call.updated_by = user
        attribute_to(call, user)
        call.full_clean()
        call.save()
    return call


def call_close(*, user: Any, call: PlanCall, expected_version: int | None = None) -> PlanCall:
    """Close the call now: no proposal can be submitted to it any more, whatever its deadline."""
    _require_manage(user)
    with transaction.atomic():
        current = locked_current(call, expected_version=expected_version)
        if current.closed_at is not None:
            raise ValidationError(_("This call is already closed."), code=CALL_CLOSED)
        current.closed_at = timezone.now()
        current.version += 1
        current.updated_by = user
        attribute_to(current, user)
        current.save()
    call.refresh_from_db()
    return call


def call_delete(*, user: Any, call: PlanCall) -> None:
    """Delete a call opened by mistake; one that has proposals can only be closed."""
    _require_manage(user)
    with transaction.atomic():
        current = locked_current(call, expected_version=None)
        if current.proposals.exists():
            raise ValidationError(CALL_HAS_PROPOSALS_MESSAGE, code=CALL_HAS_PROPOSALS)
        attribute_to(current, user)
        current.delete()
