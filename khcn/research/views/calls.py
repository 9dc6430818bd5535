"""Setup pages for calls for proposals: the Department opens, edits, closes or deletes a call.

Department staff only (`research.manage_calls`); every write goes through
`services.calls`, which refuses to delete a call that has proposals.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_tables2 import RequestConfig

from khcn.core.concurrency import StaleObjectError
from khcn.core.confirm import Confirm, confirm_page
from khcn.core.exports import table_xlsx_response
from khcn.core.history import history_entries
from khcn.core.http import HtmxHttpRequest
from khcn.research import selectors
from khcn.research.filters import CallFilter
from khcn.research.forms import PlanCallForm
from khcn.research.models import PlanCall, ProposalStatus
from khcn.research.services import calls as services_calls
from khcn.research.tables import CallTable


def _require_manage(request: HttpRequest) -> None:
    if not request.user.has_perm("research.manage_calls"):
        raise PermissionDenied


def _call_or_404(pk: int) -> PlanCall:
    return get_object_or_404(selectors.call_list().select_related("created_by", "updated_by"), pk=pk)


def call_list(request: HtmxHttpRequest) -> HttpResponse:
    """Every call, newest plan year first: filter, sort, page, export."""
    _require_manage(request)
    filterset = CallFilter(request.GET, queryset=selectors.call_list())
    table = CallTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    if request.GET.get("export") == "xlsx":
        return table_xlsx_response(table, filename="dot-de-xuat.xlsx", title=_("Calls for proposals"))
    context = {"filter": filterset, "table": table, "filtered": any(request.GET.get(k) for k in filterset.filters)}
    if request.htmx and request.htmx.target == "call-table":
        return render(request, "research/call_list.html#table", context)
    return render(request, "research/call_list.html", context)


@require_http_methods(["GET", "POST"])
def call_create_view(request: HttpRequest) -> HttpResponse:
    _require_manage(request)
    form = PlanCallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "loaded_version"}
        try:
            call = services_calls.call_create(user=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Call “%(name)s” was created.") % {"name": call.name})
            return redirect(call)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "call": None, "cancel_url": reverse("research:call_list")}
    return render(request, "research/call_form.html", context, status=status)


def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manage(request)
    call = _call_or_404(pk)
    by_status = dict(call.proposals.order_by().values_list("status").annotate(n=Count("id")))
    context = {
        "call": call,
        "counts": [(label, by_status[value]) for value, label in ProposalStatus.choices if value in by_status],
        "history": history_entries(call),
    }
    return render(request, "research/call_detail.html", context)


@require_http_methods(["GET", "POST"])
def call_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manage(request)
    call = _call_or_404(pk)
    form = PlanCallForm(request.POST or None, instance=call)
    if request.method == "POST" and form.is_valid():
        try:
            services_calls.call_update(
                user=request.user, call=form.instance, expected_version=form.cleaned_data["loaded_version"]
            )
        except StaleObjectError as error:
            form.mark_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(call)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "call": call, "cancel_url": call.get_absolute_url()}
    return render(request, "research/call_form.html", context, status=status)


def _crumbs(call: PlanCall) -> list[tuple[str, str]]:
    return [(_("Calls for proposals"), reverse("research:call_list")), (call.name, call.get_absolute_url())]


@require_http_methods(["GET", "POST"])
def call_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first; on the confirmed POST close the call (the version loaded with the question)."""
    _require_manage(request)
    call = _call_or_404(pk)
    confirm = Confirm(
        title=_("Close the call"),
        question=_("Close “%(name)s” now? Units will no longer be able to submit proposals to it.") % {"name": call},
        note=_("Proposals already submitted stay as they are and can still be screened."),
        button=_("Yes, close the call"),
        icon="lock",
        cancel_url=call.get_absolute_url(),
        crumbs=_crumbs(call),
        version=call.version,
    )
    if request.method == "POST":
        try:
            version = int(request.POST.get("loaded_version", ""))
            services_calls.call_close(user=request.user, call=call, expected_version=version)
        except (ValueError, ValidationError) as error:
            confirm.version = PlanCall.objects.get(pk=call.pk).version
            confirm.errors = getattr(error, "messages", [_("Reload the page and try again.")])
            return confirm_page(request, confirm, status=422)
        messages.success(request, _("The call “%(name)s” is closed.") % {"name": call.name})
        return redirect(call)
    return confirm_page(request, confirm)


@require_http_methods(["GET", "POST"])
def call_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first; a call with proposals cannot be deleted, only closed (the service refuses)."""
    _require_manage(request)
    call = _call_or_404(pk)
    confirm = Confirm(
        title=_("Delete the call"),
        question=_("Delete “%(name)s”? This cannot be undone.") % {"name": call},
        note=_("Only a call opened by mistake, without any proposal, can be deleted."),
        button=_("Yes, delete"),
        icon="trash",
        cancel_url=call.get_absolute_url(),
        crumbs=_crumbs(call),
    )
    if request.method == "POST":
        try:
            services_calls.call_delete(user=request.user, call=call)
        except ValidationError as error:
            confirm.errors, confirm.allowed = error.messages, False
            return confirm_page(request, confirm, status=422)
        messages.success(request, _("The call “%(name)s” was deleted.") % {"name": call.name})
        return redirect("research:call_list")
    if call.proposal_count:  # type: ignore[attr-defined]
        confirm.allowed = False
        confirm.question = str(services_calls.CALL_HAS_PROPOSALS_MESSAGE)
    return confirm_page(request, confirm)
