"""Advisory councils: members, conflict-of-interest declarations, scoring sheets, the conclusion.

Three kinds share the same steps: screening a proposal, selecting a host organisation's
application for a task put to open selection, and the acceptance of a task's results.

A member declares their interests before the dossier opens; a member who declares a conflict,
or whom the system flags (works at the proposing organisation or unit, wrote the proposal),
cannot score. Scores are per criterion (scales.py, out of 100 in all); the aggregate
(scoring.py) gives each criterion's mean and spread, the disagreements to discuss, and whether
the proposal is recommended (mean ≥ KHCN_SCORE_PASS_MEAN and no criterion scored 0 by more than
KHCN_SCORE_ZERO_SHARE of the members who scored).

Acceptance councils grade instead (DOMAIN.md §3.5), on the scale KHCN_ACCEPTANCE_SCALE names:
"grades" (each criterion and the task overall Xuất sắc / Đạt / Không đạt, with the 3/4 rules)
or "points" (the acceptance criteria out of 100, the mean falling in a band of scales.py).
"""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from khcn.accounts.models import RoleGrant
from khcn.accounts.permissions import acts_with_any_role
from khcn.accounts.roles import Role
from khcn.core.history import attribute_to
from khcn.core.text import fold, nfc
from khcn.notifications.models import NotificationKind
from khcn.notifications.services import notify
from khcn.research.council_subjects import kind_for_label, kind_of
from khcn.research.models import (
    ApplicationStatus,
    Council,
    CouncilKind,
    CouncilMember,
    MemberRole,
    Proposal,
    ProposalStatus,
    ResearchTask,
    ScoreSheet,
    SelectionApplication,
)
from khcn.research.scales import GRADE_RANK, sheet_items, uses_grades
from khcn.research.scoring import Aggregate, council_aggregate
from khcn.research.services import proposals
from khcn.research.services.tasks import save_task
from khcn.research.workflow import (
    APPLICATION_TRANSITIONS,
    COUNCIL_TRANSITIONS,
    PROPOSAL_TRANSITIONS,
    TASK_TRANSITIONS,
    check_move,
    council_status,
)


def _is_officer_of(user: Any, unit: Any) -> bool:
    grants = RoleGrant.objects.filter(user=user, is_active=True, role=Role.LOCAL_OFFICER).select_related("unit")
    return any(g.unit and unit.path.startswith(g.unit.path) for g in grants)


def _proposal_flags(user: Any, organisation: Any, proposal: Proposal) -> list[str]:
    reasons = []
    if user.pk == proposal.created_by_id:
        reasons.append(_("wrote the proposal"))
    if organisation is not None and organisation.pk == proposal.organisation_id:
        reasons.append(_("works at the proposing organisation"))
    unit = proposal.unit
    if unit is not None:
        if _is_officer_of(user, unit):
            reasons.append(_("is an officer of the proposing unit"))
        elif organisation is not None and organisation.unit_id == proposal.unit_id:
            reasons.append(_("works in the proposing unit"))
    return reasons


def _same_person(user: Any, name: str) -> bool:
    full = fold(user.get_full_name() or "")
    return bool(full) and full == fold(name or "")


def conflict_flag(
    *, user: Any, organisation: Any, proposal: Proposal | None = None, subject: Any = None, kind: Any = None
) -> str:
    """Why the system suspects a conflict of interest, or "" (DOMAIN.md §3.4); `kind`, the
    registered kind of another app's subject, gives its own reasons."""
    subject = subject if subject is not None else proposal
    reasons: list[str] = []
    if isinstance(subject, Proposal):
        reasons = _proposal_flags(user, organisation, subject)
    elif isinstance(subject, SelectionApplication):
        if subject.pi_user_id == user.pk or _same_person(user, subject.pi_name):
            reasons.append(_("is the proposed principal investigator"))
        if organisation is not None and organisation.pk == subject.organisation_id:
            reasons.append(_("works at the applying organisation"))
    elif isinstance(subject, ResearchTask):
        if subject.pi_user_id == user.pk or _same_person(user, subject.pi_name):
            reasons.append(_("is the principal investigator"))
        elif any(_same_person(user, m.name) for m in subject.members.all()):
            reasons.append(_("takes part in the task"))
        if organisation is not None and organisation.pk == subject.host_organisation_id:
            reasons.append(_("works at the host organisation"))
    elif kind is not None:
        reasons = kind.conflict_reasons(user, organisation, subject)
    return "; ".join(reasons)


def _member_organisation(user: Any) -> Any:
    grant = RoleGrant.objects.filter(user=user, is_active=True, organisation__isnull=False).first()
    return grant.organisation if grant else None


def council_create(
    *,
    user: Any,
    proposal: Proposal,
    name: str,
    members: list[tuple[Any, str]],
    kind: str = CouncilKind.SCREENING,
    meets_on: Any = None,
) -> Council:
    """Form a council for a submitted proposal; each member is checked for conflicts at once."""
    if not user.has_perm("research.screen_proposal", proposal):
        raise PermissionDenied
    check_move(
        PROPOSAL_TRANSITIONS, proposal.status, "form_council", _("A council is formed for a submitted proposal.")
    )
    return _form(user=user, name=name, members=members, kind=kind, meets_on=meets_on, proposal=proposal)


def selection_council_create(
    *, user: Any, application: SelectionApplication, name: str, members: list[tuple[Any, str]], meets_on: Any = None
) -> Council:
    """The council that scores a host organisation's application for a task put to open selection."""
    task = application.task
    if not user.has_perm("research.manage_task", task):
        raise PermissionDenied
    message = _("A selection council scores a pending application.")
    check_move(TASK_TRANSITIONS, task.status, "form_selection_council", message)
    check_move(APPLICATION_TRANSITIONS, application.status, "form_council", message)
    return _form(
        user=user, name=name, members=members, kind=CouncilKind.SELECTION, meets_on=meets_on, application=application
    )


def acceptance_council_create(
    *, user: Any, task: ResearchTask, name: str, members: list[tuple[Any, str]], meets_on: Any = None
) -> Council:
    """The acceptance council of a task in progress; the task goes under acceptance."""
    if not user.has_perm("research.manage_task", task):
        raise PermissionDenied
    status = check_move(
        TASK_TRANSITIONS,
        task.status,
        "form_acceptance_council",
        _("An acceptance council is formed for a task in progress."),
    )
    with transaction.atomic():
        council = _form(
            user=user, name=name, members=members, kind=CouncilKind.ACCEPTANCE, meets_on=meets_on, task=task
        )
        task.status = status
        save_task(task, user)
    return council


def evaluation_council_create(
    *, user: Any, subject: Any, unit: Any, name: str, members: list[tuple[Any, str]], meets_on: Any = None
) -> Council:
    """Form a council on another app's record (research.council_subjects), the council of `unit`.

    One open council at a time per subject: a new one is formed only once the last concluded.
    """
    kind = kind_for_label(subject._meta.label_lower)
    if not kind.may_form(user, subject):
        raise PermissionDenied
    subject_type = ContentType.objects.get_for_model(subject)
    open_ = Council.objects.filter(subject_type=subject_type, subject_id=subject.pk, concluded_at__isnull=True)
    if open_.exists():
        raise ValidationError(_("A council on this record is still open."), code="council_open")
    return _form(
        user=user,
        name=name,
        members=members,
        kind=CouncilKind.EVALUATION,
        meets_on=meets_on,
        subject_type=subject_type,
        subject_id=subject.pk,
        unit=unit,
    )


def council_may_conclude(*, user: Any, council: Council) -> bool:
    """Whether `user` records this council's conclusion: who screens the proposal, or manages
    the task (selection and acceptance councils); for another app's record, its kind says."""
    kind = kind_of(council)
    if kind is not None:
        return bool(kind.may_conclude(user, council.subject))
    perm = "research.screen_proposal" if council.proposal_id else "research.manage_task"
    target = council.application.task if council.application_id else council.subject  # type: ignore[union-attr]
    return bool(user.has_perm(perm, target))


def _check_council(council: Council, action: str) -> None:
    check_move(COUNCIL_TRANSITIONS, council_status(council), action, _("The council has concluded."), code="concluded")


def _form(*, user: Any, name: str, members: list[tuple[Any, str]], kind: str, meets_on: Any, **subject: Any) -> Council:
    roles = [role for _u, role in members]
    if roles.count(MemberRole.CHAIR) != 1:
        raise ValidationError(_("A council has exactly one chair."), code="chair")
    if len({u.pk for u, _r in members}) != len(members):
        raise ValidationError(_("A person sits only once on a council."), code="duplicate_member")
    with transaction.atomic():
        council = Council.objects.create(
            kind=kind, name=nfc(name).strip(), meets_on=meets_on, created_by=user, updated_by=user, **subject
        )
        subject_kind = kind_of(council)
        for member_user, role in members:
            organisation = _member_organisation(member_user)
            seat = CouncilMember.objects.create(
                council=council,
                user=member_user,
                role=role,
                organisation=organisation,
                flagged=conflict_flag(
                    user=member_user, organisation=organisation, subject=council.subject, kind=subject_kind
                ),
            )
            _notify_invited(seat)
    return council


def _notify_invited(seat: CouncilMember) -> None:
    """Invite the member: their seat, where they declare their interests and then score."""
    council = seat.council
    with translation.override("vi"):
        title = _("Invitation to the council “%(council)s”") % {"council": council.name}
        body = _("You sit on this council as %(role)s. Declare your interests first, then score.") % {
            "role": seat.get_role_display().lower()
        }
        if council.meets_on:
            body += "\n" + _("Meeting date: %(day)s") % {"day": date_format(council.meets_on, "SHORT_DATE_FORMAT")}
    url = reverse("research:seat_detail", args=[seat.pk])
    notify(NotificationKind.COUNCIL_INVITATION, [seat.user], title=title, body=body, url=url, target=seat)


def member_declare(*, user: Any, member: CouncilMember, has_conflict: bool, note: str) -> None:
    """The member's own declaration, made before the dossier opens; a conflict needs a word."""
    # One's own seat, while one still holds a grant that gives writes (not ended, not only
    # the history of a former unit).
    if member.user_id != user.pk or not acts_with_any_role(user):
        raise PermissionDenied
    _check_council(member.council, "declare")
    note = nfc(note).strip()
    if has_conflict and not note:
        raise ValidationError(_("Say what the conflict of interest is."), code="note_required")
    if member.has_conflict is not None and not has_conflict:
        raise ValidationError(_("The declaration was made already."), code="declared")
    member.has_conflict = has_conflict
    member.conflict_note = note
    member.declared_at = timezone.now()
    member.save(update_fields=["has_conflict", "conflict_note", "declared_at"])


def sheet_save(
    *, user: Any, member: CouncilMember, scores: dict[str, str], comment: str, submit: bool
) -> tuple[ScoreSheet | None, dict[str, str]]:
    """Save the member's sheet (a draft, or submitted when every criterion is scored).

    Returns the sheet and the errors by criterion; with errors nothing is saved.
    """
    # One's own seat, while one still holds a grant that gives writes (not ended, not only
    # the history of a former unit).
    if member.user_id != user.pk or not acts_with_any_role(user):
        raise PermissionDenied
    _check_council(member.council, "score")
    if not member.may_score:
        raise ValidationError(
            _("You cannot score: declare your interests first; a declared or flagged conflict excludes you."),
            code="conflict",
        )
    sheet = ScoreSheet.objects.filter(member=member).first()
    if sheet is not None and sheet.submitted_at:
        raise ValidationError(_("Your sheet was submitted already."), code="submitted")
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    grades = uses_grades(member.council)
    for code, _label, top in sheet_items(member.council):
        raw = str(scores.get(code, "")).strip()
        if raw == "":
            if submit:
                errors[code] = _("Grade this criterion.") if grades else _("Score this criterion.")
            continue
        if grades:
            if raw not in GRADE_RANK:
                errors[code] = _("Choose a grade.")
            else:
                clean[code] = raw
            continue
        try:
            value = int(raw)
        except ValueError:
            errors[code] = _("Enter a whole number of points.")
            continue
        if not 0 <= value <= top:
            errors[code] = _("Between 0 and %(top)s points.") % {"top": top}
            continue
        clean[code] = value
    if errors:
        return None, errors
    sheet = sheet or ScoreSheet(member=member)
    sheet.scores = clean
    sheet.comment = nfc(comment).strip()
    sheet.submitted_at = timezone.now() if submit else None
    sheet.save()
    return sheet, {}


def council_conclude(
    *,
    user: Any,
    council: Council,
    conclusion: str,
    accept: bool,
    required_fixes: str = "",
    final_products: str = "",
    day: Any = None,
    data: Any = None,
) -> Aggregate:
    """Record the council's conclusion and act on it.

    Screening: the proposal is accepted or not. Selection: the application is selected (its
    organisation and PI then host the task) or not. Acceptance: the task takes the grade the
    sheets give, with the fixes required and the final products. Another app's record: its
    registered kind acts, with `data` (its own fields of the conclusion form).
    """
    subject = council.subject
    if not council_may_conclude(user=user, council=council):
        raise PermissionDenied
    _check_council(council, "conclude")
    conclusion = nfc(conclusion).strip()
    if not conclusion:
        raise ValidationError(_("Write the council's conclusion."), code="message_required")
    result = council_aggregate(council)
    if result.submitted == 0 or result.submitted * 3 < result.eligible * 2:
        raise ValidationError(
            _("Only %(done)s of %(all)s members who may score have submitted their sheets; two thirds must.")
            % {"done": result.submitted, "all": result.eligible},
            code="quorum",
        )
    with transaction.atomic():
        # The subject moves first: a move its workflow refuses leaves the council open.
        kind = kind_of(council)
        if kind is not None:
            kind.conclude(
                user=user, council=council, subject=subject, result=result, accept=accept, conclusion=conclusion,
                data=data or {},
            )  # fmt: skip
        elif council.kind == CouncilKind.ACCEPTANCE:
            _conclude_acceptance(user, council.task, result, required_fixes, final_products, day)  # type: ignore[arg-type]
        elif council.application_id:
            _conclude_selection(user, council.application, accept)  # type: ignore[arg-type]
        else:
            proposals.proposal_screen(
                user=user,
                proposal=subject,
                decision=ProposalStatus.ACCEPTED if accept else ProposalStatus.REJECTED,
                note=conclusion,
            )
        council.conclusion = conclusion
        council.concluded_at = timezone.now()
        council.version += 1
        council.updated_by = user
        council.save()
    return result


def _conclude_selection(user: Any, application: SelectionApplication, accept: bool) -> None:
    task = application.task
    if not accept:
        application.status = check_move(
            APPLICATION_TRANSITIONS, application.status, "pass_over", _("This application was decided already.")
        )
        attribute_to(application, user)
        application.save()
        return
    if task.selection_applications.filter(status=ApplicationStatus.SELECTED).exists():
        raise ValidationError(_("Another application was selected for this task already."), code="selected")
    application.status = check_move(
        APPLICATION_TRANSITIONS, application.status, "select", _("This application was decided already.")
    )
    attribute_to(application, user)
    application.save()
    for other in task.selection_applications.exclude(pk=application.pk).filter(status=ApplicationStatus.SUBMITTED):
        other.status = ApplicationStatus.NOT_SELECTED
        attribute_to(other, user)
        other.save()
    task.host_organisation = application.organisation
    task.host_name = application.applicant_name
    task.pi_name = application.pi_name
    task.pi_user = application.pi_user
    task.budget_million = application.budget_million
    save_task(task, user)


def _conclude_acceptance(
    user: Any, task: ResearchTask, result: Aggregate, required_fixes: str, final_products: str, day: Any
) -> None:
    task.status = check_move(
        TASK_TRANSITIONS,
        task.status,
        "pass_acceptance" if result.grade != "fail" else "fail_acceptance",
        _("The task is not under acceptance."),
    )
    task.grade = result.grade
    task.accepted_on = day or timezone.localdate()
    task.required_fixes = nfc(required_fixes).strip()
    task.final_products = nfc(final_products).strip()
    save_task(task, user)
