"""Connections, their files and the board (helper D).

The Department records who it introduced to whom and what came of it; a commune's officer
reads the connections of its commune, an expert the ones naming them."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_tables2 import RequestConfig

from khcn.accounts.scoping import visible
from khcn.core.concurrency import StaleObjectError
from khcn.core.confirm import Confirm, confirm_page
from khcn.core.exports import table_xlsx_response, xlsx_response
from khcn.core.history import history_entries
from khcn.core.http import HtmxHttpRequest
from khcn.core.text import fold, nfc
from khcn.core.uploads import upload_response
from khcn.experts.filters_connections import ConnectionFilter
from khcn.experts.forms.connections import ConnectionFileForm, ConnectionForm
from khcn.experts.models import ConnectionFile, Demand, DemandStatus, Expert, Outcome, Technology
from khcn.experts.selectors import connections as selectors
from khcn.experts.services import connections as services
from khcn.experts.tables_connections import ConnectionTable, request_label

LOOKUP_LIMIT = 20


def _require_list(request: HttpRequest) -> None:
    if not request.user.has_perm("experts.view_connections"):
        raise PermissionDenied


def connection_list(request: HtmxHttpRequest) -> HttpResponse:
    """Connections in scope: filter by outcome, field, commune and expert; search, sort, page, export."""
    _require_list(request)
    filterset = ConnectionFilter(request.GET, queryset=selectors.connection_list(user=request.user), user=request.user)
    table = ConnectionTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    if request.GET.get("export") == "xlsx":
        return table_xlsx_response(table, filename="ket-noi-chuyen-gia-cong-nghe.xlsx", title=_("Connections"))
    context = {
        "filter": filterset,
        "table": table,
        "filtered": any(request.GET.get(k) for k in filterset.filters),
        "can_add": request.user.has_perm("experts.add_connection", None),
    }
    if request.htmx and request.htmx.target == "connection-table":
        return render(request, "experts/connections/connection_list.html#table", context)
    return render(request, "experts/connections/connection_list.html", context)


def _prefill(request: HttpRequest) -> dict[str, Any]:
    """?demand= / ?followup= / ?expert= / ?technology= from the matches page (digits only)."""
    return {
        k: request.GET[k] for k in ("demand", "followup", "expert", "technology") if request.GET.get(k, "").isdigit()
    }


@require_http_methods(["GET", "POST"])
def connection_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("experts.add_connection", None):
        raise PermissionDenied
    initial = {"introduced_on": timezone.localdate(), **_prefill(request)}
    form = ConnectionForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "loaded_version"}
        try:
            connection = services.connection_create(user=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Connection recorded."))
            return redirect(connection)
    context = {"form": form, "connection": None, "cancel_url": reverse("experts:connection_list")}
    return render(
        request, "experts/connections/connection_form.html", context, status=422 if request.method == "POST" else 200
    )


def connection_detail(request: HttpRequest, pk: int, status: int = 200, file_form: Any = None) -> HttpResponse:
    _require_list(request)
    connection = selectors.connection_get(user=request.user, pk=pk)
    can_change = request.user.has_perm("experts.change_connection", connection)
    context = {
        "connection": connection,
        "request_label": request_label(connection),
        "can_change": can_change,
        "file_form": file_form or (ConnectionFileForm() if can_change else None),
        "history": history_entries(connection) if can_change else [],
    }
    return render(request, "experts/connections/connection_detail.html", context, status=status)


@require_http_methods(["GET", "POST"])
def connection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    connection = selectors.connection_get(user=request.user, pk=pk)
    if not request.user.has_perm("experts.change_connection", connection):
        raise PermissionDenied
    form = ConnectionForm(request.POST or None, instance=connection, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.connection_update(
                user=request.user, connection=form.instance, expected_version=form.cleaned_data["loaded_version"]
            )
        except StaleObjectError as error:
            form.mark_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(connection)
    context = {"form": form, "connection": connection, "cancel_url": connection.get_absolute_url()}
    return render(
        request, "experts/connections/connection_form.html", context, status=422 if request.method == "POST" else 200
    )


@require_POST
def connection_file_add(request: HttpRequest, pk: int) -> HttpResponse:
    connection = selectors.connection_get(user=request.user, pk=pk)
    if not request.user.has_perm("experts.change_connection", connection):
        raise PermissionDenied
    form = ConnectionFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.connection_file_add(
                user=request.user,
                connection=connection,
                upload=form.cleaned_data["file"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("File attached."))
            return redirect(connection.get_absolute_url() + "#files")
    return connection_detail(request, pk, status=422, file_form=form)


@require_http_methods(["GET", "POST"])
def connection_file_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask, then delete one file of a connection the officer may change."""
    visible_connections = selectors.connection_list(user=request.user).values("pk")
    stored = get_object_or_404(
        ConnectionFile.objects.filter(connection__in=visible_connections).select_related("connection"), pk=pk
    )
    connection = stored.connection
    if not request.user.has_perm("experts.change_connection", connection):
        raise PermissionDenied
    back = connection.get_absolute_url()
    confirm = Confirm(
        title=_("Delete the file"),
        question=_("Delete this file of the connection “%(name)s”? This cannot be undone.") % {"name": connection},
        note=str(stored),
        button=_("Yes, delete"),
        icon="trash",
        cancel_url=back + "#files",
        crumbs=[(_("Connections"), reverse("experts:connection_list")), (str(connection), back)],
    )
    if request.method == "POST":
        services.connection_file_delete(user=request.user, stored=stored)
        messages.success(request, _("File deleted."))
        return redirect(back + "#files")
    return confirm_page(request, confirm)


def connection_file(request: HttpRequest, pk: int) -> FileResponse:
    """A file of a connection in the user's scope (404 otherwise), always as an attachment."""
    _require_list(request)
    visible_connections = selectors.connection_list(user=request.user).values("pk")
    stored = get_object_or_404(ConnectionFile.objects.filter(connection__in=visible_connections), pk=pk)
    return upload_response(stored.file, filename=stored.file.name.rsplit("/", 1)[-1])


@require_GET
def connection_lookup(request: HttpRequest, kind: str) -> HttpResponse:
    """The <option>s of a search-as-you-type select: at most LOOKUP_LIMIT rows the user may see."""
    if not request.user.has_perm("experts.add_connection", None):
        raise PermissionDenied
    text = nfc(request.GET.get(f"{kind}_q", "")).strip()[:100]
    folded = fold(text)
    if kind == "expert":
        rows: Any = visible(Expert.objects.all(), request.user).filter(name_folded__contains=folded)
    elif kind == "technology":
        rows = visible(Technology.objects.all(), request.user).filter(title_folded__contains=folded)
    elif kind == "demand":
        rows = visible(Demand.objects.select_related("unit"), request.user, action="change").filter(
            title_folded__contains=folded, status__in=[DemandStatus.OPEN, DemandStatus.CONNECTING]
        )
    else:
        raise Http404
    options = list(rows[:LOOKUP_LIMIT]) if text else []
    return render(request, "experts/connections/_lookup_options.html", {"options": options, "text": text})


# ---- The board ----

BOARD_TABLES = {
    "field": _("Connections by field group"),
    "commune": _("Connections by commune"),
    "expert": _("Connections by expert"),
}


def connection_board(request: HttpRequest) -> HttpResponse:
    """Connections and outcomes by field group, commune and expert; each table to .xlsx."""
    if not request.user.has_perm("experts.view_connection_board"):
        raise PermissionDenied
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else None
    board = selectors.connection_board(user=request.user, year=year)
    tables = {"field": board.by_field, "commune": board.by_commune, "expert": board.by_expert}
    export = request.GET.get("export")
    if export:
        if export not in tables:
            raise Http404
        return _board_xlsx(str(BOARD_TABLES[export]), tables[export], year)
    context = {
        "board": board,
        "year": year,
        "outcomes": Outcome.choices,
        "sections": [(key, BOARD_TABLES[key], rows) for key, rows in tables.items()],
    }
    return render(request, "experts/connections/connection_board.html", context)


def _board_xlsx(title: str, rows: list[selectors.BoardRow], year: int | None) -> HttpResponse:
    headers = ["", *[str(label) for _value, label in Outcome.choices], _("Total"), _("Answered"), _("Answer rate")]
    full_title = f"{title} ({year})" if year else title
    return xlsx_response(
        filename=f"ket-noi-{fold(title).replace(' ', '-')}{'-' + str(year) if year else ''}.xlsx",
        title=full_title,
        headers=headers,
        rows=([r.label, *r.cells, r.total, r.answered, r.rate] for r in rows),
    )
