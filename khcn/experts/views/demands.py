"""Technology demands: list, forms, from a follow-up item, closing (helper B)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_tables2 import RequestConfig

from khcn.accounts.scoping import get_visible_or_404
from khcn.core.concurrency import StaleObjectError
from khcn.core.confirm import Confirm
from khcn.core.exports import download_name, table_xlsx_response
from khcn.core.history import history_entries
from khcn.core.http import HtmxHttpRequest
from khcn.experts.filters_demands import DemandFilter
from khcn.experts.forms.demands import DemandCloseForm, DemandForm
from khcn.experts.models import Demand, DemandSource
from khcn.experts.selectors import demands as selectors
from khcn.experts.services import demands as services
from khcn.experts.tables_demands import DemandTable


def demand_list(request: HtmxHttpRequest) -> HttpResponse:
    """Demands in scope: filter by status, commune, field and source; search, sort, page, export."""
    if not request.user.has_perm("experts.list_demands"):
        raise PermissionDenied
    filterset = DemandFilter(request.GET, queryset=selectors.demand_list(user=request.user), request=request)
    table = DemandTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    if request.GET.get("export") == "xlsx":
        return table_xlsx_response(
            table, filename=download_name("nhu-cau-cong-nghe", ext="xlsx"), title=_("Technology demands")
        )
    context = {
        "filter": filterset,
        "table": table,
        "filtered": any(request.GET.get(name) for name in filterset.filters),
        "can_add": request.user.has_perm("experts.add_demand"),
    }
    if request.htmx and request.htmx.target == "demand-table":
        return render(request, "experts/demands/demand_list.html#table", context)
    return render(request, "experts/demands/demand_list.html", context)


def demand_detail(request: HttpRequest, pk: int) -> HttpResponse:
    demand = selectors.demand_get(user=request.user, pk=pk)
    can_change = request.user.has_perm("experts.change_demand", demand)
    context = {
        "demand": demand,
        "connections": list(demand.connections.all()),
        "close_reason": selectors.demand_close_reason(demand=demand),
        "can_change": can_change and demand.status in services.OPEN_STATUSES,
        "can_match": request.user.has_perm("experts.view_matches", demand),
        "history": history_entries(demand),
    }
    return render(request, "experts/demands/demand_detail.html", context)


def _form(
    request: HttpRequest, demand: Demand | None, *, initial: dict[str, Any] | None = None, **extra: Any
) -> HttpResponse:
    form = DemandForm(request.POST or None, instance=demand, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if demand is None:
                data = {k: v for k, v in form.cleaned_data.items() if k != "loaded_version"}
                saved = services.demand_create(user=request.user, **data, **extra)
            else:
                saved = services.demand_update(
                    user=request.user, demand=form.instance, expected_version=form.cleaned_data["loaded_version"]
                )
        except StaleObjectError as error:
            form.mark_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Demand “%(name)s” saved.") % {"name": saved.title})
            return redirect(saved)
    status = 422 if request.method == "POST" else 200
    cancel = demand.get_absolute_url() if demand else reverse("experts:demand_list")
    context = {"form": form, "demand": demand, "cancel_url": cancel, "followup": extra.get("followup")}
    return render(request, "experts/demands/demand_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def demand_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("experts.add_demand"):
        raise PermissionDenied
    return _form(request, None)


@require_http_methods(["GET", "POST"])
def demand_from_followup(request: HttpRequest, followup_pk: int) -> HttpResponse:
    """A demand prefilled from a follow-up item in the user's scope (a unit's problem raised
    in a working session)."""
    from khcn.meetings.selectors import followup_list

    followup = get_visible_or_404(followup_list(user=request.user).select_related("unit"), request.user, pk=followup_pk)
    if not request.user.has_perm("experts.add_demand"):
        raise PermissionDenied
    initial = {
        "title": Truncator(" ".join(followup.text.split())).chars(150),
        "problem": followup.text,
        "unit": followup.unit_id,
    }
    return _form(request, None, initial=initial, followup=followup, source=DemandSource.FOLLOWUP)


@require_http_methods(["GET", "POST"])
def demand_edit(request: HttpRequest, pk: int) -> HttpResponse:
    demand = selectors.demand_get(user=request.user, pk=pk)
    if not request.user.has_perm("experts.change_demand", demand):
        raise PermissionDenied
    return _form(request, demand)


@require_http_methods(["GET", "POST"])
def demand_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for the reason and confirmation, then close the demand without answer."""
    demand = selectors.demand_get(user=request.user, pk=pk)
    if not request.user.has_perm("experts.change_demand", demand):
        raise PermissionDenied
    form = DemandCloseForm(request.POST or None)
    confirm = Confirm(
        title=_("Close without answer"),
        question=_("Close “%(name)s” without an answer? It leaves the open demands; its history is kept.")
        % {"name": demand.title},
        button=_("Yes, close"),
        icon="x-circle",
        cancel_url=demand.get_absolute_url(),
        crumbs=[(_("Technology demands"), reverse("experts:demand_list")), (demand.title, demand.get_absolute_url())],
        version=demand.version,
    )
    if request.method == "POST" and form.is_valid():
        version = request.POST.get("loaded_version", "")
        try:
            services.demand_close(
                user=request.user,
                demand=demand,
                reason=form.cleaned_data["reason"],
                expected_version=int(version) if version.isdigit() else None,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Demand closed."))
            return redirect(demand)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "experts/confirm_with_note.html",
        {"confirm": confirm, "form": form, "demand": demand},
        status=status,
    )
