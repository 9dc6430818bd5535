"""Pages for a task's periodic progress reports: write, submit, review, download the attachment."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from khcn.core.concurrency import StaleObjectError
from khcn.core.history import history_entries
from khcn.core.uploads import upload_response
from khcn.research import selectors
from khcn.research.forms import ProgressReportForm
from khcn.research.models import ProgressReport
from khcn.research.services import progress
from khcn.research.views.common import posted_version


@require_http_methods(["GET", "POST"])
def progress_create(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(user=request.user, pk=pk)
    if not request.user.has_perm("research.report_progress", task):
        raise PermissionDenied
    form = ProgressReportForm(request.POST or None, request.FILES or None, instance=ProgressReport(task=task))
    if request.method == "POST" and form.is_valid():
        try:
            report = progress.progress_save(user=request.user, report=form.instance)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Draft report saved. Submit it when it is complete."))
            return redirect(report)
    return render(
        request,
        "research/progress_form.html",
        {"form": form, "task": task, "cancel_url": task.get_absolute_url()},
        status=422 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def progress_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.progress_get(user=request.user, pk=pk)
    if not request.user.has_perm("research.report_progress", report.task) or not report.is_editable:
        raise PermissionDenied
    form = ProgressReportForm(request.POST or None, request.FILES or None, instance=report)
    if request.method == "POST" and form.is_valid():
        try:
            progress.progress_save(
                user=request.user, report=form.instance, expected_version=form.cleaned_data["loaded_version"]
            )
        except StaleObjectError as error:
            form.mark_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(report)
    return render(
        request,
        "research/progress_form.html",
        {"form": form, "task": report.task, "report": report, "cancel_url": report.get_absolute_url()},
        status=422 if request.method == "POST" else 200,
    )


def progress_detail(request: HttpRequest, pk: int, errors: list[str] | None = None) -> HttpResponse:
    report = selectors.progress_get(user=request.user, pk=pk)
    return render(
        request,
        "research/progress_detail.html",
        {
            "report": report,
            "task": report.task,
            "can_report": request.user.has_perm("research.report_progress", report.task),
            "can_review": request.user.has_perm("research.manage_task", report.task),
            "history": history_entries(report, limit=20),
            "form_errors": errors or [],
        },
        status=422 if errors else 200,
    )


@require_POST
def progress_action(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.progress_get(user=request.user, pk=pk)
    action = request.POST.get("action")
    try:
        if action == "submit":
            progress.progress_submit(user=request.user, report=report, expected_version=posted_version(request))
            messages.success(request, _("Report submitted to the Department."))
        elif action in ("approve", "return"):
            progress.progress_review(
                user=request.user,
                report=report,
                approve=action == "approve",
                note=request.POST.get("review_note", ""),
                expected_version=posted_version(request),
            )
            messages.success(request, _("Report approved.") if action == "approve" else _("Report returned."))
        else:
            return HttpResponse(status=400)
    except StaleObjectError:
        return progress_detail(request, pk, errors=[_("Someone else changed this report meanwhile. Reload it.")])
    except ValidationError as error:
        return progress_detail(request, pk, errors=error.messages)
    return redirect(report)


def progress_file(request: HttpRequest, pk: int) -> FileResponse:
    """A progress report's attached file, for those who may read the report."""
    report = selectors.progress_get(user=request.user, pk=pk)
    if not report.attachment:
        raise Http404
    return upload_response(report.attachment, filename=report.attachment.name.rsplit("/")[-1])
