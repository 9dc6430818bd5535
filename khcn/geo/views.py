from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_tables2 import RequestConfig

from khcn.accounts.scoping import get_visible_or_404, visible
from khcn.core.concurrency import StaleObjectError
from khcn.core.exports import table_xlsx_response, xlsx_response
from khcn.core.history import history_entries
from khcn.core.http import HtmxHttpRequest
from khcn.geo import selectors
from khcn.geo.filters import OrganisationFilter
from khcn.geo.forms import OrganisationForm
from khcn.geo.models import AdminUnit, Organisation, UnitLevel
from khcn.geo.selectors import Era
from khcn.geo.services import organisation_create, organisation_delete, organisation_update
from khcn.geo.tables import OrganisationTable


def _era(request: HttpRequest) -> str:
    return Era.FORMER if request.GET.get("era") == Era.FORMER else Era.CURRENT


def unit_tree(request: HtmxHttpRequest) -> HttpResponse:
    """The province's units as a tree (today's or before the reform), with search."""
    era = _era(request)
    query = request.GET.get("q", "").strip()
    province = selectors.province_get()
    # Search covers both periods whatever the tab: a former unit is shown with today's unit.
    results = selectors.unit_search(query=query) if query else None
    children = selectors.unit_children(unit=province, era=era) if province and not query else []
    if results:
        links = selectors.units_current_links(units=results)
        for unit in results:
            unit.now_links = links.get(unit.pk, [])  # type: ignore[attr-defined]
    if request.GET.get("export") == "xlsx":
        rows = results if results is not None else children
        return xlsx_response(
            filename="don-vi-hanh-chinh.xlsx",
            title=_("Administrative units"),
            headers=[_("Code"), _("Name"), _("Type"), _("Parent unit"), _("Valid from"), _("Valid to")],
            rows=(
                [
                    u.code,
                    u.full_name,
                    u.get_unit_type_display(),
                    u.parent.full_name if u.parent else "",
                    u.valid_from,
                    u.valid_to,
                ]
                for u in rows
            ),
        )
    context = {
        "era": era,
        "query": query,
        "province": province,
        "children": children,
        "results": results,
        "reform_date": selectors.reform_date(),
    }
    if request.htmx and request.htmx.target == "unit-results":
        return render(request, "geo/unit_tree.html#results", context)
    return render(request, "geo/unit_tree.html", context)


def unit_children(request: HttpRequest, pk: int) -> HttpResponse:
    """The children of one unit, the fragment a tree node loads when opened."""
    unit = get_object_or_404(AdminUnit, pk=pk)
    era = _era(request)
    context = {"children": selectors.unit_children(unit=unit, era=era), "era": era}
    return render(request, "geo/unit_tree.html#nodes", context)


def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One unit: where it sits, what it was formed from, what it became, what it holds."""
    unit = get_object_or_404(AdminUnit.objects.select_related("parent", "parent__parent"), pk=pk)
    ancestors: list[AdminUnit] = []
    node = unit.parent
    while node is not None:
        ancestors.insert(0, node)
        node = node.parent
    current = None if unit.is_current() else selectors.unit_current_successors(unit=unit)
    children = selectors.unit_children(unit=unit, era=Era.FORMER if unit.valid_to else Era.CURRENT)
    context = {
        "unit": unit,
        "ancestors": ancestors,
        "history": selectors.unit_history(unit=unit),
        "current": current,
        "children": children,
        "organisations": visible(Organisation.objects.filter(unit=unit), request.user)[:20],
        "is_district": unit.level == UnitLevel.DISTRICT,
    }
    return render(request, "geo/unit_detail.html", context)


# -- organisations ---------------------------------------------------------------------


def organisation_list(request: HtmxHttpRequest) -> HttpResponse:
    """Organisations in the user's scope: filter, sort, page, export what is shown."""
    if not request.user.has_perm("geo.view_organisation"):
        raise PermissionDenied
    base = visible(Organisation.objects.select_related("unit"), request.user)
    filterset = OrganisationFilter(request.GET, queryset=base)
    table = OrganisationTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    if request.GET.get("export") == "xlsx":
        return table_xlsx_response(table, filename="to-chuc.xlsx", title=_("Organisations"))
    context = {"filter": filterset, "table": table, "can_add": request.user.has_perm("geo.add_organisation")}
    if request.htmx and request.htmx.target == "organisation-table":
        return render(request, "geo/organisation_list.html#table", context)
    return render(request, "geo/organisation_list.html", context)


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_visible_or_404(
        Organisation.objects.select_related("unit", "parent", "created_by", "updated_by"), request.user, pk=pk
    )
    context = {
        "org": org,
        "history": history_entries(org),
        "can_change": request.user.has_perm("geo.change_organisation", org),
        "can_delete": request.user.has_perm("geo.delete_organisation", org),
    }
    return render(request, "geo/organisation_detail.html", context)


@require_http_methods(["GET", "POST"])
def organisation_create_view(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("geo.add_organisation"):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "loaded_version"}
        org = organisation_create(user=request.user, data=data)
        messages.success(request, _("Organisation “%(name)s” was created.") % {"name": org.name})
        return redirect(org)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "geo/organisation_form.html",
        {
            "form": form,
            "org": None,
            "cancel_url": reverse("geo:organisation_list"),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_visible_or_404(Organisation.objects.all(), request.user, pk=pk)
    if not request.user.has_perm("geo.change_organisation", org):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None, instance=org, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            organisation_update(
                user=request.user, organisation=form.instance, expected_version=form.cleaned_data["loaded_version"]
            )
        except StaleObjectError as error:
            form.mark_stale(error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(org)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "geo/organisation_form.html",
        {"form": form, "org": org, "cancel_url": org.get_absolute_url()},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def organisation_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first (GET), delete on the confirmed POST."""
    org = get_visible_or_404(Organisation.objects.select_related("unit"), request.user, pk=pk)
    if not request.user.has_perm("geo.delete_organisation", org):
        raise PermissionDenied
    if request.method == "POST":
        organisation_delete(user=request.user, organisation=org)
        messages.success(request, _("Organisation “%(name)s” was deleted.") % {"name": org.name})
        return redirect("geo:organisation_list")
    return render(
        request,
        "components/confirm_delete.html",
        {
            "object": org,
            "cancel_url": org.get_absolute_url(),
            "title": _("Delete organisation"),
        },
    )
