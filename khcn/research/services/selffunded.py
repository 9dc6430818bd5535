"""Writes of tasks without state budget (nhiệm vụ KH&CN không sử dụng ngân sách nhà nước): an
organisation's request to have the results of a task it funded evaluated and recognised, its
council, the outcome.

Circular 02/2015/TT-BKHCN (DOMAIN.md §3.5, unconfirmed): the evaluation is pass or fail, no grade
scale. The Department keeps these records; every write checks the organisation against the
caller's write scope (accounts.scoping).
"""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khcn.accounts.scoping import organisation_check_writable
from khcn.core.concurrency import locked_current
from khcn.core.history import attribute_to
from khcn.core.text import nfc
from khcn.research.models import (
    DECIDED,
    SelfFundedCouncilMember,
    SelfFundedFile,
    SelfFundedStatus,
    SelfFundedTask,
)

FIELDS = (
    "organisation",
    "title",
    "field",
    "pi_name",
    "funding_million",
    "funding_source",
    "start_date",
    "end_date",
    "received_on",
    "summary",
    "council_decision_number",
    "council_meets_on",
    "council_conclusion",
)
ALREADY_DECIDED = "already_decided"
DATE_ORDER = "date_order"
COUNCIL_FIRST = "council_first"


def _require(user: Any, obj: Any = None) -> None:
    if not user.has_perm("research.manage_selffunded", obj):
        raise PermissionDenied


def _clean(task: SelfFundedTask) -> None:
    for name in ("title", "pi_name", "funding_source", "summary", "council_decision_number", "council_conclusion"):
        setattr(task, name, nfc(getattr(task, name) or "").strip())
    task.title = " ".join(task.title.split())
    if task.start_date and task.end_date and task.end_date < task.start_date:
        raise ValidationError(
            {"end_date": ValidationError(_("The end date cannot be before the start."), code=DATE_ORDER)}
        )
    if task.received_on and task.received_on > timezone.localdate():
        raise ValidationError({"received_on": ValidationError(_("The date cannot be in the future."), code=DATE_ORDER)})
    if task.council_meets_on and task.status == SelfFundedStatus.RECEIVED:
        task.status = SelfFundedStatus.EVALUATING


def selffunded_create(*, user: Any, **fields: Any) -> SelfFundedTask:
    """Record an organisation's request (status received; evaluating once its council meets)."""
    _require(user)
    task = SelfFundedTask(**{k: v for k, v in fields.items() if k in FIELDS})
    organisation_check_writable(user=user, organisation=getattr(task, "organisation", None))
    _clean(task)
    task.created_by = user
    task.updated_by = user
    with transaction.atomic():
        attribute_to(task, user)
        task.full_clean()
        task.save()
    return task


def selffunded_update(*, user: Any, task: SelfFundedTask, expected_version: int | None) -> SelfFundedTask:
    """Save the request's edits already set on `task` (not the outcome, which has its own move)."""
    with transaction.atomic():
        current = locked_current(task, expected_version=expected_version)
        _require(user, current)
        organisation_check_writable(user=user, organisation=current.organisation)
        organisation_check_writable(user=user, organisation=task.organisation)
        for name in ("status", "decision_number", "decision_date", "outcome_note", "is_demo", "created_by_id"):
            setattr(task, name, getattr(current, name))
        _clean(task)
        task.version = current.version + 1
        task.updated_by = user
        attribute_to(task, user)
        task.full_clean()
        task.save()
    return task


def selffunded_decide(
    *,
    user: Any,
    task: SelfFundedTask,
    recognised: bool,
    decision_number: str,
    decision_date: date,
    outcome_note: str = "",
    expected_version: int | None = None,
) -> SelfFundedTask:
    """Record the outcome: results recognised or not, by decision number and date. The council
    must have met, and the decision cannot come before it."""
    with transaction.atomic():
        current = locked_current(task, expected_version=expected_version)
        _require(user, current)
        if current.council_meets_on is None:
            raise ValidationError(_("Record the council's meeting before the outcome."), code=COUNCIL_FIRST)
        if decision_date < current.council_meets_on or decision_date > timezone.localdate():
            raise ValidationError(
                {
                    "decision_date": ValidationError(
                        _("The decision is dated between the council's meeting and today."), code=DATE_ORDER
                    )
                }
            )
        current.status = SelfFundedStatus.RECOGNISED if recognised else SelfFundedStatus.NOT_RECOGNISED
        current.decision_number = nfc(decision_number).strip()
        current.decision_date = decision_date
        current.outcome_note = nfc(outcome_note or "").strip()
        if not recognised and not current.outcome_note:
            raise ValidationError({"outcome_note": ValidationError(_("Say why the results are not recognised."))})
        current.version += 1
        current.updated_by = user
        attribute_to(current, user)
        current.full_clean()
        current.save()
    return current


def selffunded_member_add(
    *, user: Any, task: SelfFundedTask, name: str, role: str, organisation: str = ""
) -> SelfFundedCouncilMember:
    """Add a member to the request's council (not once the outcome is decided)."""
    _require(user, task)
    if task.status in DECIDED:
        raise ValidationError(_("The outcome is decided: the council can no longer change."), code=ALREADY_DECIDED)
    member = SelfFundedCouncilMember(
        task=task, name=nfc(name).strip(), role=role, organisation=nfc(organisation).strip()
    )
    with transaction.atomic():
        attribute_to(member, user)
        member.full_clean()
        member.save()
    return member


def selffunded_member_remove(*, user: Any, member: SelfFundedCouncilMember) -> None:
    _require(user, member.task)
    if member.task.status in DECIDED:
        raise ValidationError(_("The outcome is decided: the council can no longer change."), code=ALREADY_DECIDED)
    with transaction.atomic():
        attribute_to(member, user)
        member.delete()


def selffunded_file_add(*, user: Any, task: SelfFundedTask, upload: Any) -> SelfFundedFile:
    """Attach a file to the request (the upload is checked by the form: size and type)."""
    _require(user, task)
    stored = SelfFundedFile(task=task, file=upload, name=upload.name[:255])
    stored.full_clean()
    stored.save()
    return stored
