"""Writes to proposals: create, edit, submit before the call's deadline, return, screen."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from khcn.accounts.scoping import (
    organisation_check_writable,
    unit_check_in_force,
    unit_check_writable,
    visible,
)
from khcn.core.concurrency import locked_current
from khcn.core.history import attribute_to
from khcn.meetings.models import FollowUp
from khcn.notifications.models import NotificationKind
from khcn.notifications.selectors import organisation_people, unit_officers
from khcn.notifications.services import notify
from khcn.research.models import SCREENED, PlanCall, Proposal, ProposalStatus, ResearchTask
from khcn.research.workflow import PROPOSAL_TRANSITIONS, SCREENING_ACTIONS, check_move

# What a proposal must say before it can be submitted (DOMAIN.md §3.3, step 1).
REQUIRED_ON_SUBMIT = [
    "title",
    "task_type",
    "field",
    "problem",
    "rationale",
    "objectives",
    "products",
    "application_place",
    "applying_unit",
    "budget_million",
    "duration_months",
]


def proposal_create(*, user: Any, proposal: Proposal, followups: Iterable[FollowUp] | None = None) -> Proposal:
    """Save a new draft (fields already set on `proposal`, e.g. by the form).

    The requests from working sessions or reports it answers (`followups`) are set in the same
    transaction.
    """
    if not user.has_perm("research.add_proposal"):
        raise PermissionDenied
    if not proposal.unit_id and not proposal.organisation_id:
        raise ValidationError(_("Say which unit or organisation proposes the task."), code="proposer")
    _check_references(user=user, proposal=proposal, stored=None, followups=followups)
    if not user.has_perm("research.change_proposal", proposal):
        raise PermissionDenied
    if proposal.call.closed_at is not None:
        raise ValidationError(
            _("The Department closed this call; proposals can no longer be submitted to it."), code="closed"
        )
    proposal.status = ProposalStatus.DRAFT
    proposal.created_by = proposal.updated_by = user
    attribute_to(proposal, user)
    proposal.full_clean()
    with transaction.atomic():
        proposal.save()
        if followups is not None:
            proposal.followups.set(followups)
    return proposal


def _check_references(
    *, user: Any, proposal: Proposal, stored: Proposal | None, followups: Iterable[FollowUp] | None
) -> None:
    """Each row the proposal names must be in the user's write scope (400 on its field).

    Unit and organisation are checked when set or changed; the unit must also be in force on
    the call's deadline (a district abolished in 2025 proposes nothing to a call of today).
    Requests newly linked must be requests the user may write for.
    """
    if proposal.unit_id and (stored is None or stored.unit_id != proposal.unit_id):
        unit_check_writable(user=user, unit=proposal.unit, field="unit")
        # The unit must exist on the call's deadline: a commune of today for this year's
        # call, a former district only for a call of its time.
        unit_check_in_force(unit=proposal.unit, on=proposal.call.closes_on, field="unit")
    if proposal.organisation_id and (stored is None or stored.organisation_id != proposal.organisation_id):
        organisation_check_writable(user=user, organisation=proposal.organisation, field="organisation")
    if followups is not None:
        ids = {f.pk for f in followups}
        if stored is not None:
            ids -= set(stored.followups.values_list("pk", flat=True))
        allowed = set(visible(FollowUp.objects.filter(pk__in=ids), user, action="change").values_list("pk", flat=True))
        if ids - allowed:
            raise ValidationError(
                {"followups": ValidationError(_("No such request in your scope."), code="out_of_scope")}
            )


def proposal_update(
    *, user: Any, proposal: Proposal, expected_version: int, followups: Iterable[FollowUp] | None = None
) -> Proposal:
    """Save edits to a draft or returned proposal; a stale copy is refused.

    The requests it answers (`followups`), when given, are set in the same transaction.
    """
    stored = Proposal.objects.select_related("unit", "organisation__unit").get(pk=proposal.pk)
    # Both the proposal as it was and as it would be must be the user's to write.
    if not user.has_perm("research.change_proposal", stored):
        raise PermissionDenied
    _check_references(user=user, proposal=proposal, stored=stored, followups=followups)
    if not user.has_perm("research.change_proposal", proposal):
        raise PermissionDenied
    with transaction.atomic():
        current = locked_current(proposal, expected_version=expected_version)
        proposal.status = check_move(
            PROPOSAL_TRANSITIONS, current.status, "edit", _("This proposal was submitted; it can no longer be edited.")
        )
        proposal.version = current.version + 1
        proposal.updated_by = user
        attribute_to(proposal, user)
        proposal.full_clean()
        proposal.save()
        if followups is not None:
            proposal.followups.set(followups)
    return proposal


def missing_for_submission(proposal: Proposal) -> list[str]:
    """The labels of the fields still empty that a submission needs."""
    return [
        str(getattr(Proposal._meta.get_field(name), "verbose_name", name))
        for name in REQUIRED_ON_SUBMIT
        if getattr(proposal, name) in (None, "")
    ]


def proposal_submit(*, user: Any, proposal: Proposal, today: date | None = None) -> None:
    """Submit before the call's deadline, once every needed field is filled."""
    if not user.has_perm("research.change_proposal", proposal):
        raise PermissionDenied
    today = today or timezone.localdate()
    status = check_move(PROPOSAL_TRANSITIONS, proposal.status, "submit", _("This proposal was already submitted."))
    call: PlanCall = proposal.call
    if call.closed_at is not None:
        raise ValidationError(
            _("The Department closed this call; proposals can no longer be submitted to it."), code="closed"
        )
    if today > call.closes_on:
        raise ValidationError(
            _("The call closed on %(day)s; proposals can no longer be submitted to it.")
            % {"day": date_format(call.closes_on, "SHORT_DATE_FORMAT")},
            code="closed",
        )
    if today < call.opens_on:
        raise ValidationError(
            _("The call opens on %(day)s.") % {"day": date_format(call.opens_on, "SHORT_DATE_FORMAT")}, code="closed"
        )
    missing = missing_for_submission(proposal)
    if missing:
        raise ValidationError(
            _("Fill these fields before submitting: %(fields)s.") % {"fields": ", ".join(missing)}, code="incomplete"
        )
    proposal.status = status
    proposal.submitted_at = timezone.now()
    proposal.version += 1
    proposal.updated_by = user
    attribute_to(proposal, user)
    proposal.save()


def proposal_return(*, user: Any, proposal: Proposal, message: str) -> None:
    """Send a submitted proposal back to its proposer for completion, with a required message."""
    if not user.has_perm("research.screen_proposal", proposal):
        raise PermissionDenied
    message = message.strip()
    if not message:
        raise ValidationError(_("Write what the proposer must complete."), code="message_required")
    proposal.status = check_move(
        PROPOSAL_TRANSITIONS, proposal.status, "return", _("Only a submitted proposal can be returned.")
    )
    proposal.screening_note = message
    proposal.version += 1
    proposal.updated_by = user
    attribute_to(proposal, user)
    proposal.save()
    _notify_proposer(proposal, NotificationKind.PROPOSAL_RETURNED, user)


def proposal_screen(
    *, user: Any, proposal: Proposal, decision: str, note: str, duplicate_of_task: ResearchTask | None = None
) -> None:
    """The Department's screening: accepted for the ordered list, duplicate, out of scope or not accepted."""
    if not user.has_perm("research.screen_proposal", proposal):
        raise PermissionDenied
    if decision not in SCREENED:
        raise ValidationError(_("Unknown screening decision."), code="decision")
    status = check_move(
        PROPOSAL_TRANSITIONS,
        proposal.status,
        SCREENING_ACTIONS[decision],
        _("Only a submitted proposal can be screened."),
    )
    note = note.strip()
    if decision != ProposalStatus.ACCEPTED and not note:
        raise ValidationError(_("Give the reason for this decision."), code="message_required")
    proposal.status = status
    proposal.screening_note = note
    proposal.duplicate_of_task = duplicate_of_task if decision == ProposalStatus.DUPLICATE else None
    proposal.version += 1
    proposal.updated_by = user
    attribute_to(proposal, user)
    proposal.save()
    _notify_proposer(proposal, NotificationKind.PROPOSAL_SCREENED, user)


def _notify_proposer(proposal: Proposal, kind: str, user: Any) -> None:
    """Tell the proposer (who wrote it, the unit's officers, the organisation's people) of the
    Department's answer, with its note (notifications.notify)."""
    people = {p.pk: p for p in unit_officers(units=[proposal.unit_id] if proposal.unit_id else [])}
    if proposal.organisation_id:
        people |= {p.pk: p for p in organisation_people(organisations=[proposal.organisation_id])}
    if proposal.created_by is not None:
        people[proposal.created_by.pk] = proposal.created_by
    people.pop(user.pk, None)
    with translation.override("vi"):
        if kind == NotificationKind.PROPOSAL_RETURNED:
            title = _("Proposal returned for completion: %(title)s") % {"title": proposal.title}
        else:
            title = _("Proposal screened (%(status)s): %(title)s") % {
                "status": proposal.get_status_display(),
                "title": proposal.title,
            }
    notify(
        kind,
        people.values(),
        title=title,
        body=proposal.screening_note,
        url=proposal.get_absolute_url(),
        target=proposal,
    )


def proposal_file_add(*, user: Any, proposal: Proposal, upload: Any) -> Any:
    """Attach a file to a proposal while the proposer may still edit it."""
    from khcn.core.uploads import check_upload
    from khcn.research.models import ProposalFile

    if not user.has_perm("research.change_proposal", proposal):
        raise PermissionDenied
    check_move(
        PROPOSAL_TRANSITIONS,
        proposal.status,
        "edit",
        _("Files are attached while the proposal is a draft or returned."),
    )
    if upload is None:
        raise ValidationError(_("Choose a file."), code="required")
    name = check_upload(upload)
    return ProposalFile.objects.create(proposal=proposal, file=upload, name=name, uploaded_by=user)


def proposal_file_delete(*, user: Any, attached: Any) -> None:
    proposal = attached.proposal
    if not user.has_perm("research.change_proposal", proposal):
        raise PermissionDenied
    check_move(
        PROPOSAL_TRANSITIONS, proposal.status, "edit", _("Files are removed while the proposal is a draft or returned.")
    )
    attached.file.delete(save=False)
    attached.delete()
