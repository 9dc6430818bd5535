"""Writes of technology appraisals: record a dossier, edit it, consult an expert, issue the
opinion, delete a dossier recorded by mistake.

Every write checks the caller's unit (the project's location) AND organisation (the investor
named from the registry) against their write scope (accounts.scoping). The time limit is the
day of receipt plus KHCN_APPRAISAL_DAYS calendar days (unconfirmed; see config/settings.py).
"""

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khcn.accounts.scoping import organisation_check_writable, unit_check_writable
from khcn.appraisal.models import Appraisal, Conclusion, Consultation
from khcn.core.concurrency import locked_current
from khcn.core.history import attribute_to
from khcn.core.text import nfc

DATE_BEFORE_RECEIPT = "date_before_receipt"
DATE_IN_FUTURE = "date_in_future"
CONDITIONS_REQUIRED = "conditions_required"
ALREADY_ANSWERED = "already_answered"
ALREADY_CONSULTED = "already_consulted"
TEXT_FIELDS = (
    "sending_body",
    "incoming_number",
    "investor_name",
    "address",
    "technology",
    "origin",
    "equipment",
    "opinion_number",
    "conditions",
)
# What the dossier form sets; the opinion has its own move.
DOSSIER_FIELDS = (
    "sending_body",
    "incoming_number",
    "received_on",
    "project_name",
    "investor_name",
    "investor",
    "unit",
    "address",
    "capital_million",
    "sector",
    "technology",
    "origin",
    "equipment",
)


def _require(user: Any, perm: str, obj: Any = None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def due_date(received_on: date) -> date:
    """The last day the opinion is on time: receipt + KHCN_APPRAISAL_DAYS calendar days."""
    return received_on + timedelta(days=settings.KHCN_APPRAISAL_DAYS)


def _clean(appraisal: Appraisal) -> None:
    for name in TEXT_FIELDS:
        setattr(appraisal, name, nfc(getattr(appraisal, name) or "").strip())
    if appraisal.received_on and appraisal.received_on > timezone.localdate():
        raise ValidationError(
            {"received_on": ValidationError(_("The date received cannot be in the future."), code=DATE_IN_FUTURE)}
        )


def _check_scope(user: Any, appraisal: Appraisal) -> None:
    unit_check_writable(user=user, unit=appraisal.unit)
    organisation_check_writable(user=user, organisation=appraisal.investor, field="investor")


def appraisal_create(*, user: Any, **fields: Any) -> Appraisal:
    """Record a dossier received from the investment authority; its time limit is set from
    the day received."""
    _require(user, "appraisal.add_appraisal")
    appraisal = Appraisal(**{k: v for k, v in fields.items() if k in DOSSIER_FIELDS})
    if appraisal.unit_id is None:
        raise ValidationError({"unit": ValidationError(_("Choose where the project is located."))})
    _check_scope(user, appraisal)
    _require(user, "appraisal.change_appraisal", appraisal)
    _clean(appraisal)
    appraisal.due_on = due_date(appraisal.received_on) if appraisal.received_on else None  # type: ignore[assignment]
    appraisal.created_by = user
    appraisal.updated_by = user
    with transaction.atomic():
        attribute_to(appraisal, user)
        appraisal.full_clean()
        appraisal.save()
    return appraisal


def appraisal_update(*, user: Any, appraisal: Appraisal, expected_version: int | None) -> Appraisal:
    """Save the dossier's edits already set on `appraisal`; the stored location and the new
    one must both be in the user's write scope. A new date received moves the time limit."""
    with transaction.atomic():
        current = locked_current(appraisal, expected_version=expected_version)
        _require(user, "appraisal.change_appraisal", current)
        _check_scope(user, appraisal)
        for name in ("opinion_number", "opinion_date", "conclusion", "conditions", "is_demo", "created_by_id"):
            setattr(appraisal, name, getattr(current, name))
        _clean(appraisal)
        if appraisal.received_on != current.received_on:
            appraisal.due_on = due_date(appraisal.received_on)
        _check_opinion_date(appraisal)
        appraisal.version = current.version + 1
        appraisal.updated_by = user
        attribute_to(appraisal, user)
        appraisal.full_clean()
        appraisal.save()
    return appraisal


def _check_opinion_date(appraisal: Appraisal) -> None:
    day = appraisal.opinion_date
    if day is None:
        return
    if appraisal.received_on and day < appraisal.received_on:
        raise ValidationError(
            {
                "opinion_date": ValidationError(
                    _("The opinion cannot be dated before the dossier was received."), code=DATE_BEFORE_RECEIPT
                )
            }
        )
    if day > timezone.localdate():
        raise ValidationError(
            {"opinion_date": ValidationError(_("The opinion cannot be dated in the future."), code=DATE_IN_FUTURE)}
        )


def appraisal_opinion_issue(
    *,
    user: Any,
    appraisal: Appraisal,
    opinion_number: str,
    opinion_date: date,
    conclusion: str,
    conditions: str = "",
    expected_version: int | None = None,
) -> Appraisal:
    """Record the opinion the Department issued (number, date, conclusion). Agreeing with
    conditions needs the conditions; an opinion dated after the time limit counts as late."""
    with transaction.atomic():
        current = locked_current(appraisal, expected_version=expected_version)
        _require(user, "appraisal.change_appraisal", current)
        current.opinion_number = nfc(opinion_number or "").strip()
        current.opinion_date = opinion_date
        current.conclusion = conclusion
        current.conditions = nfc(conditions or "").strip()
        if conclusion == Conclusion.CONDITIONAL and not current.conditions:
            raise ValidationError(
                {"conditions": ValidationError(_("Write the conditions of the agreement."), code=CONDITIONS_REQUIRED)}
            )
        if not current.opinion_number:
            raise ValidationError({"opinion_number": ValidationError(_("Enter the opinion's document number."))})
        if conclusion not in Conclusion.values:
            raise ValidationError({"conclusion": ValidationError(_("Choose the conclusion."))})
        _check_opinion_date(current)
        current.version += 1
        current.updated_by = user
        attribute_to(current, user)
        current.full_clean()
        current.save()
    return current


def appraisal_delete(*, user: Any, appraisal: Appraisal, expected_version: int | None = None) -> None:
    """Remove a dossier recorded by mistake (kept, with its history, as deleted)."""
    with transaction.atomic():
        current = locked_current(appraisal, expected_version=expected_version)
        _require(user, "appraisal.change_appraisal", current)
        current.deleted_at = timezone.now()
        current.version += 1
        current.updated_by = user
        attribute_to(current, user)
        current.save()


def consultation_add(
    *,
    user: Any,
    appraisal: Appraisal,
    expert: Any,
    asked_on: date | None = None,
    answered_on: date | None = None,
    opinion: str = "",
) -> Consultation:
    """Name an expert of the registry consulted on the dossier, with their opinion. The expert
    is one the user may see in the registry (experts.selectors.expert_list)."""
    from khcn.experts.selectors.experts import expert_list

    _require(user, "appraisal.change_appraisal", appraisal)
    if not expert_list(user=user).filter(pk=expert.pk).exists():
        raise ValidationError({"expert": ValidationError(_("Choose an expert of the registry."))})
    if appraisal.consultations.filter(expert=expert).exists():
        raise ValidationError(
            {"expert": ValidationError(_("This expert is already consulted on this dossier."), code=ALREADY_CONSULTED)}
        )
    if asked_on and answered_on and answered_on < asked_on:
        raise ValidationError({"answered_on": ValidationError(_("The answer cannot come before the request."))})
    consultation = Consultation(
        appraisal=appraisal, expert=expert, asked_on=asked_on, answered_on=answered_on, opinion=nfc(opinion).strip()
    )
    with transaction.atomic():
        attribute_to(consultation, user)
        consultation.full_clean()
        consultation.save()
    return consultation


def consultation_remove(*, user: Any, consultation: Consultation) -> None:
    """Take an expert off the dossier (the history keeps the row)."""
    _require(user, "appraisal.change_appraisal", consultation.appraisal)
    with transaction.atomic():
        attribute_to(consultation, user)
        consultation.delete()
