"""Pages for the experts who sit on councils: their seats, declarations and scoring sheets."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from khcn.research import scales, selectors
from khcn.research.council_subjects import kind_of
from khcn.research.forms import DeclarationForm
from khcn.research.models import CouncilMember
from khcn.research.services import councils


def my_reviews(request: HttpRequest) -> HttpResponse:
    """The councils the signed-in expert sits on, and what each still needs from them."""
    if not request.user.has_perm("research.my_reviews"):
        raise PermissionDenied
    return render(request, "research/my_reviews.html", {"seats": selectors.seat_list(user=request.user)})


@require_http_methods(["GET", "POST"])
def seat_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A member's seat: the declaration first; then the dossier and the scoring sheet."""
    seat = selectors.seat_get(user=request.user, pk=pk)
    step = request.POST.get("step") if request.method == "POST" else None
    declaration = DeclarationForm(request.POST if step == "declare" else None)
    if step == "declare":
        return _declare(request, seat, declaration)
    if step == "score":
        return _score(request, seat, declaration)
    return _seat_page(request, seat, declaration)


def _declare(request: HttpRequest, seat: CouncilMember, declaration: DeclarationForm) -> HttpResponse:
    if declaration.is_valid():
        try:
            councils.member_declare(
                user=request.user,
                member=seat,
                has_conflict=declaration.cleaned_data["has_conflict"],
                note=declaration.cleaned_data["note"],
            )
        except ValidationError as error:
            declaration.add_error(None, error)
        else:
            messages.success(request, _("Declaration recorded."))
            return redirect("research:seat_detail", pk=seat.pk)
    return _seat_page(request, seat, declaration, status=422)


def _score(request: HttpRequest, seat: CouncilMember, declaration: DeclarationForm) -> HttpResponse:
    typed = {code: request.POST.get(f"c-{code}", "") for code, _label, _top in scales.sheet_items(seat.council)}
    submit = request.POST.get("action") == "submit"
    try:
        _sheet, errors = councils.sheet_save(
            user=request.user, member=seat, scores=typed, comment=request.POST.get("comment", ""), submit=submit
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("research:seat_detail", pk=seat.pk)
    if not errors:
        messages.success(request, _("Scoring sheet submitted.") if submit else _("Draft sheet saved."))
        return redirect("research:seat_detail", pk=seat.pk)
    return _seat_page(request, seat, declaration, typed=typed, errors=errors, status=422)


def _sheet_rows(seat: CouncilMember, stored: dict[str, Any], typed: dict[str, str], errors: dict[str, str]) -> Any:
    """The sheet's lines: what was typed (when it comes back with errors), else what is stored."""
    return [
        {
            "code": code,
            "label": label,
            "top": top,
            "value": typed.get(code, str(stored.get(code, "")) if code in stored else ""),
            "error": errors.get(code, ""),
        }
        for code, label, top in scales.sheet_items(seat.council)
    ]


def _seat_page(
    request: HttpRequest,
    seat: CouncilMember,
    declaration: DeclarationForm,
    *,
    typed: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    sheet = getattr(seat, "sheet", None) if hasattr(seat, "sheet") else None
    stored = sheet.scores if sheet else {}
    council = seat.council
    kind = kind_of(council)
    context = {
        "seat": seat,
        "proposal": council.proposal,
        "proposal_files": list(council.proposal.files.all()) if council.proposal and seat.may_score else [],
        "application": council.application,
        "task": council.task or (council.application.task if council.application_id else None),  # type: ignore[union-attr]
        "grades": scales.uses_grades(council),
        "overall_grade": scales.grade_label(stored[scales.OVERALL]) if scales.OVERALL in stored else "",
        "grade_choices": scales.GRADES,
        "declaration": declaration,
        "rows": _sheet_rows(seat, stored, typed or {}, errors or {}),
        "sheet": sheet,
        "comment": request.POST.get("comment", sheet.comment if sheet else ""),
        "has_errors": bool(errors),
        # A council on another app's record: its title, and what a member reads once they may score.
        "evaluated": council.subject if kind else None,
        "evaluated_line": kind.subject_line(council.subject) if kind else "",
        "dossier_template": kind.dossier_template if kind else "",
    }
    return render(request, "research/seat_detail.html", context, status=status)
