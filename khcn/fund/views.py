"""Pages of the fund: its overview, calls, applications with their decision, plan,
disbursements and repayments, and the lists of disbursements and repayments."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_tables2 import RequestConfig

from khcn.core.bounds import YEAR_MAX, YEAR_MIN
from khcn.core.concurrency import StaleObjectError
from khcn.core.confirm import Confirm, confirm_page, confirm_repost, is_confirmed
from khcn.core.exports import download_name, download_response, table_xlsx_response
from khcn.core.history import history_entries
from khcn.core.http import HtmxHttpRequest
from khcn.fund import excel, selectors, services
from khcn.fund.filters import ApplicationFilter, CallFilter, DisbursementFilter, RepaymentFilter
from khcn.fund.forms import (
    ApplicationForm,
    CallForm,
    DecisionForm,
    DisbursementForm,
    PlanForm,
    ReceiveForm,
    RepaymentForm,
)
from khcn.fund.models import FundApplication, FundCall
from khcn.fund.tables import ApplicationTable, CallTable, DisbursementTable, RepaymentTable
from khcn.registers.pages import ImportPage, import_page

PER_PAGE = 25


def _require(request: HttpRequest, perm: str, obj: Any = None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year") or ""
    if not raw:
        return timezone.localdate().year
    if not raw.isdigit() or not YEAR_MIN <= int(raw) <= YEAR_MAX:
        raise BadRequest(_("Choose a year from %(low)s to %(high)s.") % {"low": YEAR_MIN, "high": YEAR_MAX})
    return int(raw)


def overview(request: HttpRequest) -> HttpResponse:
    """The fund's year: planned, disbursed and the rate; decisions; calls open; overdue loans."""
    _require(request, "fund.view_fund")
    year, today = _year(request), timezone.localdate()
    context = {
        "summary": selectors.year_summary(year=year, today=today),
        "years": range(today.year + 1, today.year - 6, -1),
        "open_calls": selectors.call_list(user=request.user).filter(opens_on__lte=today, closes_on__gte=today),
        "overdue": selectors.repayment_list(user=request.user).filter(selectors.overdue_q(today))[:10],
    }
    return render(request, "fund/overview.html", context)


def _list_page(
    request: HtmxHttpRequest,
    *,
    filterset: Any,
    table: Any,
    template: str,
    target: str,
    export: tuple[str, str],
    **extra: Any,
) -> HttpResponse:
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    if request.GET.get("export") == "xlsx":
        return table_xlsx_response(table, filename=download_name(export[0], ext="xlsx"), title=export[1])
    context = {
        "filter": filterset,
        "table": table,
        "filtered": any(request.GET.get(k) for k in filterset.filters),
        **extra,
    }
    if request.htmx and request.htmx.target == target:
        return render(request, f"{template}#table", context)
    return render(request, template, context)


# ---- Calls ----


def call_list(request: HtmxHttpRequest) -> HttpResponse:
    _require(request, "fund.view_fund")
    rows = selectors.call_list(user=request.user).annotate(
        application_count=Count("applications", filter=Q(applications__deleted_at__isnull=True))
    )
    filterset = CallFilter(request.GET, queryset=rows)
    return _list_page(
        request,
        filterset=filterset,
        table=CallTable(filterset.qs),
        template="fund/call_list.html",
        target="call-table",
        export=("dot-tiep-nhan-quy", _("Fund calls")),
        can_add=request.user.has_perm("fund.manage_call"),
    )


def _call_form_page(request: HttpRequest, form: CallForm, call: FundCall | None) -> HttpResponse:
    context = {
        "form": form,
        "call": call,
        "heading": _("Edit the call") if call else _("New fund call"),
        "cancel_url": call.get_absolute_url() if call else reverse("fund:call_list"),
    }
    return render(request, "fund/call_form.html", context, status=422 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
def call_create(request: HttpRequest) -> HttpResponse:
    _require(request, "fund.manage_call")
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "loaded_version"}
        try:
            call = services.call_create(user=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Call “%(number)s” saved.") % {"number": call.number})
            return redirect(call)
    return _call_form_page(request, form, None)


@require_http_methods(["GET", "POST"])
def call_edit(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_get(user=request.user, pk=pk)
    _require(request, "fund.manage_call", call)
    form = CallForm(request.POST or None, instance=call)
    if request.method == "POST" and form.is_valid():
        try:
            services.call_update(
                user=request.user, call=form.instance, expected_version=form.cleaned_data["loaded_version"]
            )
        except StaleObjectError as error:
            form.mark_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(call)
    return _call_form_page(request, form, call)


def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "fund.view_fund")
    call = selectors.call_get(user=request.user, pk=pk)
    context = {
        "call": call,
        "is_open": call.is_open(timezone.localdate()),
        "applications": selectors.application_list(user=request.user).filter(call=call).order_by("-received_on", "-pk"),
        "can_manage": request.user.has_perm("fund.manage_call", call),
        "history": history_entries(call),
    }
    return render(request, "fund/call_detail.html", context)


# ---- Applications ----


def application_list(request: HtmxHttpRequest) -> HttpResponse:
    _require(request, "fund.view_fund")
    filterset = ApplicationFilter(request.GET, queryset=selectors.application_list(user=request.user))
    filterset.form.fields["call"].queryset = selectors.call_list(user=request.user)  # type: ignore[attr-defined]
    return _list_page(
        request,
        filterset=filterset,
        table=ApplicationTable(filterset.qs),
        template="fund/application_list.html",
        target="application-table",
        export=("ho-so-quy", _("Fund applications")),
        can_add=request.user.has_perm("fund.change_application", None),
        can_import=request.user.has_perm("fund.import_applications"),
    )


def _application_form_page(
    request: HttpRequest, form: ApplicationForm, application: FundApplication | None
) -> HttpResponse:
    context = {
        "form": form,
        "application": application,
        "heading": _("Edit the application") if application else _("New fund application"),
        "cancel_url": application.get_absolute_url() if application else reverse("fund:application_list"),
    }
    return render(request, "fund/application_form.html", context, status=422 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
def application_create(request: HttpRequest) -> HttpResponse:
    _require(request, "fund.change_application", None)
    form = ApplicationForm(request.POST or None, user=request.user, initial={"call": request.GET.get("call")})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "loaded_version"}
        try:
            application = services.application_create(user=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Application “%(title)s” recorded.") % {"title": application.title})
            return redirect(application)
    return _application_form_page(request, form, None)


@require_http_methods(["GET", "POST"])
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(user=request.user, pk=pk)
    _require(request, "fund.change_application", application)
    form = ApplicationForm(request.POST or None, instance=application, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_update(
                user=request.user, application=form.instance, expected_version=form.cleaned_data["loaded_version"]
            )
        except StaleObjectError as error:
            form.mark_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(application)
    return _application_form_page(request, form, application)


def application_detail(request: HttpRequest, pk: int, status: int = 200, **forms: Any) -> HttpResponse:
    """The application, its decision, plan by year, disbursements, repayments and history."""
    _require(request, "fund.view_fund")
    application = selectors.application_get(user=request.user, pk=pk)
    can_change = request.user.has_perm("fund.change_application", application)
    today = timezone.localdate()
    repayments = list(application.repayments.all())
    context = {
        "application": application,
        "can_change": can_change,
        "can_decide": request.user.has_perm("fund.decide_application", application)
        and application.status == "received",
        "plans": application.plans.all(),
        "disbursements": application.disbursements.all(),
        "repayments": [(r, r.is_overdue(today)) for r in repayments],
        "decision_form": forms.get("decision_form") or DecisionForm(initial={"loaded_version": application.version}),
        "plan_form": forms.get("plan_form") or PlanForm(initial={"year": today.year}),
        "disbursement_form": forms.get("disbursement_form") or DisbursementForm(),
        "repayment_form": forms.get("repayment_form") or RepaymentForm(),
        "history": history_entries(application),
    }
    return render(request, "fund/application_detail.html", context, status=status)


@require_POST
def application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the decision; a refusal is asked first (core.confirm)."""
    application = selectors.application_get(user=request.user, pk=pk)
    _require(request, "fund.decide_application", application)
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        approve = data["decision"] == "approve"
        if not approve and not is_confirmed(request):
            return confirm_repost(request, _refusal_question(application))
        try:
            services.application_decide(
                user=request.user,
                application=application,
                approve=approve,
                decided_on=data["decided_on"],
                decision_number=data["decision_number"],
                amount_approved=data["amount_approved"],
                refusal_reason=data["refusal_reason"],
                expected_version=data["loaded_version"],
            )
        except StaleObjectError:
            form.add_error(None, _("Someone else changed this application meanwhile. Check it, then try again."))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect(application)
    return application_detail(request, pk, status=422, decision_form=form)


def _crumbs(application: FundApplication) -> list[tuple[str, str]]:
    return [
        (_("Fund applications"), reverse("fund:application_list")),
        (application.title, application.get_absolute_url()),
    ]


def _refusal_question(application: FundApplication) -> Confirm:
    return Confirm(
        title=_("Refuse the application?"),
        question=_("Record that the fund refuses “%(title)s”? The decision cannot be changed afterwards.")
        % {"title": application.title},
        button=_("Yes, refuse"),
        icon="x-octagon",
        cancel_url=application.get_absolute_url(),
        crumbs=_crumbs(application),
    )


@require_http_methods(["GET", "POST"])
def application_delete(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(user=request.user, pk=pk)
    _require(request, "fund.change_application", application)
    confirm = Confirm(
        title=_("Delete the application"),
        question=_("Delete the application “%(title)s”? It leaves the lists; its history is kept.")
        % {"title": application.title},
        button=_("Yes, delete"),
        icon="trash",
        cancel_url=application.get_absolute_url(),
        crumbs=_crumbs(application),
    )
    if request.method == "POST":
        try:
            services.application_delete(user=request.user, application=application)
        except ValidationError as error:
            confirm.errors = error.messages
            confirm.allowed = False
            return confirm_page(request, confirm, status=422)
        messages.success(request, _("Application deleted."))
        return redirect("fund:application_list")
    return confirm_page(request, confirm)


@require_POST
def plan_set(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(user=request.user, pk=pk)
    _require(request, "fund.change_application", application)
    form = PlanForm(request.POST)
    if form.is_valid():
        try:
            services.plan_set(user=request.user, application=application, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Disbursement plan saved."))
            return redirect(application.get_absolute_url() + "#plan")
    return application_detail(request, pk, status=422, plan_form=form)


@require_POST
def disbursement_add(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(user=request.user, pk=pk)
    _require(request, "fund.change_application", application)
    form = DisbursementForm(request.POST)
    if form.is_valid():
        try:
            services.disbursement_add(user=request.user, application=application, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Disbursement recorded."))
            return redirect(application.get_absolute_url() + "#disbursements")
    return application_detail(request, pk, status=422, disbursement_form=form)


@require_POST
def repayment_add(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(user=request.user, pk=pk)
    _require(request, "fund.change_application", application)
    form = RepaymentForm(request.POST)
    if form.is_valid():
        try:
            services.repayment_add(user=request.user, application=application, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Instalment added to the schedule."))
            return redirect(application.get_absolute_url() + "#repayments")
    return application_detail(request, pk, status=422, repayment_form=form)


@require_http_methods(["GET", "POST"])
def repayment_receive(request: HttpRequest, pk: int) -> HttpResponse:
    repayment = get_object_or_404(selectors.repayment_list(user=request.user), pk=pk)
    application = repayment.application
    _require(request, "fund.change_application", application)
    form = ReceiveForm(
        request.POST or None,
        initial={
            "loaded_version": repayment.version,
            "amount_received": repayment.amount_received or repayment.amount_due,
            "received_on": repayment.received_on or timezone.localdate(),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.repayment_receive(
                user=request.user,
                repayment=repayment,
                received_on=form.cleaned_data["received_on"],
                amount_received=form.cleaned_data["amount_received"],
                expected_version=form.cleaned_data["loaded_version"],
            )
        except StaleObjectError:
            form.add_error(None, _("Someone else changed this instalment meanwhile. Check it, then try again."))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Repayment recorded."))
            return redirect(repayment.get_absolute_url())
    context = {
        "form": form,
        "repayment": repayment,
        "application": application,
        "cancel_url": application.get_absolute_url(),
    }
    return render(request, "fund/repayment_form.html", context, status=422 if request.method == "POST" else 200)


# ---- Disbursements and repayments across applications ----


def disbursement_list(request: HtmxHttpRequest) -> HttpResponse:
    _require(request, "fund.view_fund")
    filterset = DisbursementFilter(request.GET, queryset=selectors.disbursement_list(user=request.user))
    return _list_page(
        request,
        filterset=filterset,
        table=DisbursementTable(filterset.qs),
        template="fund/disbursement_list.html",
        target="disbursement-table",
        export=("giai-ngan-quy", _("Fund disbursements")),
    )


def repayment_list(request: HtmxHttpRequest) -> HttpResponse:
    _require(request, "fund.view_fund")
    filterset = RepaymentFilter(request.GET, queryset=selectors.repayment_list(user=request.user))
    return _list_page(
        request,
        filterset=filterset,
        table=RepaymentTable(filterset.qs),
        template="fund/repayment_list.html",
        target="repayment-table",
        export=("thu-hoi-von-vay", _("Loan repayments")),
    )


# ---- Import ----


@require_http_methods(["GET", "POST"])
def application_import(request: HttpRequest) -> HttpResponse:
    """Upload a workbook of applications: every row checked, all saved or none."""
    _require(request, "fund.import_applications")
    page = ImportPage(
        heading=_("Import fund applications"),
        lead=_(
            "Fill the template, one application a row, then upload it. Every row is checked with the same "
            "rules as the pages; if any row is wrong nothing is saved and every wrong row is listed."
        ),
        list_title=_("Fund applications"),
        list_url=reverse("fund:application_list"),
        template_url=reverse("fund:application_import_template"),
    )
    return import_page(request, page=page, importer=excel.applications_import)


def application_import_template(request: HttpRequest) -> HttpResponse:
    _require(request, "fund.import_applications")
    return download_response(excel.applications_template(), filename="mau-ho-so-quy.xlsx")
