"""Writes to the register of S&T enterprises: certificates, their incentives, changes and
revocation. Pages and the workbook import call these.

Each write checks the Department's role and the enterprise against the caller's write scope,
runs in a transaction and keeps its history. A revoked certificate is never deleted: it
stays in the register (and its history) with the day and reason of the revocation.
"""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from khcn.accounts.scoping import organisation_check_writable
from khcn.core.concurrency import locked_current
from khcn.core.history import attribute_to
from khcn.core.text import nfc
from khcn.enterprises.models import Amendment, Certificate, Incentive
from khcn.geo.models import Organisation
from khcn.research.selectors import result_list

DATE_IN_FUTURE = "date_in_future"
BEFORE_ISSUE = "before_issue"
NUMBER_TAKEN = "number_taken"
REVOKED = "revoked"
REASON_REQUIRED = "reason_required"
NOT_PUBLISHED = "not_published"


def _error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _day(value: date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _clean(value: str) -> str:
    return " ".join(nfc(value or "").split())


def _not_future(on: date, field: str) -> None:
    if on > timezone.localdate():
        raise _error(
            field,
            _("The date %(day)s is in the future. Enter the day it actually happened.") % {"day": _day(on)},
            DATE_IN_FUTURE,
        )


def _require(user: Any, certificate: Certificate) -> None:
    if not user.has_perm("enterprises.change_certificate", certificate):
        raise PermissionDenied


def _save(obj: Any, user: Any) -> None:
    obj.updated_by = user
    attribute_to(obj, user)
    obj.full_clean()
    obj.save()


def _check(certificate: Certificate) -> None:
    """One certificate's rules: its number unique, issued not in the future, and a linked
    research result one the Department published (research's own selector)."""
    _not_future(certificate.issued_on, "issued_on")
    taken = Certificate.objects.filter(number__iexact=_clean(certificate.number)).exclude(pk=certificate.pk)
    if taken.exists():
        raise _error("number", _("Another certificate has this number. Check the number."), NUMBER_TAKEN)
    if (
        certificate.research_result_id is not None
        and not result_list().filter(pk=certificate.research_result_id).exists()
    ):
        raise _error(
            "research_result", _("Choose a research result the Department published, or leave it empty."), NOT_PUBLISHED
        )


def certificate_create(
    *,
    user: Any,
    number: str,
    issued_on: date,
    organisation: Organisation,
    results: str,
    research_result: Any = None,
    products: str = "",
    note: str = "",
    is_demo: bool = False,
) -> Certificate:
    """Register a certificate of S&T enterprise issued to `organisation`."""
    certificate = Certificate(
        number=_clean(number),
        issued_on=issued_on,
        organisation=organisation,
        results=nfc(results).strip(),
        research_result=research_result,
        products=nfc(products).strip(),
        note=nfc(note).strip(),
        is_demo=is_demo,
        created_by=user,
    )
    _require(user, certificate)
    organisation_check_writable(user=user, organisation=organisation)
    _check(certificate)
    with transaction.atomic():
        _save(certificate, user)
    return certificate


def certificate_update(*, user: Any, certificate: Certificate, expected_version: int) -> Certificate:
    """Save the edits set on `certificate` (by the form); a stale copy is refused. The
    revocation changes only through `certificate_revoke`."""
    current = Certificate.objects.select_related("organisation__unit").get(pk=certificate.pk)
    _require(user, current)
    organisation_check_writable(user=user, organisation=certificate.organisation)
    _check(certificate)
    with transaction.atomic():
        current = locked_current(certificate, expected_version=expected_version)
        for name in ("revoked_on", "revocation_decision", "revocation_reason"):
            setattr(certificate, name, getattr(current, name))
        certificate.version = current.version + 1
        _save(certificate, user)
    return certificate


def certificate_revoke(
    *,
    user: Any,
    certificate: Certificate,
    revoked_on: date,
    reason: str,
    decision: str = "",
    expected_version: int | None = None,
) -> Certificate:
    """Revoke a certificate: the day (not in the future, not before its issue) and the reason.
    The certificate stays in the register as revoked."""
    _require(user, certificate)
    reason = nfc(reason).strip()
    with transaction.atomic():
        current = locked_current(certificate, expected_version=expected_version)
        if current.is_revoked:
            raise ValidationError(_("This certificate was already revoked."), code=REVOKED)
        _not_future(revoked_on, "revoked_on")
        if revoked_on < current.issued_on:
            raise _error(
                "revoked_on",
                _("A certificate is revoked after its issue on %(day)s.") % {"day": _day(current.issued_on)},
                BEFORE_ISSUE,
            )
        if not reason:
            raise _error("reason", _("Say why the certificate is revoked."), REASON_REQUIRED)
        current.revoked_on = revoked_on
        current.revocation_reason = reason
        current.revocation_decision = _clean(decision)
        current.version += 1
        _save(current, user)
    return current


def _require_in_force(certificate: Certificate, on: date, field: str) -> None:
    if certificate.is_revoked:
        raise ValidationError(_("The certificate was revoked; nothing more is added to it."), code=REVOKED)
    _not_future(on, field)
    if on < certificate.issued_on:
        raise _error(
            field,
            _("Enter a day on or after the certificate's issue, %(day)s.") % {"day": _day(certificate.issued_on)},
            BEFORE_ISSUE,
        )


def incentive_add(
    *, user: Any, certificate: Certificate, kind: str, granted_on: date, reference: str = "", notes: str = ""
) -> Incentive:
    """Record an incentive granted to the certified enterprise (certificate in force)."""
    _require(user, certificate)
    _require_in_force(certificate, granted_on, "granted_on")
    incentive = Incentive(
        certificate=certificate,
        kind=kind,
        granted_on=granted_on,
        reference=_clean(reference),
        notes=nfc(notes).strip(),
        created_by=user,
    )
    with transaction.atomic():
        _save(incentive, user)
    return incentive


def amendment_add(
    *, user: Any, certificate: Certificate, changed_on: date, what_changed: str, reference: str = ""
) -> Amendment:
    """Record a change of the certificate (certificate in force)."""
    _require(user, certificate)
    _require_in_force(certificate, changed_on, "changed_on")
    amendment = Amendment(
        certificate=certificate,
        changed_on=changed_on,
        what_changed=nfc(what_changed).strip(),
        reference=_clean(reference),
        created_by=user,
    )
    with transaction.atomic():
        _save(amendment, user)
    return amendment
