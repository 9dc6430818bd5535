"""Pages for the experts who sit on councils: their seats, declarations and scoring sheets."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from khcn.research import scales, selectors
from khcn.research.forms import (
    DeclarationForm,
)
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
    declaration = DeclarationForm(request.POST if request.POST.get("step") == "declare" else None)
    errors: dict[str, str] = {}
    typed: dict[str, str] = {}
    status = 200
    if request.method == "POST" and request.POST.get("step") == "declare":
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
        status = 422
    elif request.method == "POST" and request.POST.get("step") == "score":
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
        status = 422
    sheet = getattr(seat, "sheet", None) if hasattr(seat, "sheet") else None
    stored = sheet.scores if sheet else {}
    rows = [
        {
            "code": code,
            "label": label,
            "top": top,
            "value": typed.get(code, str(stored.get(code, "")) if code in stored else ""),
            "error": errors.get(code, ""),
        }
        for code, label, top in scales.sheet_items(seat.council)
    ]
    council = seat.council
    return render(
        request,
        "research/seat_detail.html",
        {
            "seat": seat,
            "proposal": council.proposal,
            "proposal_files": list(council.proposal.files.all()) if council.proposal and seat.may_score else [],
            "application": council.application,
            "task": council.task or (council.application.task if council.application_id else None),  # type: ignore[union-attr]
            "grades": scales.uses_grades(council),
            "overall_grade": scales.grade_label(stored[scales.OVERALL]) if scales.OVERALL in stored else "",
            "grade_choices": scales.GRADES,
            "declaration": declaration,
            "rows": rows,
            "sheet": sheet,
            "comment": request.POST.get("comment", sheet.comment if sheet else ""),
            "has_errors": bool(errors),
        },
        status=status,
    )
