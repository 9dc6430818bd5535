"""The actions of a task's page, one handler each.

The contract, the schedule, change requests and decisions, inspections, selection applications
and councils, registration, publication and where the results are applied. A handler returns
None when it is done (the browser goes back to the task's page), or the response to send
instead: the page with its form bound when the input is incomplete, or where to go next.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khcn.core.concurrency import StaleObjectError
from khcn.research import selectors
from khcn.research.forms import (
    ChangeRequestForm,
    CouncilForm,
    InspectionForm,
    MilestoneDoneForm,
    PublicationForm,
    RegistrationForm,
    ResultApplicationForm,
    SelectionApplicationForm,
)
from khcn.research.models import ChangeRequest, ResearchTask
from khcn.research.services import changes, councils, results, tasks
from khcn.research.views.common import ask_first, posted_version
from khcn.research.views.tasks import application_units, task_detail

Handler = Callable[[HttpRequest, ResearchTask, dict[str, Any]], HttpResponse | None]


@require_POST
def task_action(request: HttpRequest, pk: int) -> HttpResponse:
    """One action of the task page, named by the posted `action`.

    A refusal shows the page again with the reason, on the form that was sent.
    """
    task = selectors.task_get(user=request.user, pk=pk)
    handler = HANDLERS.get(request.POST.get("action", ""))
    if handler is None:
        return HttpResponse(status=400)
    bound: dict[str, Any] = {}
    try:
        response = handler(request, task, bound)
    except StaleObjectError:
        return task_detail(request, pk, errors=[_("Someone else saved this task meanwhile. Reload and try again.")])
    except ValidationError as error:
        return _refused(request, pk, bound, error)
    return response or redirect(task)


def _refused(request: HttpRequest, pk: int, bound: dict[str, Any], error: ValidationError) -> HttpResponse:
    for name, form in bound.items():
        if hasattr(error, "error_dict"):
            for field, errs in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errs)
            return task_detail(request, pk, bound=bound)
        form.add_error(None, error)
        return task_detail(request, pk, bound={name: form})
    return task_detail(request, pk, errors=error.messages)


def _invalid(request: HttpRequest, task: ResearchTask, bound: dict[str, Any], name: str, form: Any) -> Any:
    """Keep the form sent under `name`; the page with it bound when its input is incomplete."""
    bound[name] = form
    return None if form.is_valid() else task_detail(request, task.pk, bound=bound)


def _start(request: HttpRequest, task: ResearchTask, bound: dict[str, Any]) -> None:
    tasks.task_start(user=request.user, task=task, expected_version=posted_version(request))
    messages.success(request, _("The contract is recorded: the task is in progress."))


def _milestone_done(request: HttpRequest, task: ResearchTask, bound: dict[str, Any]) -> None:
    milestone = task.milestones.filter(pk=request.POST.get("milestone") or 0).first()
    if milestone is None:
        raise Http404
    done = MilestoneDoneForm(request.POST)
    if not done.is_valid():
        raise ValidationError(list(next(iter(done.errors.values()))))
    tasks.milestone_done(
        user=request.user, milestone=milestone, day=done.cleaned_data["done_on"], note=done.cleaned_data["note"]
    )
    messages.success(request, _("Milestone marked as done."))


def _change(request: HttpRequest, task: ResearchTask, bound: dict[str, Any]) -> HttpResponse | None:
    form = ChangeRequestForm(request.POST, instance=ChangeRequest(task=task))
    if invalid := _invalid(request, task, bound, "change", form):
        return invalid
    changes.change_request_create(user=request.user, change=form.instance)
    messages.success(request, _("Change request sent to the Department."))
    return None


def _decide(request: HttpRequest, task: ResearchTask, bound: dict[str, Any]) -> HttpResponse | None:
    change = task.change_requests.filter(pk=request.POST.get("change") or 0).first()
    if change is None:
        raise Http404
    if request.user.has_perm("research.manage_task", task) and (
        asked := ask_first(
            request,
            question=_("Approve this change request?")
            if request.POST.get("approve") == "1"
            else _("Refuse this change request?"),
            note=_("The decision is recorded on the task and the principal investigator is told."),
            button=_("Yes, record the decision"),
            back=task.get_absolute_url(),
            back_label=task.title,
        )
    ):
        return asked
    changes.change_decide(
        user=request.user,
        change=change,
        approve=request.POST.get("approve") == "1",
        note=request.POST.get("decision_note", ""),
        number=request.POST.get("decision_number", ""),
    )
    messages.success(request, _("Decision recorded."))
    return None


def _inspection(request: HttpRequest, task: ResearchTask, bound: dict[str, Any]) -> HttpResponse | None:
    form = InspectionForm(request.POST)
    form.instance.task = task
    if invalid := _invalid(request, task, bound, "inspection", form):
        return invalid
    tasks.inspection_add(user=request.user, inspection=form.instance)
    messages.success(request, _("Inspection recorded."))
    return None


def _selection(request: HttpRequest, task: ResearchTask, bound: dict[str, Any]) -> HttpResponse | None:
    if not request.user.has_perm("research.manage_task", task):
        raise PermissionDenied
    form = SelectionApplicationForm(request.POST, request.FILES)
    form.instance.task = task
    if invalid := _invalid(request, task, bound, "selection", form):
        return invalid
    tasks.selection_application_add(user=request.user, application=form.instance)
    messages.success(request, _("Application recorded."))
    return None


def _council(request: HttpRequest, task: ResearchTask, bound: dict[str, Any]) -> HttpResponse:
    """Form the selection council of an application, or the task's acceptance council."""
    form = CouncilForm(request.POST)
    bound["council"] = form
    if not form.is_valid():
        return task_detail(request, task.pk, bound=bound, errors=[_("Check the council's members.")])
    data = form.cleaned_data
    common = {"user": request.user, "name": data["name"], "meets_on": data["meets_on"], "members": form.seats()}
    if request.POST.get("action") == "acceptance_council":
        council = councils.acceptance_council_create(task=task, **common)
    else:
        application = task.selection_applications.filter(pk=request.POST.get("application") or 0).first()
        if application is None:
            raise Http404
        council = councils.selection_council_create(application=application, **common)
    messages.success(request, _("Council formed. Its members declare their interests before scoring."))
    return redirect(council)


def _register(request: HttpRequest, task: ResearchTask, bound: dict[str, Any]) -> HttpResponse | None:
    form = RegistrationForm(request.POST)
    if invalid := _invalid(request, task, bound, "registration", form):
        return invalid
    results.result_register(
        user=request.user,
        task=task,
        number=form.cleaned_data["number"],
        day=form.cleaned_data["day"],
        expected_version=posted_version(request),
    )
    messages.success(request, _("Registration of the results recorded."))
    return None


def _publish(request: HttpRequest, task: ResearchTask, bound: dict[str, Any]) -> HttpResponse | None:
    form = PublicationForm(request.POST, instance=task)
    if invalid := _invalid(request, task, bound, "publication", form):
        return invalid
    complete = all(str(getattr(form.instance, name) or "").strip() for name in results.PUBLIC_REQUIRED)
    if (
        complete
        and request.user.has_perm("research.manage_task", task)
        and (  # else the service says what is missing
            asked := ask_first(
                request,
                question=_("Publish the results on the public portal?"),
                note=_("Anyone can then read the summary and the registration of the results."),
                button=_("Yes, publish"),
                back=task.get_absolute_url(),
                back_label=task.title,
            )
        )
    ):
        return asked
    try:
        results.result_publish(
            user=request.user, task=form.instance, expected_version=form.cleaned_data["loaded_version"]
        )
    except StaleObjectError as error:
        form.mark_stale(error)
        return task_detail(request, task.pk, bound=bound)
    except ValidationError as error:
        form.add_error(None, error)
        return task_detail(request, task.pk, bound=bound)
    messages.success(request, _("The results are published on the public portal."))
    return None


def _unpublish(request: HttpRequest, task: ResearchTask, bound: dict[str, Any]) -> None:
    results.result_unpublish(user=request.user, task=task, expected_version=posted_version(request))
    messages.success(request, _("The results were taken off the public portal."))


def _application(request: HttpRequest, task: ResearchTask, bound: dict[str, Any]) -> HttpResponse | None:
    form = ResultApplicationForm(request.POST, units=application_units(request.user))
    form.instance.task = task
    if invalid := _invalid(request, task, bound, "application", form):
        return invalid
    results.application_add(user=request.user, application=form.instance)
    messages.success(request, _("Application of the results recorded."))
    return None


HANDLERS: dict[str, Handler] = {
    "start": _start,
    "milestone_done": _milestone_done,
    "change": _change,
    "decide": _decide,
    "inspection": _inspection,
    "selection": _selection,
    "selection_council": _council,
    "acceptance_council": _council,
    "register": _register,
    "publish": _publish,
    "unpublish": _unpublish,
    "application": _application,
}
