"""The city's evaluation of an initiative: research's council machinery on an initiative.

An initiative recognised by its unit and put into the city's yearly round goes before the
city's initiative council (DOMAIN.md §4.2-4.3; in Hà Nội the Department is its standing body).
The council is research's: members declare their interests, score each criterion on a secret
sheet, the aggregate gives the mean and the recommendation, and the minutes are research's
.docx. This module registers what is the initiative's own (research.council_subjects): the
criteria, who forms and concludes, why a member is suspected of a conflict, and what the
conclusion does, namely the city's decision (CityRecognition) with the scope of influence and
effect that emulation titles rely on. The criteria and the pass mark are unconfirmed for Hà Nội
and are settings (KHCN_INITIATIVE_CRITERIA, KHCN_INITIATIVE_PASS_MEAN).
"""

from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.accounts.models import RoleGrant
from khcn.accounts.roles import Role
from khcn.core.concurrency import locked_current
from khcn.core.history import attribute_to
from khcn.core.text import fold, nfc
from khcn.documents.decree30 import province_of
from khcn.initiatives.documents import owner_in_sentence
from khcn.initiatives.models import CityRecognition, InfluenceScope, Initiative
from khcn.initiatives.services import event, moved
from khcn.initiatives.workflow import check_move
from khcn.research import council_subjects

# (code, label, maximum points): out of 100 in all. What the city judges of an initiative
# already recognised at its unit: its effect, how far it reaches, whether it can be replicated.
DEFAULT_CRITERIA: list[tuple[str, Any, int]] = [
    ("novelty", gettext_lazy("What is new and creative in it"), 20),
    ("effect", gettext_lazy("Effect of applying it (time, money, quality of service)"), 35),
    ("scope", gettext_lazy("Scope of influence beyond the unit"), 25),
    ("replication", gettext_lazy("How far it can be replicated elsewhere"), 20),
]
# The scopes a city decision may recognise (the base is the unit's own decision).
CITY_SCOPES = (InfluenceScope.CITY, InfluenceScope.NATIONAL)


def criteria() -> list[tuple[str, Any, int]]:
    return getattr(settings, "KHCN_INITIATIVE_CRITERIA", None) or DEFAULT_CRITERIA


def _may_evaluate(user: Any, initiative: Initiative) -> bool:
    return bool(user.has_perm("initiatives.evaluate_city", initiative))


def _conflict_reasons(user: Any, organisation: Any, initiative: Initiative) -> list[str]:
    """An author, someone of the owning organisation, or an officer of the owning unit."""
    reasons = []
    name = fold(user.get_full_name() or "")
    if name and any(a.name_folded == name for a in initiative.authors.all()):
        reasons.append(_("is an author of the initiative"))
    if organisation is not None and organisation.pk == initiative.organisation_id:
        reasons.append(_("works at the organisation that applies"))
    if initiative.unit_id is not None:
        grants = RoleGrant.objects.filter(user=user, is_active=True, role=Role.LOCAL_OFFICER).select_related("unit")
        if any(g.unit and initiative.unit.path.startswith(g.unit.path) for g in grants):  # type: ignore[union-attr]
            reasons.append(_("is an officer of the unit that applies"))
    return reasons


def _title(initiative: Initiative) -> str:
    return initiative.title


def _subject_line(initiative: Initiative) -> str:
    authors = ", ".join(a.full_name for a in initiative.authors.all())
    owner = owner_in_sentence(initiative)
    line = _("Initiative “%(title)s” of %(owner)s") % {"title": initiative.title, "owner": owner}
    if authors:
        line += _(", authors %(authors)s") % {"authors": authors}
    if initiative.city_round_year:
        line += _(" (city round %(year)s)") % {"year": initiative.city_round_year}
    return line


def _dossier(initiative: Initiative) -> dict[str, str]:
    """What a council member reads through the API once they may score."""
    first = initiative.first_applied_on
    return {
        "owner": initiative.owner_label(),
        "authors": "; ".join(f"{a.full_name} ({a.share}%)" for a in initiative.authors.all()),
        "field": str(initiative.get_field_display()),
        "problem": initiative.problem,
        "solution": initiative.solution,
        "novelty": initiative.novelty,
        "first_applied_on": first.isoformat() if first else "",
        "applied_where": initiative.applied_where,
        "effects": initiative.effects,
        "costs": initiative.costs,
        "influence_scope": initiative.influence_scope,
    }


def _parse_day(raw: str) -> date | None:
    """A posted date as the forms read it (dd/mm/yyyy as typed, or ISO); None if neither."""
    try:
        return forms.DateField(required=False).clean(raw)
    except ValidationError:
        return None


def _conclude(
    *, user: Any, council: Any, subject: Initiative, result: Any, accept: bool, conclusion: str, data: Any
) -> None:
    """The council's conclusion becomes the city's decision on the initiative.

    Recognised: the scope (city-wide or nation-wide), the decision's number, date and signer
    are required. Not recognised: the conclusion is the reason; the unit's own recognition
    stands. Every error names the field, and nothing is saved (the council stays open).
    """
    errors: dict[str, Any] = {}
    scope = str(data.get("influence_scope", "")).strip()
    number = nfc(str(data.get("decision_number", ""))).strip()
    signer = nfc(str(data.get("signer", ""))).strip()
    raw_day = str(data.get("decision_date", "")).strip()
    day = _parse_day(raw_day)
    if accept:
        if scope not in CITY_SCOPES:
            errors["influence_scope"] = _("Choose the scope of influence the city recognises.")
        if not number:
            errors["decision_number"] = _("Enter the decision's number.")
        if not signer:
            errors["signer"] = _("Enter who signed the decision.")
    if raw_day and day is None:
        errors["decision_date"] = _("Enter the decision date as dd/mm/yyyy.")
    elif accept and day is None:
        errors["decision_date"] = _("Enter the decision date.")
    elif day is not None and day > timezone.localdate():
        errors["decision_date"] = _("The decision date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = locked_current(subject, expected_version=None)
        if not _may_evaluate(user, current):
            raise PermissionDenied
        action = "city_recognise" if accept else "city_not_recognise"
        status = check_move(current.status, action, _("Only an initiative in the city round can be decided."))
        decision = CityRecognition(
            initiative=current,
            council=council,
            recognised=accept,
            influence_scope=scope if accept else InfluenceScope.BASE,
            mean_score=result.mean_total,
            effectiveness=nfc(str(data.get("effectiveness", ""))).strip(),
            decision_number=number,
            decision_date=day,
            signer=signer,
            reasons="" if accept else conclusion,
            created_by=user,
            updated_by=user,
        )
        attribute_to(decision, user)
        decision.full_clean()
        decision.save()
        moved(current, user=user, status=status, action=action, note=number or conclusion[:200])


KIND = council_subjects.SubjectKind(
    criteria=criteria,
    pass_mean=lambda: float(settings.KHCN_INITIATIVE_PASS_MEAN),
    may_form=_may_evaluate,
    may_conclude=_may_evaluate,
    conflict_reasons=_conflict_reasons,
    conclude=_conclude,
    title=_title,
    subject_line=_subject_line,
    dossier_template="initiatives/_council_dossier.html",
    conclude_template="initiatives/_council_conclude.html",
    council_url_name="initiatives:council_detail",
    dossier=_dossier,
)


def register() -> None:
    council_subjects.register(Initiative, KIND)


def city_council_form(
    *, user: Any, initiative: Initiative, name: str, members: list[tuple[Any, str]], meets_on: Any = None
) -> Any:
    """Form the city's evaluation council on an initiative in the city round: the council of
    the deployment's province, its members checked for conflicts at once (research's rules)."""
    from khcn.research.services.councils import evaluation_council_create

    if not _may_evaluate(user, initiative):
        raise PermissionDenied
    check_move(initiative.status, "city_council", _("A city council is formed for an initiative in the city round."))
    owner_unit = initiative.unit if initiative.unit_id else initiative.organisation.unit  # type: ignore[union-attr]
    with transaction.atomic():
        council = evaluation_council_create(
            user=user,
            subject=initiative,
            unit=province_of(owner_unit) if owner_unit is not None else None,
            name=name,
            members=members,
            meets_on=meets_on,
        )
        event(initiative, action="city_council", user=user, note=council.name)
    return council
