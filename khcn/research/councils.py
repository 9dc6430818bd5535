"""Advisory councils: members, conflict-of-interest declarations, scoring sheets, the aggregate.

Three kinds share the same steps: screening a proposal, selecting a host organisation's
application for a task put to open selection, and the acceptance of a task's results.

A member declares their interests before the dossier opens; a member who declares a conflict,
or whom the system flags (works at the proposing organisation or unit, wrote the proposal),
cannot score. Scores are per criterion (KHCN_SCORING_CRITERIA, out of 100 in all); the
aggregate gives each criterion's mean and spread, the disagreements to discuss, and whether
the proposal is recommended (mean ≥ KHCN_SCORE_PASS_MEAN and no criterion scored 0 by more
than KHCN_SCORE_ZERO_SHARE of the members who scored).

Acceptance councils grade instead (DOMAIN.md §3.5), on the scale KHCN_ACCEPTANCE_SCALE names:
"grades" (each criterion and the task overall Xuất sắc / Đạt / Không đạt, with the 3/4 rules)
or "points" (KHCN_ACCEPTANCE_CRITERIA out of 100, the mean falling in KHCN_ACCEPTANCE_BANDS).
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.accounts.models import RoleGrant
from khcn.accounts.roles import Role
from khcn.core.history import attribute_to
from khcn.core.text import fold, nfc
from khcn.research import services
from khcn.research.execution import save_task
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
    TaskStatus,
)

OVERALL = "overall"
GRADES = [
    ("excellent", gettext_lazy("Excellent (Xuất sắc)")),
    ("pass", gettext_lazy("Pass (Đạt)")),
    ("fail", gettext_lazy("Fail (Không đạt)")),
]
GRADE_RANK = {"excellent": 2, "pass": 1, "fail": 0}


def grade_label(code: str) -> str:
    """The label of a task's grade, whichever scale gave it."""
    labels = {c: str(label) for c, label in GRADES} | {c: label for _low, c, label in settings.KHCN_ACCEPTANCE_BANDS}
    return labels.get(code, code)


def uses_grades(council: Council) -> bool:
    return council.kind == CouncilKind.ACCEPTANCE and settings.KHCN_ACCEPTANCE_SCALE == "grades"


def criteria(council: Council | None = None) -> list[tuple[str, str, int]]:
    """The criteria a council's sheets hold: (code, label, maximum points)."""
    source = settings.KHCN_SCORING_CRITERIA
    if council is not None and council.kind == CouncilKind.ACCEPTANCE:
        source = settings.KHCN_ACCEPTANCE_CRITERIA
    return [(code, label, int(top)) for code, label, top in source]


def sheet_items(council: Council) -> list[tuple[str, str, int]]:
    """What a member fills in: the criteria, and on the grade scale the task overall too."""
    items = criteria(council)
    if uses_grades(council):
        items = [*items, (OVERALL, _("The task overall"), 0)]
    return items


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


def conflict_flag(*, user: Any, organisation: Any, proposal: Proposal | None = None, subject: Any = None) -> str:
    """Why the system suspects a conflict of interest, or "" (DOMAIN.md §3.4)."""
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
    if proposal.status != ProposalStatus.SUBMITTED:
        raise ValidationError(_("A council is formed for a submitted proposal."), code="wrong_state")
    return _form(user=user, name=name, members=members, kind=kind, meets_on=meets_on, proposal=proposal)


def selection_council_create(
    *, user: Any, application: SelectionApplication, name: str, members: list[tuple[Any, str]], meets_on: Any = None
) -> Council:
    """The council that scores a host organisation's application for a task put to open selection."""
    task = application.task
    if not user.has_perm("research.manage_task", task):
        raise PermissionDenied
    if task.status != TaskStatus.PLANNED or application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(_("A selection council scores a pending application."), code="wrong_state")
    return _form(
        user=user, name=name, members=members, kind=CouncilKind.SELECTION, meets_on=meets_on, application=application
    )


def acceptance_council_create(
    *, user: Any, task: ResearchTask, name: str, members: list[tuple[Any, str]], meets_on: Any = None
) -> Council:
    """The acceptance council of a task in progress; the task goes under acceptance."""
    if not user.has_perm("research.manage_task", task):
        raise PermissionDenied
    if task.status != TaskStatus.IN_PROGRESS:
        raise ValidationError(_("An acceptance council is formed for a task in progress."), code="wrong_state")
    with transaction.atomic():
        council = _form(
            user=user, name=name, members=members, kind=CouncilKind.ACCEPTANCE, meets_on=meets_on, task=task
        )
        task.status = TaskStatus.IN_ACCEPTANCE
        save_task(task, user)
    return council


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
        for member_user, role in members:
            organisation = _member_organisation(member_user)
            CouncilMember.objects.create(
                council=council,
                user=member_user,
                role=role,
                organisation=organisation,
                flagged=conflict_flag(user=member_user, organisation=organisation, subject=council.subject),
            )
    return council


def member_declare(*, user: Any, member: CouncilMember, has_conflict: bool, note: str) -> None:
    """The member's own declaration, made before the dossier opens; a conflict needs a word."""
    if member.user_id != user.pk:
        raise PermissionDenied
    if member.council.concluded_at:
        raise ValidationError(_("The council has concluded."), code="concluded")
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
    if member.user_id != user.pk:
        raise PermissionDenied
    if member.council.concluded_at:
        raise ValidationError(_("The council has concluded."), code="concluded")
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


@dataclass
class CriterionResult:
    code: str
    label: str
    top: int
    scores: list[int]
    mean: Decimal | None = None
    low: int | None = None
    high: int | None = None
    zeros: int = 0
    disagreement: bool = False


@dataclass
class Aggregate:
    eligible: int
    submitted: int
    totals: list[int]
    criteria: list[CriterionResult] = field(default_factory=list)
    mean_total: Decimal | None = None
    recommended: bool = False
    reasons: list[str] = field(default_factory=list)
    # Acceptance councils: the grade the sheets give, and on the grade scale how many gave each.
    grade: str = ""
    grade_counts: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def grade_label(self) -> str:
        return grade_label(self.grade) if self.grade else ""


def _mean(values: list[int]) -> Decimal:
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _grade_aggregate(result: Aggregate, council: Council, sheets: list[ScoreSheet]) -> Aggregate:
    """Circular 11/2014 rules: Đạt with 3/4 at Đạt or better; Xuất sắc with 3/4 at Xuất sắc and no Không đạt."""
    for code, _label, _top in sheet_items(council):
        given = [str(s.scores.get(code, "")) for s in sheets]
        result.grade_counts[code] = {g: given.count(g) for g, _l in GRADES}
    if not sheets:
        result.reasons.append(_("No sheet submitted yet."))
        return result
    overall = result.grade_counts[OVERALL]
    n = len(sheets)
    passed = overall["excellent"] + overall["pass"] >= n * settings.KHCN_ACCEPTANCE_PASS_SHARE
    excellent = passed and overall["excellent"] >= n * settings.KHCN_ACCEPTANCE_EXCELLENT_SHARE and not overall["fail"]
    result.grade = "excellent" if excellent else "pass" if passed else "fail"
    result.recommended = passed
    share = f"{settings.KHCN_ACCEPTANCE_PASS_SHARE:.0%}"
    result.reasons.append(
        _("%(good)s of %(n)s sheets grade the task Đạt or better (%(share)s needed); %(exc)s grade it Xuất sắc.")
        % {"good": overall["excellent"] + overall["pass"], "n": n, "share": share, "exc": overall["excellent"]}
    )
    return result


def _band(mean: Decimal) -> str:
    for low, code, _label in settings.KHCN_ACCEPTANCE_BANDS:
        if mean >= Decimal(str(low)):
            return str(code)
    return "fail"


def council_aggregate(council: Council) -> Aggregate:
    """The submitted sheets of the members who may score, put together."""
    members = list(council.members.select_related("sheet"))
    eligible = [m for m in members if not m.is_excluded]  # undeclared members count: they may still score
    sheets = [m.sheet for m in eligible if m.may_score and hasattr(m, "sheet") and m.sheet.submitted_at]
    if uses_grades(council):
        return _grade_aggregate(Aggregate(eligible=len(eligible), submitted=len(sheets), totals=[]), council, sheets)
    result = Aggregate(eligible=len(eligible), submitted=len(sheets), totals=[s.total for s in sheets])
    for code, label, top in criteria(council):
        scores = [int(s.scores.get(code, 0)) for s in sheets]
        line = CriterionResult(code=code, label=label, top=top, scores=scores)
        if scores:
            line.mean, line.low, line.high = _mean(scores), min(scores), max(scores)
            line.zeros = scores.count(0)
            line.disagreement = (line.high - line.low) > top * settings.KHCN_SCORE_DISAGREEMENT_SHARE
        result.criteria.append(line)
    if not sheets:
        result.reasons.append(_("No sheet submitted yet."))
        return result
    result.mean_total = _mean(result.totals)
    if council.kind == CouncilKind.ACCEPTANCE:
        result.grade = _band(result.mean_total)
        result.recommended = result.grade != "fail"
        result.reasons.append(
            _("The mean score %(mean)s gives the grade %(grade)s.")
            % {"mean": result.mean_total, "grade": grade_label(result.grade)}
        )
        return result
    passed = result.mean_total >= Decimal(str(settings.KHCN_SCORE_PASS_MEAN))
    if not passed:
        result.reasons.append(
            _("The mean score %(mean)s is below %(pass)s.")
            % {"mean": result.mean_total, "pass": settings.KHCN_SCORE_PASS_MEAN}
        )
    zeroed = [c.label for c in result.criteria if c.zeros > len(sheets) * settings.KHCN_SCORE_ZERO_SHARE]
    if zeroed:
        result.reasons.append(
            _("More than a third of the members gave 0 to: %(criteria)s.") % {"criteria": "; ".join(zeroed)}
        )
    result.recommended = passed and not zeroed
    return result


def council_conclude(
    *,
    user: Any,
    council: Council,
    conclusion: str,
    accept: bool,
    required_fixes: str = "",
    final_products: str = "",
    day: Any = None,
) -> Aggregate:
    """Record the council's conclusion and act on it.

    Screening: the proposal is accepted or not. Selection: the application is selected (its
    organisation and PI then host the task) or not. Acceptance: the task takes the grade the
    sheets give, with the fixes required and the final products.
    """
    subject = council.subject
    perm = "research.screen_proposal" if council.proposal_id else "research.manage_task"
    target = council.application.task if council.application_id else subject  # type: ignore[union-attr]
    if not user.has_perm(perm, target):
        raise PermissionDenied
    if council.concluded_at:
        raise ValidationError(_("The council has concluded."), code="concluded")
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
        council.conclusion = conclusion
        council.concluded_at = timezone.now()
        council.version += 1
        council.updated_by = user
        council.save()
        if council.kind == CouncilKind.ACCEPTANCE:
            _conclude_acceptance(user, council.task, result, required_fixes, final_products, day)  # type: ignore[arg-type]
        elif council.application_id:
            _conclude_selection(user, council.application, accept)  # type: ignore[arg-type]
        else:
            services.proposal_screen(
                user=user,
                proposal=subject,
                decision=ProposalStatus.ACCEPTED if accept else ProposalStatus.REJECTED,
                note=conclusion,
            )
    return result


def _conclude_selection(user: Any, application: SelectionApplication, accept: bool) -> None:
    task = application.task
    if not accept:
        application.status = ApplicationStatus.NOT_SELECTED
        attribute_to(application, user)
        application.save()
        return
    if task.selection_applications.filter(status=ApplicationStatus.SELECTED).exists():
        raise ValidationError(_("Another application was selected for this task already."), code="selected")
    application.status = ApplicationStatus.SELECTED
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
    task.grade = result.grade
    task.status = TaskStatus.ACCEPTED if result.grade != "fail" else TaskStatus.FAILED
    task.accepted_on = day or timezone.localdate()
    task.required_fixes = nfc(required_fixes).strip()
    task.final_products = nfc(final_products).strip()
    save_task(task, user)
