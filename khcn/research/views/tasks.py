"""Pages for tasks: the list, a task's page and sheet, and the actions on it (contract, schedule,
change requests, inspections, selection, acceptance council, registration, publication, use)."""

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_tables2 import RequestConfig

from khcn.accounts.scoping import visible
from khcn.core.concurrency import StaleObjectError
from khcn.core.exports import table_xlsx_response
from khcn.core.history import history_entries
from khcn.core.http import HtmxHttpRequest
from khcn.geo.models import AdminUnit
from khcn.research import scales, scoring, selectors
from khcn.research.filters import TaskFilter
from khcn.research.forms import (
    AcceptanceConcludeForm,
    BudgetFormSet,
    ChangeRequestForm,
    CouncilForm,
    InspectionForm,
    MemberFormSet,
    MilestoneDoneForm,
    MilestoneFormSet,
    PublicationForm,
    RegistrationForm,
    ResultApplicationForm,
    SelectionApplicationForm,
    TaskForm,
)
from khcn.research.models import (
    ChangeRequest,
    DecisionStatus,
    ResearchTask,
    TaskStatus,
)
from khcn.research.services import changes, councils, results, tasks
from khcn.research.tables import TaskTable
from khcn.research.views.common import posted_version


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


def _application_units(user: Any) -> Any:
    """The current units a user may say the results were applied in: those of their scope."""
    return visible(AdminUnit.objects.current().order_by("sort_key"), user)


def _forms(request: HttpRequest, task: ResearchTask, bound: dict[str, Any]) -> dict[str, Any]:
    """The action forms of the task page: the one that failed comes back bound, with the input."""
    units = _application_units(request.user)
    defaults = {
        "change": ChangeRequestForm(),
        "inspection": InspectionForm(),
        "selection": SelectionApplicationForm(),
        "council": CouncilForm(initial={"name": _("Acceptance council of task %(code)s") % {"code": task.code}}),
        "registration": RegistrationForm(),
        "publication": PublicationForm(instance=task),
        "application": ResultApplicationForm(units=units),
        "conclude": AcceptanceConcludeForm(),
    }
    return defaults | bound


def task_detail(
    request: HttpRequest, pk: int, bound: dict[str, Any] | None = None, errors: list[str] | None = None
) -> HttpResponse:
    """The task's page: its sheet, schedule, reports, requests, inspections, acceptance and results."""
    task = selectors.task_get(user=request.user, pk=pk)
    user = request.user
    today = date.today()
    milestones = list(task.milestones.all())
    budget_lines = list(task.budget_lines.all())
    planned, disbursed = selectors.budget_totals(task)
    acceptance = list(task.acceptance_councils.all())
    open_council = next((c for c in acceptance if not c.concluded_at), None)
    applications = list(task.selection_applications.prefetch_related("councils"))
    context = {
        "task": task,
        "members": list(task.members.all()),
        "budget_lines": budget_lines,
        "planned": planned,
        "disbursed": disbursed,
        "milestones": milestones,
        "overdue": [m for m in milestones if m.is_overdue(today)],
        "reports": list(task.progress_reports.select_related("created_by")),
        "changes": list(task.change_requests.select_related("created_by", "decided_by")),
        "inspections": list(task.inspections.all()),
        "selection_applications": applications,
        "acceptance_councils": acceptance,
        "open_council": open_council,
        "result": scoring.council_aggregate(open_council) if open_council else None,
        "uses": list(task.applications.select_related("unit")),
        "can_manage": user.has_perm("research.manage_task", task),
        "can_report": user.has_perm("research.report_progress", task),
        "can_record_use": user.has_perm("research.record_application", task),
        "grade_label": scales.grade_label(task.grade) if task.grade else "",
        "registration_due": task.registration_due(),
        "history": history_entries(task, limit=20),
        "form_errors": errors or [],
        "done_form": MilestoneDoneForm(initial={"done_on": today}),
        "running": task.status in (TaskStatus.IN_PROGRESS, TaskStatus.IN_ACCEPTANCE),
        "pending_changes": [c for c in task.change_requests.all() if c.status == DecisionStatus.PENDING],
        "today": today,
    }
    context.update({f"{name}_form": form for name, form in _forms(request, task, bound or {}).items()})
    return render(request, "research/task_detail.html", context, status=422 if (bound or errors) else 200)


@require_http_methods(["GET", "POST"])
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The Department edits the task sheet, its members, budget lines and schedule together."""
    task = selectors.task_get(user=request.user, pk=pk)
    if not request.user.has_perm("research.manage_task", task):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    form = TaskForm(data, instance=task)
    formsets = {
        "members": MemberFormSet(data, instance=task, prefix="members"),
        "budget": BudgetFormSet(data, instance=task, prefix="budget"),
        "milestones": MilestoneFormSet(data, instance=task, prefix="milestones"),
    }
    if request.method == "POST" and form.is_valid() and all(fs.is_valid() for fs in formsets.values()):
        try:
            tasks.task_sheet_save(
                user=request.user,
                task=form.instance,
                expected_version=form.cleaned_data["loaded_version"],
                rows=formsets.values(),
            )
        except StaleObjectError as error:
            form.mark_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(task)
    return render(
        request,
        "research/task_form.html",
        {"form": form, "formsets": formsets, "task": task, "cancel_url": task.get_absolute_url()},
        status=422 if request.method == "POST" else 200,
    )


@require_POST
def task_action(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(user=request.user, pk=pk)
    action = request.POST.get("action", "")
    user = request.user
    bound: dict[str, Any] = {}
    form: Any
    try:
        if action == "start":
            tasks.task_start(user=user, task=task, expected_version=posted_version(request))
            messages.success(request, _("The contract is recorded: the task is in progress."))
        elif action == "milestone_done":
            milestone = task.milestones.filter(pk=request.POST.get("milestone") or 0).first()
            if milestone is None:
                raise Http404
            done = MilestoneDoneForm(request.POST)
            if not done.is_valid():
                raise ValidationError(list(next(iter(done.errors.values()))))
            tasks.milestone_done(
                user=user, milestone=milestone, day=done.cleaned_data["done_on"], note=done.cleaned_data["note"]
            )
            messages.success(request, _("Milestone marked as done."))
        elif action == "change":
            form = ChangeRequestForm(request.POST, instance=ChangeRequest(task=task))
            bound["change"] = form
            if not form.is_valid():
                return task_detail(request, pk, bound=bound)
            changes.change_request_create(user=user, change=form.instance)
            messages.success(request, _("Change request sent to the Department."))
        elif action == "decide":
            change = task.change_requests.filter(pk=request.POST.get("change") or 0).first()
            if change is None:
                raise Http404
            changes.change_decide(
                user=user,
                change=change,
                approve=request.POST.get("approve") == "1",
                note=request.POST.get("decision_note", ""),
                number=request.POST.get("decision_number", ""),
            )
            messages.success(request, _("Decision recorded."))
        elif action == "inspection":
            form = InspectionForm(request.POST)
            form.instance.task = task
            bound["inspection"] = form
            if not form.is_valid():
                return task_detail(request, pk, bound=bound)
            tasks.inspection_add(user=user, inspection=form.instance)
            messages.success(request, _("Inspection recorded."))
        elif action == "selection":
            if not user.has_perm("research.manage_task", task):
                raise PermissionDenied
            form = SelectionApplicationForm(request.POST, request.FILES)
            form.instance.task = task
            bound["selection"] = form
            if not form.is_valid():
                return task_detail(request, pk, bound=bound)
            tasks.selection_application_add(user=user, application=form.instance)
            messages.success(request, _("Application recorded."))
        elif action in ("selection_council", "acceptance_council"):
            form = CouncilForm(request.POST)
            bound["council"] = form
            if not form.is_valid():
                return task_detail(request, pk, bound=bound, errors=[_("Check the council's members.")])
            common = {
                "user": user,
                "name": form.cleaned_data["name"],
                "meets_on": form.cleaned_data["meets_on"],
                "members": form.seats(),
            }
            if action == "acceptance_council":
                council = councils.acceptance_council_create(task=task, **common)
            else:
                application = task.selection_applications.filter(pk=request.POST.get("application") or 0).first()
                if application is None:
                    raise Http404
                council = councils.selection_council_create(application=application, **common)
            messages.success(request, _("Council formed. Its members declare their interests before scoring."))
            return redirect(council)
        elif action == "register":
            form = RegistrationForm(request.POST)
            bound["registration"] = form
            if not form.is_valid():
                return task_detail(request, pk, bound=bound)
            results.result_register(
                user=user,
                task=task,
                number=form.cleaned_data["number"],
                day=form.cleaned_data["day"],
                expected_version=posted_version(request),
            )
            messages.success(request, _("Registration of the results recorded."))
        elif action == "publish":
            form = PublicationForm(request.POST, instance=task)
            bound["publication"] = form
            if not form.is_valid():
                return task_detail(request, pk, bound=bound)
            try:
                results.result_publish(
                    user=user, task=form.instance, expected_version=form.cleaned_data["loaded_version"]
                )
            except StaleObjectError as error:
                form.mark_stale(error)
                return task_detail(request, pk, bound=bound)
            except ValidationError as error:
                form.add_error(None, error)
                return task_detail(request, pk, bound=bound)
            messages.success(request, _("The results are published on the public portal."))
        elif action == "unpublish":
            results.result_unpublish(user=user, task=task, expected_version=posted_version(request))
            messages.success(request, _("The results were taken off the public portal."))
        elif action == "application":
            form = ResultApplicationForm(request.POST, units=_application_units(user))
            form.instance.task = task
            bound["application"] = form
            if not form.is_valid():
                return task_detail(request, pk, bound=bound)
            results.application_add(user=user, application=form.instance)
            messages.success(request, _("Application of the results recorded."))
        else:
            return HttpResponse(status=400)
    except StaleObjectError:
        return task_detail(request, pk, errors=[_("Someone else saved this task meanwhile. Reload and try again.")])
    except ValidationError as error:
        for name, form in bound.items():
            if hasattr(error, "error_dict"):
                for field, errs in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errs)
                return task_detail(request, pk, bound=bound)
            form.add_error(None, error)
            return task_detail(request, pk, bound={name: form})
        return task_detail(request, pk, errors=error.messages)
    return redirect(task)


def application_dossier(request: HttpRequest, pk: int) -> FileResponse:
    """A selection application's dossier: the Department, and the council members scoring it."""
    application = selectors.selection_application_get(user=request.user, pk=pk)
    return FileResponse(
        application.dossier.open("rb"), as_attachment=True, filename=application.dossier.name.rsplit("/")[-1]
    )
