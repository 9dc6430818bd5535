"""Writes of technology demands: record, edit, close without answer, and a demand sent from the
public catalogue.

A demand belongs to a commune or ward in force in the province. Department staff record one
for any commune; a commune officer for their own (the unit AND the organisation named are
checked against the write scope, accounts.scoping). The connections (helper D's services) move
it to `connecting` and `answered`; closing without answer needs a reason.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khcn.accounts.scoping import scope_for, unit_check_writable
from khcn.core.concurrency import locked_current
from khcn.core.history import attribute_to
from khcn.core.text import nfc
from khcn.experts import notices
from khcn.experts.models import Demand, DemandSource, DemandStatus, RequesterKind, Technology
from khcn.geo.models import AdminUnit, UnitLevel

NOT_A_COMMUNE = "not_a_commune"
WRONG_STATUS = "wrong_status"
REASON_REQUIRED = "reason_required"
NOT_LISTED = "not_listed"
TEXT_FIELDS = ("problem", "context", "requester_name", "contact", "keywords")
OPEN_STATUSES = {DemandStatus.OPEN, DemandStatus.CONNECTING}


def _require(user: Any, perm: str, obj: Any = None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def commune_check(*, unit: AdminUnit | None) -> None:
    """The demand's unit must be a commune or ward in force today."""
    if unit is None or unit.level != UnitLevel.COMMUNE or not unit.is_current(timezone.localdate()):
        raise ValidationError(
            {"unit": ValidationError(_("Choose a commune or ward in force today."), code=NOT_A_COMMUNE)}
        )


def _clean(demand: Demand) -> None:
    for name in TEXT_FIELDS:
        setattr(demand, name, nfc(getattr(demand, name) or "").strip())


def demand_create(*, user: Any, unit: AdminUnit, **fields: Any) -> Demand:
    """Record a demand of a commune the user writes for (status open). One a commune
    officer records is told to the Department's officers."""
    _require(user, "experts.add_demand")
    commune_check(unit=unit)
    unit_check_writable(user=user, unit=unit)
    followup = fields.get("followup")
    if followup is not None:
        from khcn.meetings.selectors import followup_list

        if not followup_list(user=user).filter(pk=followup.pk).exists():
            raise ValidationError({"followup": ValidationError(_("No such follow-up item in your scope."))})
        fields.setdefault("source", DemandSource.FOLLOWUP)
    demand = Demand(unit=unit, **fields)
    demand.status = DemandStatus.OPEN
    demand.created_by = user
    demand.updated_by = user
    _require(user, "experts.change_demand", demand)
    _clean(demand)
    with transaction.atomic():
        attribute_to(demand, user)
        demand.full_clean()
        demand.save()
        if not scope_for(user, writing=True).is_department:
            notices.demand_recorded(demand=demand, actor=user)
    return demand


def demand_update(*, user: Any, demand: Demand, expected_version: int | None) -> Demand:
    """Save the edits already set on `demand`; its stored commune and the new one must both be
    in the user's write scope (a demand of another commune cannot be taken over)."""
    with transaction.atomic():
        current = locked_current(demand, expected_version=expected_version)
        _require(user, "experts.change_demand", current)
        if current.status not in OPEN_STATUSES:
            raise ValidationError(_("A closed demand cannot be edited."), code=WRONG_STATUS)
        commune_check(unit=demand.unit)
        unit_check_writable(user=user, unit=demand.unit)
        for name in ("status", "source", "followup_id", "technology_id", "created_by_id"):
            setattr(demand, name, getattr(current, name))
        _clean(demand)
        demand.version = current.version + 1
        demand.updated_by = user
        attribute_to(demand, user)
        demand.full_clean()
        demand.save()
    return demand


def demand_close(*, user: Any, demand: Demand, reason: str, expected_version: int | None = None) -> Demand:
    """Close a demand without answer, saying why (the reason is the history row's change reason)."""
    reason = nfc(reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ValidationError(_("Say why the demand is closed."), code=REASON_REQUIRED)})
    with transaction.atomic():
        current = locked_current(demand, expected_version=expected_version)
        _require(user, "experts.change_demand", current)
        if current.status not in OPEN_STATUSES:
            raise ValidationError(_("This demand is already closed or answered."), code=WRONG_STATUS)
        current.status = DemandStatus.CLOSED
        current._change_reason = reason[:100]  # type: ignore[attr-defined]  # kept by simple_history
        current.version += 1
        current.updated_by = user
        attribute_to(current, user)
        current.full_clean()
        current.save()
    return current


def demand_ask(
    *,
    user: Any,
    technology: Technology,
    unit: AdminUnit,
    requester_kind: str,
    requester_name: str,
    problem: str,
    contact: str = "",
) -> Demand:
    """A signed-in user of any role asks about a listed technology from the public catalogue:
    a demand of the commune they name (any commune in force), source=public. The Department's
    officers are told."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied
    if not technology.is_listed(timezone.localdate()):
        raise ValidationError(_("This technology is no longer in the catalogue."), code=NOT_LISTED)
    commune_check(unit=unit)
    if requester_kind not in RequesterKind.values:
        raise ValidationError({"requester_kind": ValidationError(_("Choose who asks."))})
    demand = Demand(
        title=_("About “%(name)s”") % {"name": technology.title},
        problem=problem,
        unit=unit,
        requester_kind=requester_kind,
        requester_name=requester_name,
        contact=contact,
        field=technology.field,
        subfields=technology.subfields,
        keywords=technology.keywords,
        source=DemandSource.PUBLIC,
        technology=technology,
        status=DemandStatus.OPEN,
        created_by=user,
        updated_by=user,
    )
    _clean(demand)
    with transaction.atomic():
        attribute_to(demand, user)
        demand.full_clean()
        demand.save()
        notices.demand_recorded(demand=demand, actor=user)
    return demand
