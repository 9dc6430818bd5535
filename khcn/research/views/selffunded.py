"""Tasks without state budget: the list, the request, its council, the outcome, its files."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_tables2 import RequestConfig

from khcn.core.concurrency import StaleObjectError
from khcn.core.confirm import Confirm, confirm_page
from khcn.core.exports import download_name, table_xlsx_response
from khcn.core.history import history_entries
from khcn.core.http import HtmxHttpRequest
from khcn.core.uploads import upload_response
from khcn.research import selectors_selffunded as selectors
from khcn.research.filters_selffunded import SelfFundedFilter
from khcn.research.forms_selffunded import (
    SelfFundedDecisionForm,
    SelfFundedFileForm,
    SelfFundedForm,
    SelfFundedMemberForm,
)
from khcn.research.models import SelfFundedTask
from khcn.research.services import selffunded as services
from khcn.research.tables_selffunded import SelfFundedTable


def _manage(request: HttpRequest, task: SelfFundedTask | None = None) -> None:
    if not request.user.has_perm("research.manage_selffunded", task):
        raise PermissionDenied


def selffunded_list(request: HtmxHttpRequest) -> HttpResponse:
    """Requests in scope: filter by status, field, evaluated and year; search, sort, page, export."""
    if not request.user.has_perm("research.list_selffunded"):
        raise PermissionDenied
    filterset = SelfFundedFilter(request.GET, queryset=selectors.selffunded_list(user=request.user), request=request)
    table = SelfFundedTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    if request.GET.get("export") == "xlsx":
        return table_xlsx_response(
            table,
            filename=download_name("nhiem-vu-khong-su-dung-ngan-sach", ext="xlsx"),
            title=_("Tasks without state budget"),
        )
    context = {
        "filter": filterset,
        "table": table,
        "filtered": any(request.GET.get(name) for name in filterset.filters),
        "can_add": request.user.has_perm("research.manage_selffunded"),
    }
    if request.htmx and request.htmx.target == "selffunded-table":
        return render(request, "research/selffunded_list.html#table", context)
    return render(request, "research/selffunded_list.html", context)


def selffunded_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.selffunded_get(user=request.user, pk=pk)
    context = {
        "task": task,
        "members": list(task.council_members.all()),
        "files": list(task.files.all()),
        "can_change": request.user.has_perm("research.manage_selffunded", task),
        "history": history_entries(task),
        "member_form": SelfFundedMemberForm(),
        "file_form": SelfFundedFileForm(),
    }
    return render(request, "research/selffunded_detail.html", context)


def _form(request: HttpRequest, task: SelfFundedTask | None) -> HttpResponse:
    form = SelfFundedForm(request.POST or None, instance=task, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            if task is None:
                data = {k: v for k, v in form.cleaned_data.items() if k != "loaded_version"}
                saved = services.selffunded_create(user=request.user, **data)
            else:
                saved = services.selffunded_update(
                    user=request.user, task=form.instance, expected_version=form.cleaned_data["loaded_version"]
                )
        except StaleObjectError as error:
            form.mark_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Request “%(name)s” saved.") % {"name": saved.title})
            return redirect(saved)
    status = 422 if request.method == "POST" else 200
    cancel = task.get_absolute_url() if task else reverse("research:selffunded_list")
    return render(
        request, "research/selffunded_form.html", {"form": form, "task": task, "cancel_url": cancel}, status=status
    )


@require_http_methods(["GET", "POST"])
def selffunded_create(request: HttpRequest) -> HttpResponse:
    _manage(request)
    return _form(request, None)


@require_http_methods(["GET", "POST"])
def selffunded_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.selffunded_get(user=request.user, pk=pk)
    _manage(request, task)
    return _form(request, task)


@require_http_methods(["GET", "POST"])
def selffunded_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the outcome: recognised or not, by decision number and date."""
    task = selectors.selffunded_get(user=request.user, pk=pk)
    _manage(request, task)
    form = SelfFundedDecisionForm(request.POST or None, initial={"loaded_version": task.version})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("loaded_version")
        try:
            services.selffunded_decide(user=request.user, task=task, expected_version=version, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Outcome recorded."))
            return redirect(task)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "task": task, "cancel_url": task.get_absolute_url()}
    return render(request, "research/selffunded_decide.html", context, status=status)


@require_http_methods(["POST"])
def selffunded_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.selffunded_get(user=request.user, pk=pk)
    _manage(request, task)
    form = SelfFundedMemberForm(request.POST)
    if form.is_valid():
        try:
            services.selffunded_member_add(user=request.user, task=task, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Council member added."))
    else:
        messages.error(request, _("Enter the member's name and role."))
    return redirect(task.get_absolute_url() + "#council")


@require_http_methods(["GET", "POST"])
def selffunded_member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    member = selectors.selffunded_member_get(user=request.user, pk=pk)
    task = member.task
    _manage(request, task)
    back = task.get_absolute_url() + "#council"
    confirm = Confirm(
        title=_("Remove the council member"),
        question=_("Remove %(name)s from the council?") % {"name": member},
        button=_("Yes, remove"),
        icon="person-dash",
        cancel_url=back,
        crumbs=[
            (_("Tasks without state budget"), reverse("research:selffunded_list")),
            (task.title, task.get_absolute_url()),
        ],
    )
    if request.method == "POST":
        try:
            services.selffunded_member_remove(user=request.user, member=member)
        except ValidationError as error:
            confirm.errors = error.messages
            return confirm_page(request, confirm, status=422)
        messages.success(request, _("Council member removed."))
        return redirect(back)
    return confirm_page(request, confirm)


@require_http_methods(["POST"])
def selffunded_file_add(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.selffunded_get(user=request.user, pk=pk)
    _manage(request, task)
    form = SelfFundedFileForm(request.POST, request.FILES)
    if form.is_valid():
        services.selffunded_file_add(user=request.user, task=task, upload=form.cleaned_data["file"])
        messages.success(request, _("File added."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(task.get_absolute_url() + "#files")


def selffunded_file(request: HttpRequest, pk: int) -> FileResponse:
    stored = selectors.selffunded_file_get(user=request.user, pk=pk)
    return upload_response(stored.file, filename=stored.name)
