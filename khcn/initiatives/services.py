"""Writes of initiatives: the application and its authors, evidence files, submission, the
unit's base-level decision and submission to the city's yearly round.

Every write checks the caller's permission on the initiative and that the unit AND the
organisation it names are in the caller's write scope (accounts.scoping); every move goes
through workflow.MOVES and leaves an event row; edits are versioned (core.concurrency).
Rules: Decree 13/2012/NĐ-CP and Circular 18/2013/TT-BKHCN (DOMAIN.md §4.1).
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.accounts.scoping import organisation_check_writable, unit_check_in_force, unit_check_writable
from khcn.core.concurrency import locked_current
from khcn.core.history import attribute_to
from khcn.core.text import nfc
from khcn.core.uploads import check_upload
from khcn.initiatives.models import (
    BaseRecognition,
    InfluenceScope,
    Initiative,
    InitiativeAuthor,
    InitiativeEvent,
    InitiativeFile,
    InitiativeStatus,
)
from khcn.initiatives.workflow import check_move

OWNER_REQUIRED = "owner_required"
SHARES_TOTAL = "shares_total"
AUTHORS_REQUIRED = "authors_required"
MISSING = "missing"
ROUND_YEAR = "round_year"
SCOPE_TOO_NARROW = "scope_too_narrow"
HUNDRED = Decimal(100)
TEXT_FIELDS = ("title", "problem", "solution", "novelty", "applied_where", "effects", "costs")
# What an application must say before it goes to the unit's council (Circular 18/2013, art. 4).
REQUIRED_ON_SUBMIT = {
    "solution": gettext_lazy("the solution"),
    "novelty": gettext_lazy("what is new"),
    "first_applied_on": gettext_lazy("date first applied"),
    "applied_where": gettext_lazy("where applied"),
    "effects": gettext_lazy("effects measured"),
}
AUTHOR_FIELDS = ("full_name", "position", "workplace", "share")


def _require(user: Any, perm: str, obj: Any = None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def event(initiative: Initiative, *, action: str, user: Any, note: str = "") -> None:
    InitiativeEvent.objects.create(
        initiative=initiative, action=action, status=initiative.status, actor=user, note=note
    )


def _check_owner(*, user: Any, initiative: Initiative, stored: Initiative | None) -> None:
    """A unit or an organisation owns it; a new or changed one must be in the write scope and,
    for the unit, in force (a district abolished in 2025 starts nothing new)."""
    if not initiative.unit_id and not initiative.organisation_id:
        raise ValidationError(_("Say which unit or organisation the initiative belongs to."), code=OWNER_REQUIRED)
    if initiative.unit_id and (stored is None or stored.unit_id != initiative.unit_id):
        unit_check_writable(user=user, unit=initiative.unit)
        unit_check_in_force(unit=initiative.unit)
    if initiative.organisation_id and (stored is None or stored.organisation_id != initiative.organisation_id):
        organisation_check_writable(user=user, organisation=initiative.organisation)


def authors_check(authors: Sequence[Mapping[str, Any]]) -> None:
    """The authors' shares of contribution total exactly 100% (Circular 18/2013, the
    application form's list of authors)."""
    if not authors:
        return
    total = sum((Decimal(a["share"]) for a in authors), Decimal(0))
    if total != HUNDRED:
        raise ValidationError(
            _("The authors' shares of contribution must total 100%% (now %(total)s%%). Correct the shares.")
            % {"total": number_format(total.normalize(), use_l10n=True)},
            code=SHARES_TOTAL,
        )


def _authors_save(initiative: Initiative, authors: Sequence[Mapping[str, Any]], user: Any) -> None:
    initiative.authors.all().delete()
    for order, data in enumerate(authors):
        author = InitiativeAuthor(
            initiative=initiative,
            order=order,
            **{
                name: nfc(data[name]).strip() if isinstance(data.get(name), str) else data.get(name, "")
                for name in AUTHOR_FIELDS
            },
        )
        attribute_to(author, user)
        author.full_clean()
        author.save()


def _clean_text(initiative: Initiative) -> None:
    for name in TEXT_FIELDS:
        setattr(initiative, name, nfc(getattr(initiative, name) or "").strip())


def initiative_create(*, user: Any, initiative: Initiative, authors: Sequence[Mapping[str, Any]]) -> Initiative:
    """Save a new draft (fields already set on `initiative`, e.g. by the form) and its authors."""
    _require(user, "initiatives.add_initiative")
    _check_owner(user=user, initiative=initiative, stored=None)
    _require(user, "initiatives.change_initiative", initiative)
    authors_check(authors)
    _clean_text(initiative)
    initiative.status = InitiativeStatus.DRAFT
    initiative.created_by = initiative.updated_by = user
    with transaction.atomic():
        attribute_to(initiative, user)
        initiative.full_clean()
        initiative.save()
        _authors_save(initiative, authors, user)
        event(initiative, action="create", user=user)
    return initiative


def initiative_update(
    *, user: Any, initiative: Initiative, expected_version: int | None, authors: Sequence[Mapping[str, Any]]
) -> Initiative:
    """Save the edits already set on a draft and replace its authors; the stored owner and the
    new one must both be in the user's write scope."""
    with transaction.atomic():
        current = locked_current(initiative, expected_version=expected_version)
        _require(user, "initiatives.change_initiative", current)
        check_move(current.status, "edit", _("Only a draft can be edited."))
        _check_owner(user=user, initiative=initiative, stored=current)
        _require(user, "initiatives.change_initiative", initiative)
        authors_check(authors)
        for name in ("status", "submitted_at", "city_round_year", "city_submitted_at", "created_by_id", "is_demo"):
            setattr(initiative, name, getattr(current, name))
        _clean_text(initiative)
        initiative.version = current.version + 1
        initiative.updated_by = user
        attribute_to(initiative, user)
        initiative.full_clean()
        initiative.save()
        _authors_save(initiative, authors, user)
    return initiative


def initiative_delete(*, user: Any, initiative: Initiative, expected_version: int | None = None) -> None:
    """Delete a draft the user may change, with its authors and files (kept in the history);
    a submitted initiative is the council's and stays."""
    with transaction.atomic():
        current = locked_current(initiative, expected_version=expected_version)
        _require(user, "initiatives.change_initiative", current)
        check_move(current.status, "delete", _("Only a draft can be deleted."))
        files = list(current.files.all())
        attribute_to(current, user)
        for author in current.authors.all():
            attribute_to(author, user)
            author.delete()
        current.delete()
    for item in files:
        item.file.delete(save=False)


def moved(initiative: Initiative, *, user: Any, status: str, action: str, note: str = "") -> Initiative:
    initiative.status = status
    initiative.version += 1
    initiative.updated_by = user
    attribute_to(initiative, user)
    initiative.full_clean()
    initiative.save()
    event(initiative, action=action, user=user, note=note)
    return initiative


def initiative_submit(*, user: Any, initiative: Initiative, expected_version: int | None = None) -> Initiative:
    """Send a complete draft to its unit's initiative council: every field the application form
    asks for, at least one author, shares totalling 100%."""
    with transaction.atomic():
        current = locked_current(initiative, expected_version=expected_version)
        _require(user, "initiatives.change_initiative", current)
        status = check_move(current.status, "submit", _("Only a draft can be submitted."))
        missing = [str(label) for name, label in REQUIRED_ON_SUBMIT.items() if not getattr(current, name)]
        if missing:
            raise ValidationError(
                _("Fill in before submitting: %(fields)s.") % {"fields": ", ".join(missing)}, code=MISSING
            )
        authors = list(current.authors.values(*AUTHOR_FIELDS))
        if not authors:
            raise ValidationError(_("Name at least one author before submitting."), code=AUTHORS_REQUIRED)
        authors_check(authors)
        current.submitted_at = timezone.now()
        return moved(current, user=user, status=status, action="submit")


def initiative_recognise(
    *,
    user: Any,
    initiative: Initiative,
    recognised: bool,
    decision_number: str,
    decision_date: date,
    signer: str,
    reasons: str = "",
    expected_version: int | None = None,
) -> BaseRecognition:
    """Record the unit's decision on a submitted initiative (after its initiative council):
    recognised or not, with the decision's number, date and signer. Recorded by an officer of
    the owning unit or by the Department. A refusal must give its reasons."""
    reasons = nfc(reasons or "").strip()
    if not recognised and not reasons:
        raise ValidationError(
            {"reasons": ValidationError(_("Say why the initiative is not recognised."), code="reasons")}
        )
    with transaction.atomic():
        current = locked_current(initiative, expected_version=expected_version)
        _require(user, "initiatives.recognise_initiative", current)
        action = "recognise" if recognised else "not_recognise"
        status = check_move(current.status, action, _("Only a submitted initiative can be decided."))
        if decision_date > timezone.localdate():
            raise ValidationError(
                {"decision_date": ValidationError(_("The decision date cannot be in the future."), code="future")}
            )
        decision = BaseRecognition(
            initiative=current,
            recognised=recognised,
            decision_number=nfc(decision_number).strip(),
            decision_date=decision_date,
            signer=nfc(signer).strip(),
            reasons=reasons,
            created_by=user,
            updated_by=user,
        )
        attribute_to(decision, user)
        decision.full_clean()
        decision.save()
        moved(current, user=user, status=status, action=action, note=decision.decision_number)
    return decision


def initiative_city_submit(
    *, user: Any, initiative: Initiative, year: int, expected_version: int | None = None
) -> Initiative:
    """Put an initiative recognised at base level into the city's round of `year` (this year's
    or next year's), to have its city-wide scope of influence recognised (DOMAIN.md §4.2-4.3)."""
    this_year = timezone.localdate().year
    if year not in (this_year, this_year + 1):
        raise ValidationError(
            {
                "year": ValidationError(
                    _("Choose this year's or next year's round (%(a)s or %(b)s).")
                    % {"a": this_year, "b": this_year + 1},
                    code=ROUND_YEAR,
                )
            }
        )
    with transaction.atomic():
        current = locked_current(initiative, expected_version=expected_version)
        _require(user, "initiatives.change_initiative", current)
        status = check_move(
            current.status, "city_submit", _("Only an initiative recognised at base level goes to the city round.")
        )
        if current.influence_scope == InfluenceScope.BASE:
            raise ValidationError(
                _("Its scope of influence is the organisation only; the city round is for city-wide or wider ones."),
                code=SCOPE_TOO_NARROW,
            )
        current.city_round_year = year
        current.city_submitted_at = timezone.now()
        return moved(current, user=user, status=status, action="city_submit", note=str(year))


def initiative_file_add(*, user: Any, initiative: Initiative, upload: Any, caption: str = "") -> InitiativeFile:
    """Attach a checked evidence file (core.uploads: kind, size and content) to an initiative
    the user may change, while it is a draft or waits for the unit's decision."""
    _require(user, "initiatives.change_initiative", initiative)
    if initiative.status not in (InitiativeStatus.DRAFT, InitiativeStatus.SUBMITTED):
        raise ValidationError(_("Files can be added only before the unit's decision."), code="wrong_state")
    try:
        name = check_upload(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from error
    with transaction.atomic():
        item = InitiativeFile(
            initiative=initiative, file=upload, name=name, caption=nfc(caption).strip(), uploaded_by=user
        )
        item.full_clean()
        item.save()
        event(initiative, action="file_add", user=user, note=name)
    return item


def initiative_file_delete(*, user: Any, item: InitiativeFile) -> None:
    """Remove an evidence file of a draft the user may change."""
    _require(user, "initiatives.change_initiative", item.initiative)
    if item.initiative.status != InitiativeStatus.DRAFT:
        raise ValidationError(_("Files of a submitted initiative are kept."), code="wrong_state")
    with transaction.atomic():
        event(item.initiative, action="file_delete", user=user, note=item.name)
        item.file.delete(save=False)
        item.delete()


def authors_from_rows(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The authors a formset's cleaned rows give: rows marked for removal or left empty dropped."""
    return [
        {name: row.get(name) for name in AUTHOR_FIELDS}
        for row in rows
        if row and not row.get("DELETE") and row.get("full_name")
    ]
