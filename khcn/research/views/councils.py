"""Pages for the Department's councils: forming one, its sheets and aggregate, its conclusion, its minutes."""

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khcn.core.exports import download_name, download_response
from khcn.research import scales, scoring, selectors
from khcn.research.council_subjects import kind_of
from khcn.research.forms import CouncilForm
from khcn.research.services import councils
from khcn.research.views.common import ask_first, parse_date
from khcn.research.views.proposals import proposal_detail


@require_POST
def council_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Form the council of a submitted proposal (Department staff)."""
    proposal = selectors.proposal_get(user=request.user, pk=pk)
    form = CouncilForm(request.POST)
    if not form.is_valid():
        return proposal_detail(request, pk, council_form=form, errors=[_("Check the council's members.")])
    try:
        council = councils.council_create(
            user=request.user,
            proposal=proposal,
            name=form.cleaned_data["name"],
            meets_on=form.cleaned_data["meets_on"],
            members=form.seats(),
        )
    except ValidationError as error:
        return proposal_detail(request, pk, council_form=form, errors=error.messages)
    messages.success(request, _("Council formed. Its members declare their interests before scoring."))
    return redirect(council)


def council_detail(request: HttpRequest, pk: int, errors: Any = None) -> HttpResponse:
    """The council for the Department: members, declarations, sheets, the aggregate, the conclusion."""
    council = selectors.council_get(user=request.user, pk=pk)
    members = list(council.members.select_related("user", "organisation", "sheet"))
    result = scoring.council_aggregate(council)
    grade_choices = [(code, str(label)) for code, label in scales.GRADES]
    kind = kind_of(council)
    return render(
        request,
        "research/council_detail.html",
        {
            "council": council,
            "task": council.task or (council.application.task if council.application_id else None),  # type: ignore[union-attr]
            "members": members,
            "result": result,
            "criteria": scales.criteria(council),
            "grades": scales.uses_grades(council),
            "grade_choices": grade_choices,
            "grade_rows": [
                (code, label, [result.grade_counts.get(code, {}).get(g, 0) for g, _l in grade_choices])
                for code, label, _top in scales.sheet_items(council)
            ],
            "today": date.today().strftime("%d/%m/%Y"),
            "form_errors": errors or [],
            # A council on another app's record: the record, and its part of the conclusion form.
            "evaluated": council.subject if kind else None,
            "evaluated_title": kind.title(council.subject) if kind else "",
            "conclude_template": kind.conclude_template if kind else "",
        },
        status=422 if errors else 200,
    )


@require_POST
def council_conclude_view(request: HttpRequest, pk: int) -> HttpResponse:
    council = selectors.council_get(user=request.user, pk=pk)
    may = councils.council_may_conclude(user=request.user, council=council)
    if may and council.concluded_at is None and request.POST.get("conclusion", "").strip():
        asked = ask_first(
            request,
            question=_("Record the council's conclusion?"),
            note=_("The conclusion and the grade are final: the minutes are drawn from them."),
            button=_("Yes, record the conclusion"),
            back=council.get_absolute_url(),
            back_label=council.name,
        )
        if asked:
            return asked
    try:
        councils.council_conclude(
            user=request.user,
            council=council,
            conclusion=request.POST.get("conclusion", ""),
            accept=request.POST.get("accept") == "1",
            required_fixes=request.POST.get("required_fixes", ""),
            final_products=request.POST.get("final_products", ""),
            day=parse_date(request.POST.get("day", "")),
            data=request.POST,
        )
    except ValidationError as error:
        return council_detail(request, pk, errors=error.messages)
    if council.subject_type_id:
        messages.success(request, _("The council's conclusion was recorded."))
        return redirect(council.subject.get_absolute_url())
    if council.task is not None:
        messages.success(request, _("The acceptance was recorded with the council's grade."))
        return redirect(council.task.get_absolute_url())
    messages.success(request, _("The council's conclusion was recorded."))
    return redirect(council)


def council_minutes_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The council's minutes (.docx, Decree 30 biên bản)."""
    council = selectors.council_get(user=request.user, pk=pk)
    from khcn.research.documents import council_minutes_docx as build

    return download_response(build(council=council), filename=download_name("bien-ban", council.name, ext="docx"))
