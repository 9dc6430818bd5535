"""Pages for the annual plans: the list, a plan's tasks, adding a task and approving the plan."""

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from khcn.core.exports import xlsx_response
from khcn.research import selectors
from khcn.research.models import AnnualPlan, ResearchTask, SelectionMode
from khcn.research.services import plans
from khcn.research.views.common import ask_first, parse_date, posted_version


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
            try:
                plan = plans.plan_create(user=request.user, year=year)
            except ValidationError as error:
                errors.extend(error.messages)
            else:
                messages.success(request, _("Plan started."))
                return redirect(plan)
    context = {"plans": selectors.plan_list(), "errors": errors}
    return render(request, "research/plan_list.html", context, status=422 if errors else 200)


def plan_detail(request: HttpRequest, pk: int, errors: Any = None) -> HttpResponse:
    _require_plans(request)
    plan = selectors.plan_get(pk=pk)
    tasks = selectors.plan_task_list(plan=plan)
    if request.GET.get("export") == "xlsx":
        return _plan_xlsx(plan, tasks)
    context = {
        "plan": plan,
        "tasks": tasks,
        "total": sum((t.budget_million or 0) for t in tasks),
        "candidates": selectors.plan_candidate_list(user=request.user),
        "modes": SelectionMode.choices,
        "form_errors": errors or [],
    }
    return render(request, "research/plan_detail.html", context, status=422 if errors else 200)


def _plan_xlsx(plan: AnnualPlan, tasks: Iterable[ResearchTask]) -> HttpResponse:
    """The plan's tasks as a workbook, one row each."""
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
            day = parse_date(request.POST.get("decision_date", ""))
            if day and request.POST.get("decision_number", "").strip() and not plan.is_approved:
                asked = ask_first(
                    request,
                    question=_("Approve the plan “%(plan)s”?") % {"plan": plan.name},
                    note=_("Its tasks are then fixed; the plan cannot be approved again or changed."),
                    button=_("Yes, approve"),
                    back=plan.get_absolute_url(),
                    back_label=plan.name,
                )
                if asked:
                    return asked
            plans.plan_approve(
                user=request.user,
                plan=plan,
                number=request.POST.get("decision_number", ""),
                day=day,
                expected_version=posted_version(request),
            )
            messages.success(request, _("Plan approved."))
        else:
            return HttpResponse(status=400)
    except ValidationError as error:
        return plan_detail(request, pk, errors=error.messages)
    return redirect(plan)
