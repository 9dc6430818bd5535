"""Writes of technology offers: create, edit, files, submit, review, yearly confirmation, withdraw.

An offer is kept by the Department or by its owner expert (`experts.change_technology`). It
reaches the public catalogue only when the Department publishes it, and stays there until
`expires_on`: KHCN_TECH_CONFIRM_MONTHS after the owner (or the Department) last confirmed it is
still on offer. Edits carry the version they were loaded at (core.concurrency).
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khcn.accounts.scoping import organisation_check_writable, scope_for
from khcn.core.concurrency import locked_current
from khcn.core.history import attribute_to
from khcn.core.text import nfc
from khcn.core.uploads import content_matches, file_extension, upload_name
from khcn.experts import notices
from khcn.experts.models import Expert, OfferStatus, Technology, TechnologyFile
from khcn.products.models import months_after

WRONG_STATUS = "wrong_status"
NOTE_REQUIRED = "note_required"
NO_EXPERT_PROFILE = "no_expert_profile"
FILE_TYPE = "file_type"
FILE_SIZE = "file_size"
FILE_CONTENT = "file_content"
PHOTO_EXTENSIONS = ("jpg", "jpeg", "png")
DOCUMENT_EXTENSIONS = ("pdf", "docx", "xlsx")

# Which moves each status allows (one table, as reporting/workflow.py).
CAN_EDIT = {OfferStatus.DRAFT, OfferStatus.RETURNED, OfferStatus.SUBMITTED, OfferStatus.PUBLISHED}
CAN_SUBMIT = {OfferStatus.DRAFT, OfferStatus.RETURNED}
CAN_REVIEW = {OfferStatus.SUBMITTED}
CAN_CONFIRM = {OfferStatus.PUBLISHED}
CAN_WITHDRAW = {OfferStatus.DRAFT, OfferStatus.SUBMITTED, OfferStatus.PUBLISHED, OfferStatus.RETURNED}

TEXT_FIELDS = ("summary", "description", "keywords", "proven_at", "terms", "contact", "owner_name", "ip_reference")


def _require(user: Any, perm: str, obj: Any = None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _state_error(message: str) -> ValidationError:
    return ValidationError(message, code=WRONG_STATUS)


def _is_department(user: Any) -> bool:
    return scope_for(user, writing=True).is_department


def _own_profile(user: Any) -> Expert:
    try:
        return Expert.objects.get(user=user)
    except Expert.DoesNotExist as exc:
        raise ValidationError(
            _("Your account has no expert profile yet. Fill in your profile first."), code=NO_EXPERT_PROFILE
        ) from exc


def _owner_organisation_check(user: Any, organisation: Any) -> None:
    """An offer is recorded in the name of an organisation only by someone acting for it (an
    expert cannot put another institute's or a commune's name on their offer)."""
    organisation_check_writable(user=user, organisation=organisation, field="owner_organisation")


def _clean(technology: Technology) -> None:
    for name in TEXT_FIELDS:
        setattr(technology, name, nfc(getattr(technology, name) or "").strip())


def technology_create(*, user: Any, **fields: Any) -> Technology:
    """Record an offer as a draft. Department staff name any owner; an expert offers in their
    own name (owner_expert = their profile, whatever was sent). The owner organisation named
    must be one the user acts for: any of the Department's province, an expert's own."""
    _require(user, "experts.add_technology")
    technology = Technology(**fields)
    if not _is_department(user):
        technology.owner_expert = _own_profile(user)
    _owner_organisation_check(user, technology.owner_organisation)
    technology.status = OfferStatus.DRAFT
    technology.created_by = user
    technology.updated_by = user
    _clean(technology)
    with transaction.atomic():
        attribute_to(technology, user)
        technology.full_clean()
        technology.save()
    return technology


def technology_update(*, user: Any, technology: Technology, expected_version: int | None) -> Technology:
    """Save the edits already set on `technology`. An expert cannot hand the offer to another
    owner; a published offer edited stays published (the Department sees the history)."""
    with transaction.atomic():
        current = locked_current(technology, expected_version=expected_version)
        _require(user, "experts.change_technology", current)
        if current.status not in CAN_EDIT:
            raise _state_error(_("A withdrawn offer cannot be edited."))
        if not _is_department(user):
            technology.owner_expert_id = current.owner_expert_id
        if technology.owner_organisation_id != current.owner_organisation_id:
            _owner_organisation_check(user, technology.owner_organisation)
        for name in ("status", "published_at", "reviewed_by", "reviewed_at", "confirmed_on", "expires_on"):
            setattr(technology, name, getattr(current, name))
        _clean(technology)
        technology.version = current.version + 1
        technology.updated_by = user
        attribute_to(technology, user)
        technology.full_clean()
        technology.save()
    return technology


def _move(technology: Technology, user: Any, expected_version: int | None) -> Technology:
    current = locked_current(technology, expected_version=expected_version)
    current.version += 1
    current.updated_by = user
    attribute_to(current, user)
    return current


def technology_submit(*, user: Any, technology: Technology, expected_version: int | None = None) -> Technology:
    """Send a draft or returned offer to the Department for review (its officers are told)."""
    with transaction.atomic():
        current = _move(technology, user, expected_version)
        _require(user, "experts.change_technology", current)
        if current.status not in CAN_SUBMIT:
            raise _state_error(_("Only a draft or a returned offer can be sent for review."))
        current.status = OfferStatus.SUBMITTED
        current.save()
        notices.technology_submitted(technology=current, actor=user)
    return current


def technology_review(
    *, user: Any, technology: Technology, publish: bool, note: str = "", expected_version: int | None = None
) -> Technology:
    """The Department publishes an offer waiting for review, or returns it with a note.

    Publishing counts as the first confirmation: listed until KHCN_TECH_CONFIRM_MONTHS later.
    The offer's owners are told either way (notices.technology_reviewed)."""
    _require(user, "experts.review_technology", technology)
    note = nfc(note or "").strip()
    if not publish and not note:
        raise ValidationError({"note": ValidationError(_("Say what the owner should change."), code=NOTE_REQUIRED)})
    with transaction.atomic():
        current = _move(technology, user, expected_version)
        if current.status not in CAN_REVIEW:
            raise _state_error(_("Only an offer waiting for review can be reviewed."))
        now = timezone.now()
        current.reviewed_by = user
        current.reviewed_at = now
        current.review_note = note
        if publish:
            today = timezone.localdate()
            current.status = OfferStatus.PUBLISHED
            current.published_at = now
            current.confirmed_on = today
            current.expires_on = months_after(today, settings.KHCN_TECH_CONFIRM_MONTHS)
            current.confirm_reminded_at = None
        else:
            current.status = OfferStatus.RETURNED
        current.save()
        notices.technology_reviewed(technology=current, actor=user)
    return current


def technology_confirm(*, user: Any, technology: Technology, expected_version: int | None = None) -> Technology:
    """The owner or the Department confirms the offer still stands: listed a further
    KHCN_TECH_CONFIRM_MONTHS from today (an expired offer comes back to the catalogue)."""
    with transaction.atomic():
        current = _move(technology, user, expected_version)
        _require(user, "experts.change_technology", current)
        if current.status not in CAN_CONFIRM:
            raise _state_error(_("Only a published offer can be confirmed."))
        today = timezone.localdate()
        current.confirmed_on = today
        current.expires_on = months_after(today, settings.KHCN_TECH_CONFIRM_MONTHS)
        current.confirm_reminded_at = None
        current.save()
    return current


def technology_withdraw(*, user: Any, technology: Technology, expected_version: int | None = None) -> Technology:
    """Take the offer off the catalogue and out of review for good (kept with its history)."""
    with transaction.atomic():
        current = _move(technology, user, expected_version)
        _require(user, "experts.change_technology", current)
        if current.status not in CAN_WITHDRAW:
            raise _state_error(_("This offer is already withdrawn."))
        current.status = OfferStatus.WITHDRAWN
        current.save()
    return current


def technology_file_check(*, upload: Any, is_photo: bool) -> str:
    """A photo must be a .jpg or .png and a document a .pdf, .docx or .xlsx, each checked by
    its content (a renamed file is refused), within KHCN_UPLOAD_MAX_MB. Return its name."""
    name = upload_name(upload)
    extension = file_extension(name)
    kinds = PHOTO_EXTENSIONS if is_photo else DOCUMENT_EXTENSIONS
    if extension not in kinds:
        message = _("Attach a file of one of these kinds: %(kinds)s.") % {"kinds": ", ".join(kinds)}
        raise ValidationError({"file": ValidationError(message, code=FILE_TYPE)})
    if (upload.size or 0) > settings.KHCN_UPLOAD_MAX_MB * 1024 * 1024:
        message = _("The file is larger than %(mb)s MB.") % {"mb": settings.KHCN_UPLOAD_MAX_MB}
        raise ValidationError({"file": ValidationError(message, code=FILE_SIZE)})
    if not content_matches(upload, "jpg" if extension == "jpeg" else extension):
        message = _("The content of “%(name)s” is not a .%(kind)s file.") % {"name": name, "kind": extension}
        raise ValidationError({"file": ValidationError(message, code=FILE_CONTENT)})
    return name


def technology_file_add(
    *, user: Any, technology: Technology, upload: Any, caption: str = "", is_photo: bool = False
) -> TechnologyFile:
    """Attach a checked photo or document to an offer the user may change."""
    _require(user, "experts.change_technology", technology)
    if technology.status == OfferStatus.WITHDRAWN:
        raise _state_error(_("A withdrawn offer cannot be edited."))
    technology_file_check(upload=upload, is_photo=is_photo)
    with transaction.atomic():
        item = TechnologyFile(
            technology=technology, file=upload, caption=nfc(caption).strip(), is_photo=is_photo, uploaded_by=user
        )
        item.full_clean()
        item.save()
    return item


def technology_file_delete(*, user: Any, item: TechnologyFile) -> None:
    _require(user, "experts.change_technology", item.technology)
    with transaction.atomic():
        item.file.delete(save=False)
        item.delete()
