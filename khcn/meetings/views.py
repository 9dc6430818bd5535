"""Pages for working sessions and follow-up items."""

from collections import OrderedDict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_tables2 import RequestConfig

from khcn.accounts.scoping import get_visible_or_404
from khcn.core.concurrency import StaleObjectError
from khcn.core.confirm import Confirm, confirm_page, confirm_repost, is_confirmed
from khcn.core.exports import download_name, download_response, table_xlsx_response, xlsx_response
from khcn.core.history import history_entries
from khcn.core.http import HtmxHttpRequest
from khcn.core.imports import ImportResult, RowError
from khcn.core.uploads import upload_response
from khcn.geo.models import AdminUnit
from khcn.geo.selectors import province_get
from khcn.meetings import selectors, services
from khcn.meetings.excel import items_import, items_workbook
from khcn.meetings.filters import ItemFilter, MeetingFilter, RoundFilter
from khcn.meetings.forms import AttendeeForm, ItemForm, MeetingForm, MinutesForm, MoveForm, RespondForm, RoundForm
from khcn.meetings.linked import linked_sections
from khcn.meetings.models import (
    CLOSED_STATUSES,
    FollowUp,
    FollowUpKind,
    FollowUpResponse,
    FollowUpStatus,
    Meeting,
    MeetingLevel,
    MeetingRound,
    MeetingUnit,
    Topic,
)
from khcn.meetings.quoted import quoted_sections
from khcn.meetings.tables import ItemTable, MeetingTable, RoundTable


def _meeting_or_404(user: Any, pk: int) -> Meeting:
    return get_visible_or_404(Meeting.objects.select_related("round", "host_unit", "round__period"), user, pk=pk)


# -- sessions ---------------------------------------------------------------------------------


def meeting_list(request: HtmxHttpRequest) -> HttpResponse:
    """Sessions the user may see: filter, sort, page, export; or a calendar by month."""
    if not request.user.has_perm("meetings.list_meetings"):
        raise PermissionDenied
    base = (
        selectors.meeting_list(user=request.user)
        .annotate(item_count=Count("items", distinct=True))
        .prefetch_related(Prefetch("cluster", queryset=MeetingUnit.objects.select_related("unit")))
    )
    filterset = MeetingFilter(request.GET, queryset=base)
    if request.GET.get("view") == "calendar":
        months: OrderedDict[tuple[int, int], list[Meeting]] = OrderedDict()
        for meeting in filterset.qs.order_by("starts_at"):
            local = timezone.localtime(meeting.starts_at)
            months.setdefault((local.year, local.month), []).append(meeting)
        return render(
            request,
            "meetings/meeting_calendar.html",
            {"filter": filterset, "months": months.items(), "today": timezone.localdate()},
        )
    table = MeetingTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    if request.GET.get("export") == "xlsx":
        return table_xlsx_response(table, filename="buoi-lam-viec.xlsx", title=_("Working sessions"))
    context = {"filter": filterset, "table": table, "can_add": request.user.has_perm("meetings.manage_meeting")}
    if request.htmx and request.htmx.target == "meeting-table":
        return render(request, "meetings/meeting_list.html#table", context)
    return render(request, "meetings/meeting_list.html", context)


@require_http_methods(["GET", "POST"])
def meeting_create_view(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("meetings.manage_meeting"):
        raise PermissionDenied
    level = MeetingLevel.CITY if request.GET.get("level") == MeetingLevel.CITY else MeetingLevel.UNITS
    form = MeetingForm(request.POST or None, user=request.user, level=level)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        province = province_get()
        try:
            meeting = services.meeting_create(
                user=request.user,
                level=level,
                round=data.get("round"),
                title=data["title"],
                starts_at=data["starts_at"],
                place=data["place"],
                host_unit=data.get("host_unit"),
                units=list(data["units"]) if level == MeetingLevel.UNITS else [u for u in [province] if u],
                chair=data["chair"],
                co_chair=data["co_chair"],
                prepare=data.get("prepare", ""),
                prepare_by=data.get("prepare_by"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Working session created."))
            return redirect(meeting)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "meetings/meeting_form.html",
        {
            "form": form,
            "meeting": None,
            "cancel_url": reverse("meetings:meeting_list"),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(request.user, pk)
    if not request.user.has_perm("meetings.manage_meeting"):
        raise PermissionDenied
    form = MeetingForm(request.POST or None, instance=meeting, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(
                user=request.user,
                meeting=form.instance,
                expected_version=form.cleaned_data["loaded_version"],
                units=list(form.cleaned_data["units"]) if "units" in form.cleaned_data else None,
            )
        except StaleObjectError as error:
            form.mark_stale(error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(meeting)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "meetings/meeting_form.html",
        {
            "form": form,
            "meeting": meeting,
            "cancel_url": meeting.get_absolute_url(),
        },
        status=status,
    )


def _detail_context(request: HttpRequest, meeting: Meeting, **forms: Any) -> dict[str, Any]:
    user = request.user
    manage = user.has_perm("meetings.manage_meeting")
    cluster = list(meeting.cluster.select_related("unit", "report"))
    items = meeting.items.select_related("unit", "assignee_office").order_by("kind", "unit__sort_key", "pk")
    if not manage:
        items = items.filter(pk__in=selectors.followup_list(user=user).values("pk"))
    units = AdminUnit.objects.filter(pk__in=[mu.unit_id for mu in cluster]).order_by("sort_key")
    return {
        "meeting": meeting,
        "cluster": cluster,
        "attendees": meeting.attendees.select_related("unit"),
        "items": items,
        "can_manage": manage,
        "history": history_entries(meeting) if manage else [],
        "attendee_form": forms.get("attendee_form") or AttendeeForm(meeting=meeting, prefix="att"),
        "item_form": forms.get("item_form") or ItemForm(units=units, prefix="item"),
        "minutes_form": forms.get("minutes_form")
        or MinutesForm(
            initial={"minutes": meeting.minutes, "conclusion": meeting.conclusion, "loaded_version": meeting.version},
            prefix="min",
        ),
        "form_errors": forms.get("form_errors", []),
        "quoted": quoted_sections(meeting=meeting, user=user),
    }


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(request.user, pk)
    return render(request, "meetings/meeting_detail.html", _detail_context(request, meeting))


@require_POST
def attendee_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(request.user, pk)
    form = AttendeeForm(request.POST, meeting=meeting, prefix="att")
    if form.is_valid():
        try:
            services.attendee_add(user=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Attendee added."))
            return redirect(meeting.get_absolute_url() + "#attendees")
    return render(
        request, "meetings/meeting_detail.html", _detail_context(request, meeting, attendee_form=form), status=422
    )


@require_POST
def attendance_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(request.user, pk)
    values = {"yes": True, "no": False, "": None}
    attended = {
        a.pk: values.get(request.POST.get(f"a-{a.pk}", ""))
        for a in meeting.attendees.all()
        if f"a-{a.pk}" in request.POST
    }
    count = services.attendance_record(user=request.user, meeting=meeting, attended=attended)
    messages.success(request, _("Attendance recorded (%(count)s changes).") % {"count": count})
    return redirect(meeting.get_absolute_url() + "#attendees")


@require_POST
def minutes_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(request.user, pk)
    form = MinutesForm(request.POST, prefix="min")
    unit_notes = {mu.unit_id: request.POST.get(f"notes-{mu.unit_id}", "") for mu in meeting.cluster.all()}
    if form.is_valid():
        try:
            services.minutes_save(
                user=request.user,
                meeting=meeting,
                expected_version=form.cleaned_data["loaded_version"],
                minutes=form.cleaned_data["minutes"],
                conclusion=form.cleaned_data["conclusion"],
                unit_notes=unit_notes,
                conclude=request.POST.get("action") == "conclude",
            )
        except StaleObjectError as error:
            meeting.refresh_from_db()
            data = request.POST.copy()
            data["min-loaded_version"] = str(error.current.version)
            form = MinutesForm(data, prefix="min")
            form.is_valid()
            form.add_error(None, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Minutes and conclusion saved."))
            return redirect(meeting.get_absolute_url() + "#minutes")
    context = _detail_context(request, meeting, minutes_form=form)
    context["typed_notes"] = unit_notes
    return render(request, "meetings/meeting_detail.html", context, status=422)


@require_POST
def item_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(request.user, pk)
    units = AdminUnit.objects.filter(pk__in=meeting.cluster.values("unit_id"))
    form = ItemForm(request.POST, units=units, prefix="item")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.item_add(user=request.user, meeting=meeting, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Follow-up item added."))
            return redirect(meeting.get_absolute_url() + "#items")
    return render(
        request, "meetings/meeting_detail.html", _detail_context(request, meeting, item_form=form), status=422
    )


def _meeting_file_name(kind: str, meeting: Meeting) -> str:
    """thong-bao-ket-luan-2026-06-25-xa-me-linh.docx: the document, the session's day and host."""
    day = timezone.localtime(meeting.starts_at).date().isoformat()
    return download_name(kind, day, meeting.host_unit.full_name if meeting.host_unit else meeting.title, ext="docx")


def notice_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The conclusion notice ("Thông báo kết luận", Decree 30) of a session, as .docx."""
    meeting = _meeting_or_404(request.user, pk)
    if meeting.level == MeetingLevel.CITY:
        raise Http404  # the city's office issues the notice of a session with the city
    from khcn.meetings.documents import conclusion_notice_docx

    return download_response(
        conclusion_notice_docx(meeting=meeting), filename=_meeting_file_name("thong-bao-ket-luan", meeting)
    )


def invitation_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The invitation ("Giấy mời", Decree 30) to the units of the cluster and the experts."""
    meeting = _meeting_or_404(request.user, pk)
    if not request.user.has_perm("meetings.manage_meeting"):
        raise PermissionDenied
    if meeting.level == MeetingLevel.CITY:
        raise Http404  # the city's office invites the Department, not the reverse
    from khcn.meetings.documents import invitation_docx as build

    return download_response(build(meeting=meeting), filename=_meeting_file_name("giay-moi", meeting))


# -- session rounds ---------------------------------------------------------------------------


def _require_manage(request: HttpRequest) -> None:
    if not request.user.has_perm("meetings.manage_meeting"):
        raise PermissionDenied


def _round_or_404(pk: int) -> MeetingRound:
    return get_object_or_404(selectors.round_list().select_related("created_by", "updated_by"), pk=pk)


def round_list(request: HtmxHttpRequest) -> HttpResponse:
    """Rounds of working sessions, newest year first: filter, sort, page, export (Department only)."""
    _require_manage(request)
    filterset = RoundFilter(request.GET, queryset=selectors.round_list())
    table = RoundTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    if request.GET.get("export") == "xlsx":
        return table_xlsx_response(table, filename="dot-lam-viec.xlsx", title=_("Session rounds"))
    context = {"filter": filterset, "table": table, "filtered": any(request.GET.get(k) for k in filterset.filters)}
    if request.htmx and request.htmx.target == "round-table":
        return render(request, "meetings/round_list.html#table", context)
    return render(request, "meetings/round_list.html", context)


@require_http_methods(["GET", "POST"])
def round_create_view(request: HttpRequest) -> HttpResponse:
    _require_manage(request)
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "loaded_version"}
        try:
            meeting_round = services.round_create(user=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Session round “%(name)s” was created.") % {"name": meeting_round.name})
            return redirect(meeting_round)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "round": None, "cancel_url": reverse("meetings:round_list")}
    return render(request, "meetings/round_form.html", context, status=status)


def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manage(request)
    meeting_round = _round_or_404(pk)
    meetings = (
        selectors.meeting_list(user=request.user)
        .filter(round=meeting_round)
        .prefetch_related(Prefetch("cluster", queryset=MeetingUnit.objects.select_related("unit")))
        .order_by("starts_at", "pk")
    )
    context = {"round": meeting_round, "meetings": meetings, "history": history_entries(meeting_round)}
    return render(request, "meetings/round_detail.html", context)


@require_http_methods(["GET", "POST"])
def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manage(request)
    meeting_round = _round_or_404(pk)
    form = RoundForm(request.POST or None, instance=meeting_round)
    if request.method == "POST" and form.is_valid():
        try:
            services.round_update(
                user=request.user, meeting_round=form.instance, expected_version=form.cleaned_data["loaded_version"]
            )
        except StaleObjectError as error:
            form.mark_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(meeting_round)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "round": meeting_round, "cancel_url": meeting_round.get_absolute_url()}
    return render(request, "meetings/round_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def round_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first; a round that has sessions cannot be deleted (the service refuses)."""
    _require_manage(request)
    meeting_round = _round_or_404(pk)
    confirm = Confirm(
        title=_("Delete the session round"),
        question=_("Delete “%(name)s”? This cannot be undone.") % {"name": meeting_round},
        button=_("Yes, delete"),
        icon="trash",
        cancel_url=meeting_round.get_absolute_url(),
        crumbs=[
            (_("Session rounds"), reverse("meetings:round_list")),
            (str(meeting_round), meeting_round.get_absolute_url()),
        ],
    )
    if request.method == "POST":
        try:
            services.round_delete(user=request.user, meeting_round=meeting_round)
        except ValidationError as error:
            confirm.errors, confirm.allowed = error.messages, False
            return confirm_page(request, confirm, status=422)
        messages.success(request, _("Session round “%(name)s” was deleted.") % {"name": meeting_round.name})
        return redirect("meetings:round_list")
    if meeting_round.meeting_count:  # type: ignore[attr-defined]
        confirm.allowed = False
        confirm.question = str(services.ROUND_HAS_SESSIONS_MESSAGE)
    return confirm_page(request, confirm)


# -- follow-up items --------------------------------------------------------------------------


def item_list(request: HtmxHttpRequest) -> HttpResponse:
    """Items in scope; a unit officer sees what their unit must do and what it asked for."""
    if not request.user.has_perm("meetings.list_meetings"):
        raise PermissionDenied
    base = selectors.followup_list(user=request.user).select_related("unit", "assignee_office")
    filterset = ItemFilter(request.GET, queryset=base)
    table = ItemTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    if request.GET.get("export") == "xlsx":
        return table_xlsx_response(table, filename="theo-doi-kien-nghi.xlsx", title=_("Follow-up items"))
    if request.GET.get("export") == "update":
        return download_response(items_workbook(items=filterset.qs), filename="cap-nhat-kien-nghi.xlsx")
    counts = selectors.item_counts(user=request.user)
    can_board = request.user.has_perm("meetings.view_board")
    former = selectors.former_units_with_directives(user=request.user) if can_board else []
    context = {
        "filter": filterset,
        "table": table,
        "counts": counts,
        "can_board": can_board,
        "former_units": former,
        "former_total": sum(n for _unit, n in former),
    }
    if request.htmx and request.htmx.target == "item-table":
        return render(request, "meetings/item_list.html#table", context)
    return render(request, "meetings/item_list.html", context)


@require_http_methods(["GET", "POST"])
def item_import(request: HtmxHttpRequest) -> HttpResponse:
    """Upload a filled update workbook: every row checked, all saved or none."""
    if not request.user.has_perm("meetings.list_meetings"):
        raise PermissionDenied
    result = None
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            result = ImportResult(errors=[RowError("", 0, "", _("Choose the workbook to upload."))])
        else:
            result = items_import(user=request.user, file=upload)
        status = 200 if result.ok else 422
        if result.ok:
            messages.success(request, _("%(count)s items updated.") % {"count": result.saved})
    return render(request, "meetings/item_import.html", {"result": result}, status=status)


def _item_or_404(user: Any, pk: int) -> FollowUp:
    return get_visible_or_404(
        FollowUp.objects.select_related(
            "unit", "assignee_office", "meeting", "source_report", "created_by", "moved_from__unit"
        ),
        user,
        pk=pk,
    )


def _respond_form(request: HttpRequest, item: FollowUp, **kwargs: Any) -> RespondForm:
    """The answer form; its status field only for the party that owes the answer."""
    return RespondForm(
        staff=request.user.has_perm("meetings.manage_meeting"),
        may_set_status=request.user.has_perm("meetings.set_followup_status", item),
        **kwargs,
    )


def item_detail(request: HttpRequest, pk: int, form: RespondForm | None = None, status: int = 200) -> HttpResponse:
    item = _item_or_404(request.user, pk)
    context = {
        "item": item,
        "responses": item.responses.select_related("author"),
        "history": history_entries(item),
        "linked": linked_sections(item=item, user=request.user),
        "can_respond": request.user.has_perm("meetings.respond_followup", item),
        "can_move": request.user.has_perm("meetings.manage_meeting")
        and item.kind == FollowUpKind.DIRECTIVE
        and not item.is_closed
        and not item.unit.is_current(timezone.localdate()),
        "form": form or _respond_form(request, item, initial={"loaded_version": item.version}),
    }
    return render(request, "meetings/item_detail.html", context, status=status)


@require_POST
def item_respond_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_or_404(request.user, pk)
    form = _respond_form(request, item, data=request.POST, files=request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        if asked := _ask_before_closing(request, item, data):
            return asked
        try:
            services.item_respond(
                user=request.user,
                item=item,
                text=data["text"],
                status=data.get("status", ""),
                expected_version=data["loaded_version"],
                upload=data["file"],
                reason=data.get("reason", ""),
                resolution=data["resolution"],
                resolution_url=data["resolution_url"],
            )
        except StaleObjectError:
            form.add_error(
                None,
                _("Someone else updated this item meanwhile; your response is kept below. Check it and send again."),
            )
            data = request.POST.copy()
            data["loaded_version"] = str(FollowUp.objects.get(pk=item.pk).version)
            form.data = data
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Response recorded."))
            return redirect(item)
    return item_detail(request, pk, form=form, status=422)


def _ask_before_closing(request: HttpRequest, item: FollowUp, data: dict[str, Any]) -> HttpResponse | None:
    """Closing an item (done, rejected, transferred) is asked first; a file cannot be carried
    through the question, so a response with a file is recorded at once (issue 13, defect 7)."""
    status = data.get("status", "")
    if status not in CLOSED_STATUSES or status == item.status or data.get("file") or is_confirmed(request):
        return None
    labels = dict(FollowUpStatus.choices)
    confirm = Confirm(
        title=_("Close this item?"),
        question=_("Mark the item “%(status)s”? It then leaves the open and overdue lists.")
        % {"status": labels[status]},
        note=item.text,
        button=_("Yes, close it"),
        icon="check2-circle",
        danger=False,
        cancel_url=item.get_absolute_url(),
        crumbs=[(_("Follow-up items"), reverse("meetings:item_list"))],
    )
    return confirm_repost(request, confirm)


def response_file(request: HttpRequest, pk: int, response_pk: int) -> FileResponse:
    item = _item_or_404(request.user, pk)
    answer = get_object_or_404(item.responses, pk=response_pk)
    if not answer.file:
        raise Http404
    return upload_response(answer.file, filename=answer.file_name or answer.file.name.rsplit("/")[-1])


def board(request: HttpRequest) -> HttpResponse:
    """Follow-up board by division, by unit and by topic; every table exportable."""
    if not request.user.has_perm("meetings.view_board"):
        raise PermissionDenied
    data = selectors.followup_board(user=request.user)
    export = request.GET.get("export")
    if export in ("office", "unit", "topic"):
        lines = {"office": data.by_office, "unit": data.by_unit, "topic": data.by_topic}[export]
        return xlsx_response(
            filename=f"bang-theo-doi-{export}.xlsx",
            title=_("Follow-up board"),
            headers=[_("Name"), _("Total"), _("Not closed"), _("Overdue"), _("Done"), _("Closed on time (%)")],
            rows=[
                [
                    line.label or _("Not assigned"),
                    line.total,
                    line.open,
                    line.overdue,
                    line.done,
                    line.on_time_percent if line.on_time_percent is not None else "",
                ]
                for line in lines
            ],
        )
    units_shown = 50
    return render(
        request,
        "meetings/board.html",
        {"board": data, "units": data.by_unit[:units_shown], "units_more": max(0, len(data.by_unit) - units_shown)},
    )


@require_http_methods(["GET", "POST"])
def items_move_view(request: HttpRequest, unit_pk: int) -> HttpResponse:
    """Ask first, then move the open directives of an abolished unit to its successors."""
    from khcn.geo.selectors import unit_current_successors

    _require_manage(request)
    unit = get_visible_or_404(AdminUnit.objects.all(), request.user, pk=unit_pk)
    items = selectors.former_unit_directives(user=request.user).filter(unit=unit).order_by("due_on", "pk")
    successors = AdminUnit.objects.filter(pk__in=[c.unit.pk for c in unit_current_successors(unit=unit)])
    initial = {"items": list(items), "successors": list(successors)}
    form = MoveForm(request.POST or None, items=items, successors=successors.order_by("sort_key"), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.followups_move_to_successors(
                user=request.user,
                items=list(form.cleaned_data["items"].select_related("unit")),
                successors=list(form.cleaned_data["successors"]),
                due_on=form.cleaned_data["due_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            done = _("%(count)s directives created for the successor units.") % {"count": len(moved)}
            messages.success(request, done)
            return redirect(reverse("meetings:item_list") + "?kind=directive&state=open")
    status = 422 if request.method == "POST" else 200
    context = {"unit": unit, "form": form, "has_items": items.exists()}
    return render(request, "meetings/items_move.html", context, status=status)


def unit_page(request: HttpRequest, unit_pk: int) -> HttpResponse:
    """A unit's sessions, its items (what it must do, what it asked for) and what came of them."""
    unit = get_visible_or_404(AdminUnit.objects.all(), request.user, pk=unit_pk)
    if not request.user.has_perm("meetings.list_meetings"):
        raise PermissionDenied
    meetings = selectors.meeting_list(user=request.user).filter(cluster__unit=unit).order_by("-starts_at")
    items = selectors.followup_list(user=request.user).filter(unit=unit).select_related("assignee_office", "meeting")
    data = selectors.followup_board(user=request.user, items=items)
    return render(
        request,
        "meetings/unit_page.html",
        {
            "unit": unit,
            "meetings": meetings,
            "directives": items.filter(kind=FollowUpKind.DIRECTIVE).order_by("due_on", "pk"),
            "requests": items.filter(kind=FollowUpKind.REQUEST).order_by("due_on", "pk"),
            "totals": data.totals,
        },
    )


# -- public tracker ---------------------------------------------------------------------------


@login_not_required
def public_tracker(request: HttpRequest) -> HttpResponse:
    """What units asked and how the Department answered, for the items opted in one by one.

    Only the item, its unit, its status and the Department's answers are shown; never who
    typed them, attachments or internal notes.
    """
    items = (
        FollowUp.objects.filter(is_public=True, kind=FollowUpKind.REQUEST)
        .select_related("unit", "assignee_office")
        .prefetch_related(
            Prefetch("responses", queryset=FollowUpResponse.objects.order_by("created_at", "pk"), to_attr="answers")
        )
        .order_by("-created_at", "-pk")
    )
    topic = request.GET.get("topic", "")
    if topic in Topic.values:
        items = items.filter(topic=topic)
    paginator = Paginator(items, 20)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/public_tracker.html",
        {
            "page": page,
            "items": page.object_list,
            "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "topics": Topic.choices,
            "topic": topic,
        },
    )
