"""Programmes of tasks: the list, the programme with its board and the progress of its tasks,
adding and taking out tasks."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_tables2 import RequestConfig

from khcn.core.concurrency import StaleObjectError
from khcn.core.confirm import Confirm, confirm_page
from khcn.core.exports import download_name, table_xlsx_response
from khcn.core.history import history_entries
from khcn.core.http import HtmxHttpRequest
from khcn.research import selectors_programmes as selectors
from khcn.research.filters_programmes import ProgrammeFilter
from khcn.research.forms_programmes import BoardMemberForm, ProgrammeForm, ProgrammeTaskForm
from khcn.research.models import ProgrammeBoardMember, ResearchTask, TaskProgramme
from khcn.research.services import programmes as services
from khcn.research.tables_programmes import ProgrammeTable


def _manage(request: HttpRequest) -> None:
    if not request.user.has_perm("research.manage_programmes"):
        raise PermissionDenied


def programme_list(request: HtmxHttpRequest) -> HttpResponse:
    if not request.user.has_perm("research.list_programmes"):
        raise PermissionDenied
    filterset = ProgrammeFilter(request.GET, queryset=selectors.programme_list(user=request.user), request=request)
    table = ProgrammeTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    if request.GET.get("export") == "xlsx":
        return table_xlsx_response(
            table, filename=download_name("chuong-trinh-nhiem-vu", ext="xlsx"), title=_("Programmes of tasks")
        )
    context = {
        "filter": filterset,
        "table": table,
        "filtered": any(request.GET.get(name) for name in filterset.filters),
        "can_add": request.user.has_perm("research.manage_programmes"),
    }
    if request.htmx and request.htmx.target == "programme-table":
        return render(request, "research/programme_list.html#table", context)
    return render(request, "research/programme_list.html", context)


def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The programme, its board, and the progress across its tasks."""
    programme = selectors.programme_get(user=request.user, pk=pk)
    can_change = request.user.has_perm("research.manage_programmes")
    context = {
        "programme": programme,
        "board": list(programme.board.all()),
        "progress": selectors.programme_progress(programme=programme, today=timezone.localdate()),
        "can_change": can_change,
        "member_form": BoardMemberForm(),
        "task_form": ProgrammeTaskForm(tasks=selectors.programme_task_candidates(programme=programme))
        if can_change
        else None,
        "history": history_entries(programme),
    }
    return render(request, "research/programme_detail.html", context)


def _form(request: HttpRequest, programme: TaskProgramme | None) -> HttpResponse:
    form = ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        try:
            if programme is None:
                data = {k: v for k, v in form.cleaned_data.items() if k != "loaded_version"}
                saved = services.programme_create(user=request.user, **data)
            else:
                saved = services.programme_update(
                    user=request.user, programme=form.instance, expected_version=form.cleaned_data["loaded_version"]
                )
        except StaleObjectError as error:
            form.mark_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Programme “%(name)s” saved.") % {"name": saved.code})
            return redirect(saved)
    status = 422 if request.method == "POST" else 200
    cancel = programme.get_absolute_url() if programme else reverse("research:programme_list")
    context = {"form": form, "programme": programme, "cancel_url": cancel}
    return render(request, "research/programme_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    _manage(request)
    return _form(request, None)


@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_get(user=request.user, pk=pk)
    _manage(request)
    return _form(request, programme)


@require_http_methods(["POST"])
def board_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_get(user=request.user, pk=pk)
    _manage(request)
    form = BoardMemberForm(request.POST)
    if form.is_valid():
        services.board_member_add(user=request.user, programme=programme, **form.cleaned_data)
        messages.success(request, _("Board member added."))
    else:
        messages.error(request, _("Enter the member's name and role."))
    return redirect(programme.get_absolute_url() + "#board")


@require_http_methods(["GET", "POST"])
def board_member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    _manage(request)
    member = get_object_or_404(
        ProgrammeBoardMember.objects.filter(programme__in=selectors.programme_list(user=request.user).values("pk")),
        pk=pk,
    )
    back = member.programme.get_absolute_url() + "#board"
    confirm = Confirm(
        title=_("Remove the board member"),
        question=_("Remove %(name)s from the programme's board?") % {"name": member},
        button=_("Yes, remove"),
        icon="person-dash",
        cancel_url=back,
        crumbs=[(_("Programmes of tasks"), reverse("research:programme_list")), (str(member.programme), back)],
    )
    if request.method == "POST":
        services.board_member_remove(user=request.user, member=member)
        messages.success(request, _("Board member removed."))
        return redirect(back)
    return confirm_page(request, confirm)


@require_http_methods(["POST"])
def programme_task_add(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_get(user=request.user, pk=pk)
    _manage(request)
    form = ProgrammeTaskForm(request.POST, tasks=selectors.programme_task_candidates(programme=programme))
    if form.is_valid():
        try:
            services.programme_task_add(user=request.user, programme=programme, task=form.cleaned_data["task"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Task added to the programme."))
    else:
        messages.error(request, _("Choose a task that is in no programme yet."))
    return redirect(programme.get_absolute_url() + "#tasks")


@require_http_methods(["GET", "POST"])
def programme_task_remove(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    programme = selectors.programme_get(user=request.user, pk=pk)
    _manage(request)
    task = get_object_or_404(ResearchTask.objects.filter(programme=programme), pk=task_pk)
    back = programme.get_absolute_url() + "#tasks"
    confirm = Confirm(
        title=_("Take the task out of the programme"),
        question=_("Take “%(task)s” out of the programme? The task itself is kept.") % {"task": task.title},
        button=_("Yes, take it out"),
        icon="box-arrow-right",
        cancel_url=back,
        crumbs=[(_("Programmes of tasks"), reverse("research:programme_list")), (str(programme), back)],
    )
    if request.method == "POST":
        try:
            services.programme_task_remove(user=request.user, programme=programme, task=task)
        except ValidationError as error:
            confirm.errors = error.messages
            return confirm_page(request, confirm, status=422)
        messages.success(request, _("Task taken out of the programme."))
        return redirect(back)
    return confirm_page(request, confirm)
