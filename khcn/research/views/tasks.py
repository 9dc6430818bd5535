"""Pages for tasks: the list, a task's page and sheet, and a selection application's dossier.

The actions of the task's page are in task_actions.py.
"""

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_tables2 import RequestConfig

from khcn.accounts.scoping import visible
from khcn.core.concurrency import StaleObjectError
from khcn.core.exports import table_xlsx_response
from khcn.core.history import history_entries
from khcn.core.http import HtmxHttpRequest
from khcn.core.uploads import upload_response
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
    DecisionStatus,
    ResearchTask,
    TaskStatus,
)
from khcn.research.services import tasks
from khcn.research.tables import TaskTable


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


def application_units(user: Any) -> Any:
    """The current units a user may say the results were applied in: those of their scope."""
    return visible(AdminUnit.objects.current().order_by("sort_key"), user)


def _forms(request: HttpRequest, task: ResearchTask, bound: dict[str, Any]) -> dict[str, Any]:
    """The action forms of the task page: the one that failed comes back bound, with the input."""
    units = application_units(request.user)
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


def _detail_context(request: HttpRequest, task: ResearchTask, today: date) -> dict[str, Any]:
    user = request.user
    milestones = list(task.milestones.all())
    planned, disbursed = selectors.budget_totals(task)
    acceptance = list(task.acceptance_councils.all())
    open_council = next((c for c in acceptance if not c.concluded_at), None)
    return {
        "task": task,
        "members": list(task.members.all()),
        "budget_lines": list(task.budget_lines.all()),
        "planned": planned,
        "disbursed": disbursed,
        "milestones": milestones,
        "overdue": [m for m in milestones if m.is_overdue(today)],
        "reports": list(task.progress_reports.select_related("created_by")),
        "changes": list(task.change_requests.select_related("created_by", "decided_by")),
        "inspections": list(task.inspections.all()),
        "selection_applications": list(task.selection_applications.prefetch_related("councils")),
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
        "done_form": MilestoneDoneForm(initial={"done_on": today}),
        "running": task.status in (TaskStatus.IN_PROGRESS, TaskStatus.IN_ACCEPTANCE),
        "pending_changes": [c for c in task.change_requests.all() if c.status == DecisionStatus.PENDING],
        "today": today,
    }


def task_detail(
    request: HttpRequest, pk: int, bound: dict[str, Any] | None = None, errors: list[str] | None = None
) -> HttpResponse:
    """The task's page: its sheet, schedule, reports, requests, inspections, acceptance and results."""
    task = selectors.task_get(user=request.user, pk=pk)
    context = _detail_context(request, task, date.today()) | {"form_errors": errors or []}
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


def application_dossier(request: HttpRequest, pk: int) -> FileResponse:
    """A selection application's dossier: the Department, and the council members scoring it."""
    application = selectors.selection_application_get(user=request.user, pk=pk)
    return upload_response(application.dossier, filename=application.dossier.name.rsplit("/")[-1])
