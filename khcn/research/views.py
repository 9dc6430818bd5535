"""Pages for task proposals: list, write and edit, submit, and the Department's screening."""

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_tables2 import RequestConfig

from khcn.core.concurrency import StaleObjectError
from khcn.core.exports import download_response, table_xlsx_response, xlsx_response
from khcn.core.history import history_entries
from khcn.core.http import HtmxHttpRequest
from khcn.research import scales, scoring, selectors, similarity
from khcn.research.filters import ProposalFilter, TaskFilter
from khcn.research.forms import CouncilForm, DeclarationForm, ProposalForm, ScreeningForm
from khcn.research.models import (
    AnnualPlan,
    ProposalStatus,
    ResearchTask,
    SelectionMode,
)
from khcn.research.services import councils, plans, proposals
from khcn.research.tables import ProposalTable, TaskTable


def proposal_list(request: HtmxHttpRequest) -> HttpResponse:
    if not request.user.has_perm("research.list_proposals"):
        raise PermissionDenied
    base = selectors.proposal_list(user=request.user).select_related("call", "unit", "organisation")
    filterset = ProposalFilter(request.GET, queryset=base)
    table = ProposalTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    if request.GET.get("export") == "xlsx":
        return table_xlsx_response(table, filename="de-xuat-nhiem-vu.xlsx", title=_("Task proposals"))
    context = {
        "filter": filterset,
        "table": table,
        "can_add": request.user.has_perm("research.add_proposal"),
        "can_plan": request.user.has_perm("research.view_councils"),
    }
    if request.htmx and request.htmx.target == "proposal-table":
        return render(request, "research/proposal_list.html#table", context)
    return render(request, "research/proposal_list.html", context)


@require_http_methods(["GET", "POST"])
def proposal_create_view(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("research.add_proposal"):
        raise PermissionDenied
    form = ProposalForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = proposals.proposal_create(user=request.user, proposal=form.save(commit=False))
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error if isinstance(error, ValidationError) else _("Not allowed."))
        else:
            proposal.followups.set(form.cleaned_data["followups"])
            messages.success(request, _("Draft proposal saved. Submit it when it is complete."))
            return redirect(proposal)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "research/proposal_form.html",
        {
            "form": form,
            "proposal": None,
            "cancel_url": reverse("research:proposal_list"),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get(user=request.user, pk=pk)
    if not request.user.has_perm("research.change_proposal", proposal) or not proposal.is_editable:
        raise PermissionDenied
    form = ProposalForm(request.POST or None, instance=proposal, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            proposals.proposal_update(
                user=request.user, proposal=form.instance, expected_version=form.cleaned_data["loaded_version"]
            )
            form.instance.followups.set(form.cleaned_data["followups"])
        except StaleObjectError as error:
            form.mark_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(proposal)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "research/proposal_form.html",
        {
            "form": form,
            "proposal": proposal,
            "cancel_url": proposal.get_absolute_url(),
        },
        status=status,
    )


def proposal_detail(
    request: HttpRequest,
    pk: int,
    screening: ScreeningForm | None = None,
    errors: Any = None,
    council_form: CouncilForm | None = None,
) -> HttpResponse:
    proposal = selectors.proposal_get(user=request.user, pk=pk)
    can_screen = request.user.has_perm("research.screen_proposal", proposal)
    matches = similarity.similar_to(title=proposal.title, exclude_proposal=proposal.pk) if can_screen else []
    tasks = ResearchTask.objects.filter(pk__in=[m.obj.pk for m in matches if m.kind == "task"])
    context = {
        "proposal": proposal,
        "matches": matches,
        "can_edit": request.user.has_perm("research.change_proposal", proposal) and proposal.is_editable,
        "can_screen": can_screen,
        "missing": proposals.missing_for_submission(proposal) if proposal.is_editable else [],
        "screening": screening or ScreeningForm(tasks=tasks),
        "history": history_entries(proposal),
        "form_errors": errors or [],
        "followups": proposal.followups.select_related("unit"),
        "files": list(proposal.files.all()),
        "councils": proposal.councils.all() if can_screen else [],
        "council_form": council_form
        or (
            CouncilForm(initial={"name": f"Hội đồng xác định nhiệm vụ: {proposal.title}"[:255]}) if can_screen else None
        ),
    }
    return render(request, "research/proposal_detail.html", context, status=422 if errors else 200)


@require_POST
def proposal_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Submit (the proposer), return for completion or screen (the Department)."""
    proposal = selectors.proposal_get(user=request.user, pk=pk)
    action = request.POST.get("action")
    try:
        if action == "submit":
            proposals.proposal_submit(user=request.user, proposal=proposal)
            messages.success(request, _("Proposal submitted to the Department."))
        elif action == "attach":
            proposals.proposal_file_add(user=request.user, proposal=proposal, upload=request.FILES.get("file"))
            messages.success(request, _("File attached."))
        elif action == "detach":
            attached = proposal.files.filter(pk=request.POST.get("file") or 0).first()
            if attached is None:
                raise Http404
            proposals.proposal_file_delete(user=request.user, attached=attached)
            messages.success(request, _("File removed."))
        elif action == "return":
            proposals.proposal_return(user=request.user, proposal=proposal, message=request.POST.get("note", ""))
            messages.success(request, _("Proposal returned to the proposer for completion."))
        elif action == "screen":
            tasks = ResearchTask.objects.all()
            form = ScreeningForm(request.POST, tasks=tasks)
            if not form.is_valid():
                return proposal_detail(request, pk, screening=form, errors=[_("Check the screening decision.")])
            proposals.proposal_screen(
                user=request.user,
                proposal=proposal,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
                duplicate_of_task=form.cleaned_data["duplicate_of_task"],
            )
            messages.success(request, _("Screening decision recorded."))
        else:
            return HttpResponse(status=400)
    except ValidationError as error:
        return proposal_detail(request, pk, errors=error.messages)
    return redirect(proposal)


def proposal_file(request: HttpRequest, pk: int) -> FileResponse:
    """A proposal's attached file: for those who see the proposal, and council members who may score it."""
    attached = selectors.proposal_file_get(user=request.user, pk=pk)
    return FileResponse(attached.file.open("rb"), as_attachment=True, filename=attached.name)


__all__ = ["ProposalStatus", "proposal_action", "proposal_create_view", "proposal_detail", "proposal_edit"]


# -- councils ---------------------------------------------------------------------------------


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
            "today": date.today().isoformat(),
            "form_errors": errors or [],
        },
        status=422 if errors else 200,
    )


@require_POST
def council_conclude_view(request: HttpRequest, pk: int) -> HttpResponse:
    council = selectors.council_get(user=request.user, pk=pk)
    try:
        councils.council_conclude(
            user=request.user,
            council=council,
            conclusion=request.POST.get("conclusion", ""),
            accept=request.POST.get("accept") == "1",
            required_fixes=request.POST.get("required_fixes", ""),
            final_products=request.POST.get("final_products", ""),
            day=_parse_date(request.POST.get("day", "")),
        )
    except ValidationError as error:
        return council_detail(request, pk, errors=error.messages)
    if council.task is not None:
        messages.success(request, _("The acceptance was recorded with the council's grade."))
        return redirect(council.task.get_absolute_url())
    messages.success(request, _("The council's conclusion was recorded."))
    return redirect(council)


def _parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


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


def council_minutes_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The council's minutes (.docx, Decree 30 biên bản)."""
    council = selectors.council_get(user=request.user, pk=pk)
    from khcn.documents.services import council_minutes_docx as build

    return download_response(build(council=council), filename=f"bien-ban-hoi-dong-{council.pk}.docx")


# -- annual plans -----------------------------------------------------------------------------


def _require_plans(request: HttpRequest) -> None:
    if not request.user.has_perm("research.view_councils"):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def plan_list(request: HttpRequest) -> HttpResponse:
    """The annual plans; a new one is started for a year."""
    _require_plans(request)
    errors: list[str] = []
    if request.method == "POST":
        try:
            year = int(request.POST.get("year", ""))
        except ValueError:
            errors.append(_("Enter the plan's year."))
        else:
            if AnnualPlan.objects.filter(year=year).exists():
                errors.append(_("There is a plan for %(year)s already.") % {"year": year})
            else:
                plan = AnnualPlan(year=year, name=f"Kế hoạch khoa học, công nghệ và đổi mới sáng tạo năm {year}")
                plan.created_by = plan.updated_by = request.user  # type: ignore[assignment]
                plan.save()
                messages.success(request, _("Plan started."))
                return redirect(plan)
    context = {"plans": selectors.plan_list(), "errors": errors}
    return render(request, "research/plan_list.html", context, status=422 if errors else 200)


def plan_detail(request: HttpRequest, pk: int, errors: Any = None) -> HttpResponse:
    _require_plans(request)
    plan = selectors.plan_get(pk=pk)
    tasks = plan.tasks.select_related("proposal", "proposal__unit", "proposal__organisation").order_by("code")
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename=f"ke-hoach-khcn-{plan.year}.xlsx",
            title=str(plan.year),
            headers=[
                _("Code"),
                _("Task name"),
                _("Form of the task"),
                _("Proposed by"),
                _("Selection mode"),
                _("Budget (million VND)"),
                _("Start year"),
                _("End year"),
            ],
            rows=[
                [
                    t.code,
                    t.title,
                    t.get_task_type_display(),
                    t.proposal.proposer_label() if t.proposal else "",
                    t.get_selection_mode_display(),
                    t.budget_million,
                    t.start_year,
                    t.end_year,
                ]
                for t in tasks
            ],
        )
    candidates = selectors.plan_candidate_list(user=request.user)
    return render(
        request,
        "research/plan_detail.html",
        {
            "plan": plan,
            "tasks": tasks,
            "total": sum((t.budget_million or 0) for t in tasks),
            "candidates": candidates,
            "modes": SelectionMode.choices,
            "form_errors": errors or [],
        },
        status=422 if errors else 200,
    )


@require_POST
def plan_action(request: HttpRequest, pk: int) -> HttpResponse:
    _require_plans(request)
    plan = selectors.plan_get(pk=pk)
    try:
        if request.POST.get("action") == "add":
            proposal = selectors.proposal_list(user=request.user).filter(pk=request.POST.get("proposal") or 0).first()
            if proposal is None:
                raise ValidationError(_("Choose an accepted proposal."), code="proposal")
            plans.plan_add(user=request.user, plan=plan, proposal=proposal, mode=request.POST.get("mode", ""))
            messages.success(request, _("Task added to the plan."))
        elif request.POST.get("action") == "approve":
            day = _parse_date(request.POST.get("decision_date", ""))
            plans.plan_approve(
                user=request.user,
                plan=plan,
                number=request.POST.get("decision_number", ""),
                day=day,
                expected_version=int(request.POST.get("loaded_version", "0") or 0),
            )
            messages.success(request, _("Plan approved."))
        else:
            return HttpResponse(status=400)
    except ValidationError as error:
        return plan_detail(request, pk, errors=error.messages)
    return redirect(plan)


def task_list(request: HtmxHttpRequest) -> HttpResponse:
    """Every S&T task, earlier and planned: search, filter, counts by status and field, export."""
    if not request.user.has_perm("research.list_tasks"):
        raise PermissionDenied
    filterset = TaskFilter(request.GET, queryset=selectors.task_list(user=request.user))
    table = TaskTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    if request.GET.get("export") == "xlsx":
        return table_xlsx_response(table, filename="nhiem-vu-khcn.xlsx", title=_("S&T tasks"))
    counts = selectors.task_counts(filterset.qs)
    context = {"filter": filterset, "table": table, "counts": counts}
    if request.htmx and request.htmx.target == "task-table":
        return render(request, "research/task_list.html#table", context)
    return render(request, "research/task_list.html", context)
