"""Pages of the province's IP statistics: the year × kind table with the rows below it and the
marks KHCN tracks beside it, a row with its history, its form, its removal, the workbook
export and import."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_tables2 import RequestConfig

from khcn.core.bounds import VERSION_MAX
from khcn.core.concurrency import StaleObjectError
from khcn.core.confirm import Confirm, confirm_page
from khcn.core.exports import download_name, download_response
from khcn.core.history import history_entries
from khcn.core.http import HtmxHttpRequest
from khcn.core.imports import ImportResult, RowError
from khcn.ipstats import excel, selectors, services
from khcn.ipstats.filters import StatisticFilter
from khcn.ipstats.forms import ImportForm, StatisticForm
from khcn.ipstats.models import IpStatistic
from khcn.ipstats.tables import StatisticTable


def _require(request: HttpRequest, perm: str, obj: Any = None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def statistic_list(request: HtmxHttpRequest) -> HttpResponse:
    """The year × kind table of the rows in the filters, the rows themselves (sort, page), the
    marks of local products KHCN tracks for the same years, and the export."""
    _require(request, "ipstats.view_statistics")
    filterset = StatisticFilter(request.GET, queryset=selectors.statistic_list(user=request.user))
    rows = list(filterset.qs.order_by("-year", "kind"))
    kinds = filterset.form.cleaned_data.get("kind") or []
    pivot = selectors.statistics_table(rows, kinds=kinds)
    if request.GET.get("export") == "xlsx":
        title = _("IP applications and grants of the province")
        content = excel.statistics_workbook(table=pivot, rows=rows, title=title)
        return download_response(content, filename=download_name("thong-ke-so-huu-tri-tue", ext="xlsx"))
    table = StatisticTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 20}).configure(table)
    context = {
        "filter": filterset,
        "pivot": pivot,
        "table": table,
        "marks": selectors.marks_by_year(user=request.user, years=[line.year for line in pivot.rows]),
        "mark_stages": [(stage.value, stage.label) for stage in selectors.MARK_STAGES],
        "can_see_marks": request.user.has_perm("products.list_products"),
        "filtered": any(request.GET.get(k) for k in filterset.filters),
        "can_add": request.user.has_perm("ipstats.change_statistic"),
        "can_import": request.user.has_perm("ipstats.import_statistics"),
    }
    if request.htmx and request.htmx.target == "statistics":
        return render(request, "ipstats/statistic_list.html#statistics", context)
    return render(request, "ipstats/statistic_list.html", context)


def statistic_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "ipstats.view_statistics")
    statistic = selectors.statistic_get(user=request.user, pk=pk)
    context = {
        "statistic": statistic,
        "can_change": request.user.has_perm("ipstats.change_statistic", statistic),
        "history": history_entries(statistic),
    }
    return render(request, "ipstats/statistic_detail.html", context)


def _form_page(request: HttpRequest, form: StatisticForm, statistic: IpStatistic | None) -> HttpResponse:
    context = {
        "form": form,
        "statistic": statistic,
        "heading": _("Edit the figures") if statistic else _("New IP figures"),
        "cancel_url": statistic.get_absolute_url() if statistic else reverse("ipstats:statistic_list"),
    }
    return render(request, "ipstats/statistic_form.html", context, status=422 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
def statistic_create(request: HttpRequest) -> HttpResponse:
    _require(request, "ipstats.change_statistic")
    form = StatisticForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "loaded_version"}
        try:
            statistic = services.statistic_create(user=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Figures of %(row)s saved.") % {"row": statistic})
            return redirect(statistic)
    return _form_page(request, form, None)


@require_http_methods(["GET", "POST"])
def statistic_edit(request: HttpRequest, pk: int) -> HttpResponse:
    statistic = selectors.statistic_get(user=request.user, pk=pk)
    _require(request, "ipstats.change_statistic", statistic)
    form = StatisticForm(request.POST or None, instance=statistic)
    if request.method == "POST" and form.is_valid():
        try:
            services.statistic_update(
                user=request.user, statistic=form.instance, expected_version=form.cleaned_data["loaded_version"]
            )
        except StaleObjectError as error:
            form.mark_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(statistic)
    return _form_page(request, form, statistic)


def _version(request: HttpRequest) -> int | None:
    value = request.POST.get("loaded_version", "")
    return int(value) if value.isdigit() and 0 < int(value) <= VERSION_MAX else None


@require_http_methods(["GET", "POST"])
def statistic_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a row entered by mistake, after the question; its history is kept."""
    statistic = selectors.statistic_get(user=request.user, pk=pk)
    _require(request, "ipstats.change_statistic", statistic)
    confirm = Confirm(
        title=_("Delete the figures"),
        question=_("Delete the figures of %(row)s? They leave the table and the city board; their history is kept.")
        % {"row": statistic},
        button=_("Yes, delete"),
        icon="trash",
        cancel_url=statistic.get_absolute_url(),
        crumbs=[
            (_("IP statistics"), reverse("ipstats:statistic_list")),
            (str(statistic), statistic.get_absolute_url()),
        ],
        version=statistic.version,
    )
    if request.method == "POST":
        try:
            services.statistic_delete(user=request.user, statistic=statistic, expected_version=_version(request))
        except ValidationError as error:
            confirm.errors = error.messages
            confirm.version = getattr(error, "current", statistic).version
            return confirm_page(request, confirm, status=422)
        messages.success(request, _("Figures deleted."))
        return redirect("ipstats:statistic_list")
    return confirm_page(request, confirm)


@require_http_methods(["GET", "POST"])
def statistic_import(request: HttpRequest) -> HttpResponse:
    """Upload a workbook of figures: every row checked, all saved or none."""
    _require(request, "ipstats.import_statistics")
    form = ImportForm(request.POST or None, request.FILES or None)
    result: ImportResult | None = None
    if request.method == "POST":
        if form.is_valid():
            result = excel.statistics_import(user=request.user, file=form.cleaned_data["file"])
        else:
            result = ImportResult(errors=[RowError("", 0, "", _("Choose the workbook to upload."))])
        if result.ok:
            messages.success(request, _("%(count)s rows imported.") % {"count": result.saved})
    status = 422 if result is not None and not result.ok else 200
    return render(request, "ipstats/statistic_import.html", {"form": form, "result": result}, status=status)


def statistic_import_template(request: HttpRequest) -> HttpResponse:
    _require(request, "ipstats.import_statistics")
    return download_response(excel.statistics_template(), filename="mau-thong-ke-so-huu-tri-tue.xlsx")
