"""Advisory councils: members, conflict-of-interest declarations, scoring sheets, the aggregate.

A member declares their interests before the dossier opens; a member who declares a conflict,
or whom the system flags (works at the proposing organisation or unit, wrote the proposal),
cannot score. Scores are per criterion (KHCN_SCORING_CRITERIA, out of 100 in all); the
aggregate gives each criterion's mean and spread, the disagreements to discuss, and whether
the proposal is recommended (mean ≥ KHCN_SCORE_PASS_MEAN and no criterion scored 0 by more
than KHCN_SCORE_ZERO_SHARE of the members who scored).
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khcn.accounts.models import RoleGrant
from khcn.accounts.roles import Role
from khcn.core.text import nfc
from khcn.research import services
from khcn.research.models import (
    Council,
    CouncilKind,
    CouncilMember,
    MemberRole,
    Proposal,
    ProposalStatus,
    ScoreSheet,
)


def criteria() -> list[tuple[str, str, int]]:
    return [(code, label, int(top)) for code, label, top in settings.KHCN_SCORING_CRITERIA]


def conflict_flag(*, user: Any, organisation: Any, proposal: Proposal) -> str:
    """Why the system suspects a conflict of interest, or "" (DOMAIN.md §3.4)."""
    reasons = []
    if user.pk == proposal.created_by_id:
        reasons.append(_("wrote the proposal"))
    if organisation is not None and organisation.pk == proposal.organisation_id:
        reasons.append(_("works at the proposing organisation"))
    unit = proposal.unit
    if unit is not None:
        grants = RoleGrant.objects.filter(user=user, is_active=True, role=Role.LOCAL_OFFICER).select_related("unit")
        if any(g.unit and unit.path.startswith(g.unit.path) for g in grants):
            reasons.append(_("is an officer of the proposing unit"))
        elif organisation is not None and organisation.unit_id == proposal.unit_id:
            reasons.append(_("works in the proposing unit"))
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
    roles = [role for _u, role in members]
    if roles.count(MemberRole.CHAIR) != 1:
        raise ValidationError(_("A council has exactly one chair."), code="chair")
    if len({u.pk for u, _r in members}) != len(members):
        raise ValidationError(_("A person sits only once on a council."), code="duplicate_member")
    with transaction.atomic():
        council = Council.objects.create(
            kind=kind, proposal=proposal, name=nfc(name).strip(), meets_on=meets_on, created_by=user, updated_by=user
        )
        for member_user, role in members:
            organisation = _member_organisation(member_user)
            CouncilMember.objects.create(
                council=council,
                user=member_user,
                role=role,
                organisation=organisation,
                flagged=conflict_flag(user=member_user, organisation=organisation, proposal=proposal),
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
    clean: dict[str, int] = {}
    for code, _label, top in criteria():
        raw = str(scores.get(code, "")).strip()
        if raw == "":
            if submit:
                errors[code] = _("Score this criterion.")
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


def _mean(values: list[int]) -> Decimal:
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def council_aggregate(council: Council) -> Aggregate:
    """The submitted sheets of the members who may score, put together."""
    members = list(council.members.select_related("sheet"))
    eligible = [m for m in members if not m.is_excluded]  # undeclared members count: they may still score
    sheets = [m.sheet for m in eligible if m.may_score and hasattr(m, "sheet") and m.sheet.submitted_at]
    result = Aggregate(eligible=len(eligible), submitted=len(sheets), totals=[s.total for s in sheets])
    for code, label, top in criteria():
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


def council_conclude(*, user: Any, council: Council, conclusion: str, accept: bool) -> Aggregate:
    """Record the council's conclusion and screen the proposal accordingly."""
    proposal = council.proposal
    if not user.has_perm("research.screen_proposal", proposal):
        raise PermissionDenied
    conclusion = nfc(conclusion).strip()
    if not conclusion:
        raise ValidationError(_("Write the council's conclusion."), code="message_required")
    result = council_aggregate(council)
    if result.submitted * 3 < result.eligible * 2:
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
        services.proposal_screen(
            user=user,
            proposal=proposal,
            decision=ProposalStatus.ACCEPTED if accept else ProposalStatus.REJECTED,
            note=conclusion,
        )
    return result
