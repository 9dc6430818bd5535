"""Pages of the Department's work with the city: the overview of the sessions with city leaders
and their items, the city board, and the reports to the city."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods

from khcn.citywork import documents, selectors, services
from khcn.citywork.forms import CityReportForm, RankForm
from khcn.citywork.models import CityReport, ReportKind
from khcn.core import city_figures
from khcn.core.bounds import YEAR_MAX, YEAR_MIN
from khcn.core.concurrency import StaleObjectError
from khcn.core.confirm import Confirm, confirm_page
from khcn.core.exports import download_name, download_response, xlsx_response
from khcn.core.history import history_entries
from khcn.meetings.models import FollowUpKind, MeetingLevel
from khcn.meetings.selectors import meeting_list


def _require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _year(request: HttpRequest) -> int:
    """The year asked for (?year=), else this one; a value out of range is refused (400)."""
    raw = request.GET.get("year", "")
    if not raw:
        return timezone.localdate().year
    if not raw.isdigit() or not YEAR_MIN <= int(raw) <= YEAR_MAX:
        raise ValidationError(_("Choose a year between %(low)s and %(high)s.") % {"low": YEAR_MIN, "high": YEAR_MAX})
    return int(raw)


def overview(request: HttpRequest) -> HttpResponse:
    """The sessions with city leaders, the Department's requests to the city and the leaders'
    directives to it, each with where it stands."""
    _require(request, "citywork.view_city")
    user = request.user
    context = {
        "meetings": selectors.city_meetings(user=user)[:10],
        "requests": selectors.city_items(user=user, kind=FollowUpKind.REQUEST),
        "directives": selectors.city_items(user=user, kind=FollowUpKind.DIRECTIVE),
        "counts": selectors.item_counts(user=user),
        "reports": selectors.report_list()[:5],
        "can_manage": user.has_perm("meetings.manage_meeting"),
        "new_session_url": reverse("meetings:meeting_create") + f"?level={MeetingLevel.CITY}",
        "sessions_url": reverse("meetings:meeting_list") + f"?level={MeetingLevel.CITY}",
    }
    return render(request, "citywork/overview.html", context)


def board(request: HttpRequest) -> HttpResponse:
    """The figures the city ranks the Department on, for one year, each linked to its records."""
    _require(request, "citywork.view_city")
    try:
        year = _year(request)
    except ValidationError as error:
        raise BadRequest(error.messages[0]) from error  # the site's 400 page, as for any list filter
    rows = selectors.board(year=year)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename=f"bang-chi-tieu-thanh-pho-{year}.xlsx",
            title=_("City board %(year)s") % {"year": year},
            headers=[pgettext("row number", "No."), _("Group"), _("Figure"), _("Result"), _("National rank")],
            rows=[[r.number, r.group, r.label, r.shown, r.rank.national_rank if r.rank else ""] for r in rows],
        )
    context = {
        "year": year,
        "years": range(timezone.localdate().year, YEAR_MIN - 1, -1)[:10],
        "rows": rows,
        "can_rank": request.user.has_perm("citywork.set_rank"),
    }
    return render(request, "citywork/board.html", context)


@require_http_methods(["GET", "POST"])
def rank_edit(request: HttpRequest, key: str, year: int) -> HttpResponse:
    """Enter the national rank of one figure in one year (or clear it)."""
    _require(request, "citywork.set_rank")
    figure = city_figures.get(key)
    if figure is None or not YEAR_MIN <= year <= YEAR_MAX:
        raise Http404
    row = next((r for r in selectors.board(year=year) if r.key == key), None)
    initial = {"rank": row.rank.national_rank, "source": row.rank.source} if row and row.rank else {}
    form = RankForm(request.POST or None, initial=initial)
    back = reverse("citywork:board") + f"?year={year}"
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            services.rank_set(user=request.user, key=key, year=year, rank=data["rank"], source=data["source"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("National rank saved."))
            return redirect(back)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "figure": figure, "row": row, "year": year, "cancel_url": back}
    return render(request, "citywork/rank_form.html", context, status=status)


# -- reports to the city -----------------------------------------------------------------------


def _report_or_404(pk: int) -> CityReport:
    return get_object_or_404(CityReport.objects.select_related("meeting", "updated_by"), pk=pk)


def report_list(request: HttpRequest) -> HttpResponse:
    _require(request, "citywork.view_city")
    page = Paginator(selectors.report_list(), 25).get_page(request.GET.get("page"))
    context = {"page": page, "can_manage": request.user.has_perm("citywork.manage_report")}
    return render(request, "citywork/report_list.html", context)


@require_http_methods(["GET", "POST"])
def report_create(request: HttpRequest) -> HttpResponse:
    """A new report, its text drafted from the year's figures and the open requests to the city."""
    _require(request, "citywork.manage_report")
    meetings = meeting_list(user=request.user)
    initial: dict[str, Any] = {}
    if request.method == "GET":
        try:
            year = _year(request)
        except ValidationError:
            year = timezone.localdate().year
        asked = request.GET.get("kind", "")
        kind = asked if asked in ReportKind.values else ReportKind.ANNUAL
        initial = services.report_draft(user=request.user, year=year, kind=kind)
    form = CityReportForm(request.POST or None, initial=initial, meetings=meetings)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(user=request.user, report=form.instance)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Report saved. Download it as .docx to finish it in Word."))
            return redirect(report)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "report": None, "cancel_url": reverse("citywork:report_list")}
    return render(request, "citywork/report_form.html", context, status=status)


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "citywork.view_city")
    report = _report_or_404(pk)
    context = {
        "report": report,
        "can_manage": request.user.has_perm("citywork.manage_report"),
        "history": history_entries(report),
    }
    return render(request, "citywork/report_detail.html", context)


@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "citywork.manage_report")
    report = _report_or_404(pk)
    form = CityReportForm(request.POST or None, instance=report, meetings=meeting_list(user=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.report_update(
                user=request.user, report=form.instance, expected_version=form.cleaned_data["loaded_version"]
            )
        except StaleObjectError as error:
            form.mark_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(report)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "report": report, "cancel_url": report.get_absolute_url()}
    return render(request, "citywork/report_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def report_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "citywork.manage_report")
    report = _report_or_404(pk)
    confirm = Confirm(
        title=_("Delete the report"),
        question=_("Delete the draft “%(title)s”? This cannot be undone.") % {"title": report.title},
        button=_("Yes, delete"),
        icon="trash",
        cancel_url=report.get_absolute_url(),
        crumbs=[(_("Reports to the city"), reverse("citywork:report_list")), (report.title, report.get_absolute_url())],
    )
    if report.status == "sent":
        confirm.allowed, confirm.question = False, _("A report that was sent cannot be deleted.")
    if request.method == "POST":
        try:
            services.report_delete(user=request.user, report=report)
        except ValidationError as error:
            confirm.errors, confirm.allowed = error.messages, False
            return confirm_page(request, confirm, status=422)
        messages.success(request, _("The report was deleted."))
        return redirect("citywork:report_list")
    return confirm_page(request, confirm)


def report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as a Decree 30 .docx, with the figures computed today from the registries."""
    _require(request, "citywork.view_city")
    report = _report_or_404(pk)
    with translation.override("vi"):
        content = documents.city_report_docx(report=report, user=request.user)
    return download_response(
        content, filename=download_name("bao-cao-thanh-pho", report.year, report.number, ext="docx")
    )
