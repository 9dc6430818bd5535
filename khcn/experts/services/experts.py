"""Writes of the expert registry: profiles kept by the Department or by the expert themself,
their validation, consent and soft deletion.

Personal data (Decree 13/2023/NĐ-CP, art. 11): a profile is shown publicly only with the
expert's consent, recorded with its time (`consent_at`) and cleared when withdrawn. The
Department validates a profile; an edit by the expert afterwards sends it back for
validation. Every function checks the permission on the profile acted on (permissions.py).
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khcn.accounts.scoping import scope_for
from khcn.core.concurrency import locked_current
from khcn.core.history import attribute_to
from khcn.core.text import nfc
from khcn.experts import notices
from khcn.experts.fields import SUBFIELDS
from khcn.experts.models import Expert, ProfileStatus, subfield_value

UNKNOWN_SUBFIELD = "unknown_subfield"
NOT_SUBMITTED = "not_submitted"
ALREADY_SUBMITTED = "already_submitted"
FIELD_MISSING = "field_missing"
NOTE_MISSING = "note_missing"

# What an expert may not set on their own profile: the Department's part.
DEPARTMENT_ONLY = ("status", "validated_by", "validated_at", "review_note", "user", "is_demo")
TEXT_FIELDS = ("full_name", "position", "organisation_name", "languages", "phone")


def _require(user: Any, perm: str, obj: Any) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def keywords_clean(text: str) -> str:
    """Keywords as typed, comma separated: each in NFC with single spaces, repeats dropped."""
    seen: dict[str, str] = {}
    for part in nfc(text or "").replace(";", ",").replace("\n", ",").split(","):
        word = " ".join(part.split())
        if word and word.casefold() not in seen:
            seen[word.casefold()] = word
    return ", ".join(seen.values())


def subfields_clean(codes: list[str] | tuple[str, ...] | str) -> str:
    """Second-level field codes in their stored form (" 401 402 "); an unknown code is a 400."""
    if isinstance(codes, str):
        codes = codes.replace(",", " ").replace(";", " ").split()
    unknown = [c for c in codes if c.strip() and c.strip() not in SUBFIELDS]
    if unknown:
        raise ValidationError(
            {
                "subfields": ValidationError(
                    _("Unknown field code %(codes)s. Use the codes of the national classification (such as 401).")
                    % {"codes": ", ".join(unknown)},
                    code=UNKNOWN_SUBFIELD,
                )
            }
        )
    return subfield_value(list(codes))


def _normalise(expert: Expert) -> None:
    for name in TEXT_FIELDS:
        setattr(expert, name, " ".join(nfc(getattr(expert, name)).split()))
    for name in ("profile", "publications", "patents"):
        setattr(expert, name, nfc(getattr(expert, name)))
    expert.keywords = keywords_clean(expert.keywords)
    expert.email = (expert.email or "").strip()


def _consent(expert: Expert, previous: bool) -> None:
    """Record when consent was given; forget it when withdrawn."""
    if expert.public_consent and (not previous or expert.consent_at is None):
        expert.consent_at = timezone.now()
    elif not expert.public_consent:
        expert.consent_at = None


def expert_create(*, user: Any, subfields: list[str] | str = "", **fields: Any) -> Expert:
    """Record an expert in the registry (the Department only); draft until validated."""
    _require(user, "experts.change_expert", None)
    for name in DEPARTMENT_ONLY:
        fields.pop(name, None)
    expert = Expert(**fields, subfields=subfields_clean(subfields), created_by=user, updated_by=user)
    _normalise(expert)
    _consent(expert, previous=False)
    with transaction.atomic():
        attribute_to(expert, user)
        expert.full_clean()
        expert.save()
    return expert


def expert_update(*, user: Any, expert: Expert, expected_version: int | None) -> Expert:
    """Save the edits already set on `expert` (by a form, the API or an import row).

    An expert editing their own validated profile sends it back for validation
    ("submitted") and the Department's officers are told; the fields only the Department sets
    are kept as stored for them."""
    with transaction.atomic():
        current = locked_current(expert, expected_version=expected_version)
        _require(user, "experts.change_expert", current)
        department = scope_for(user, writing=True).is_department
        resubmitted = False
        if not department:
            for name in DEPARTMENT_ONLY:
                setattr(expert, name, getattr(current, name))
            if current.status == ProfileStatus.VALIDATED:
                expert.status = ProfileStatus.SUBMITTED
                resubmitted = True
        expert.subfields = subfields_clean(expert.subfields.split())
        _normalise(expert)
        _consent(expert, previous=current.public_consent)
        expert.version = current.version + 1
        expert.updated_by = user
        attribute_to(expert, user)
        expert.full_clean()
        expert.save()
        if resubmitted:
            notices.expert_submitted(expert=expert, actor=user, again=True)
    return expert


def expert_submit(*, user: Any, expert: Expert) -> Expert:
    """Send a draft profile to the Department for validation (its officers are told)."""
    _require(user, "experts.submit_expert", expert)
    with transaction.atomic():
        current = locked_current(expert, expected_version=None)
        if current.status != ProfileStatus.DRAFT:
            raise ValidationError(_("This profile was already sent for validation."), code=ALREADY_SUBMITTED)
        if not current.field:
            raise ValidationError(
                {"field": ValidationError(_("Choose the field group before sending."), code=FIELD_MISSING)}
            )
        current.status = ProfileStatus.SUBMITTED
        current.review_note = ""
        current.version += 1
        current.updated_by = user
        attribute_to(current, user)
        current.save()
        notices.expert_submitted(expert=current, actor=user)
    return current


def expert_validate(*, user: Any, expert: Expert) -> Expert:
    """The Department confirms a profile is right; with consent it then shows publicly. The
    expert's account, if any, is told."""
    _require(user, "experts.validate_expert", expert)
    with transaction.atomic():
        current = locked_current(expert, expected_version=None)
        if current.status == ProfileStatus.VALIDATED:
            raise ValidationError(_("This profile is already validated."), code=NOT_SUBMITTED)
        current.full_clean()
        current.status = ProfileStatus.VALIDATED
        current.validated_by = user
        current.validated_at = timezone.now()
        current.version += 1
        current.updated_by = user
        attribute_to(current, user)
        current.save()
        notices.expert_validated(expert=current, actor=user)
    return current


def expert_return(*, user: Any, expert: Expert, note: str, expected_version: int | None = None) -> Expert:
    """The Department sends a profile waiting for validation back to its expert as a draft,
    with a note saying what to change; the expert's account is told."""
    _require(user, "experts.validate_expert", expert)
    note = nfc(note).strip()
    if not note:
        raise ValidationError({"note": ValidationError(_("Say what the expert should change."), code=NOTE_MISSING)})
    with transaction.atomic():
        current = locked_current(expert, expected_version=expected_version)
        if current.status != ProfileStatus.SUBMITTED:
            raise ValidationError(_("Only a profile waiting for validation can be returned."), code=NOT_SUBMITTED)
        current.status = ProfileStatus.DRAFT
        current.review_note = note
        current.version += 1
        current.updated_by = user
        attribute_to(current, user)
        current.save()
        notices.expert_returned(expert=current, actor=user)
    return current


def expert_delete(*, user: Any, expert: Expert) -> None:
    """Take a profile out of the registry; its history is kept (soft delete)."""
    _require(user, "experts.delete_expert", expert)
    with transaction.atomic():
        current = locked_current(expert, expected_version=None)
        current.deleted_at = timezone.now()
        current.version += 1
        current.updated_by = user
        attribute_to(current, user)
        current.save()


def expert_for_me(*, user: Any) -> Expert:
    """The signed-in expert's own profile, made on their first visit from their account's
    name and e-mail (a draft: they complete it and send it for validation)."""
    existing = Expert.all_objects.filter(user=user).first()
    if existing is not None:
        if existing.deleted_at is not None:
            raise PermissionDenied
        return existing
    if not user.has_perm("experts.add_own_profile"):
        raise PermissionDenied
    expert = Expert(
        user=user,
        full_name=user.get_full_name() or user.get_username(),
        email=user.email or "",
        status=ProfileStatus.DRAFT,
        created_by=user,
        updated_by=user,
    )
    _normalise(expert)
    with transaction.atomic():
        attribute_to(expert, user)
        expert.full_clean(exclude=["field"])  # the expert picks the field group in the form
        expert.save()
    return expert
