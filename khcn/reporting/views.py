from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from khcn.accounts.scoping import get_visible_or_404, scope_for, visible
from khcn.core.concurrency import StaleObjectError
from khcn.core.confirm import Confirm, confirm_repost, is_confirmed
from khcn.core.exports import download_name, download_response, xlsx_response
from khcn.core.http import HtmxHttpRequest
from khcn.core.numbers import parse_number
from khcn.core.uploads import upload_response
from khcn.geo.models import AdminUnit
from khcn.programs.models import Indicator, ReportingPeriod, SectionKey, ValueType
from khcn.reporting import documents, excel, jobs, reminders, selectors, series, services
from khcn.reporting.formatting import entry_strings, fmt_number, format_value, progress_label
from khcn.reporting.models import NOT_STARTED, Attachment, Report, ReportStatus
from khcn.reporting.validation import Entry, Outcome
from khcn.reporting.workflow import can_move


def _status_label(status: str) -> str:
    return str(dict(ReportStatus.choices).get(status, _("Not started")))


def period_list(request: HttpRequest) -> HttpResponse:
    """Reporting periods; a unit officer sees their unit's report in each, the Department its boards."""
    if not request.user.has_perm("reporting.list_periods"):
        raise PermissionDenied
    periods = list(ReportingPeriod.objects.select_related("program", "form").order_by("-data_to"))
    own_units = visible(AdminUnit.objects.all(), request.user) if not scope_for(request.user).is_department else None
    rows = []
    reports = {}
    if own_units is not None:
        reports = {(r.period_id, r.unit_id): r for r in selectors.report_list(user=request.user)}
    for period in periods:
        mine = []
        if own_units is not None:
            for unit in visible(selectors.period_expected_units(period=period), request.user):
                mine.append((unit, reports.get((period.pk, unit.pk))))
        if own_units is not None and not mine:
            continue  # the officer's unit does not report in this period
        rows.append(
            {
                "period": period,
                "mine": mine,
                "is_open": period.opens_on <= date.today() <= (period.closes_on or date.max),
            }
        )
    return render(
        request,
        "reporting/period_list.html",
        {"rows": rows, "is_department": request.user.has_perm("reporting.view_board")},
    )


@require_POST
def report_open_view(request: HttpRequest, period_pk: int, unit_pk: int) -> HttpResponse:
    period = get_object_or_404(ReportingPeriod, pk=period_pk)
    unit = get_visible_or_404(AdminUnit.objects.all(), request.user, pk=unit_pk)
    try:
        report = services.report_open(period=period, unit=unit, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("reporting:period_list")
    return redirect(report)


def _entries_from_post(request: HttpRequest, items: list[tuple[Indicator, bool]]) -> dict[int, Entry]:
    data = request.POST
    return {
        ind.pk: Entry(
            value=data.get(f"v-{ind.pk}", ""),
            numerator=data.get(f"n-{ind.pk}", ""),
            denominator=data.get(f"d-{ind.pk}", ""),
            explanation=data.get(f"x-{ind.pk}", ""),
        )
        for ind, _required in items
    }


def _sections_from_post(request: HttpRequest, keys: list[str]) -> dict[str, str]:
    return {key: request.POST.get(f"s-{key}", "").strip() for key in keys}


def _fields(
    report: Report,
    entries: dict[int, dict[str, str]] | None,
    outcome: Outcome | None,
    *,
    can_fill: bool = False,
    can_correct: bool = False,
) -> list[dict[str, Any]]:
    """Everything the form shows per indicator: input, last period, target, problems, comments."""
    items = selectors.form_items(period=report.period)
    stored = {v.indicator_id: v for v in report.values.select_related("indicator")}
    previous = selectors.previous_values(report=report)
    targets = selectors.targets_for(period=report.period, unit=report.unit)
    computed = selectors.record_counts_for(report=report)
    comments: dict[int, list[Any]] = {}
    for c in report.comments.select_related("author"):
        comments.setdefault(c.indicator_id, []).append(c)
    fields = []
    group = None
    for ind, required in items:
        strings = entries[ind.pk] if entries is not None else entry_strings(stored.get(ind.pk), ind)
        prev = previous.get(ind.pk)
        target = targets.get(ind.pk)
        fields.append(
            {
                "indicator": ind,
                "required": required,
                "reopened": ind.pk in stored and stored[ind.pk].reopened,
                "editable": can_fill or (can_correct and ind.pk in stored and stored[ind.pk].reopened),
                "new_group": ind.group if ind.group_id != group else None,
                "input": strings,
                "stored": format_value(stored[ind.pk]) if ind.pk in stored else "",
                "previous": format_value(prev) if prev else "",
                "target": _target_text(target, ind),
                "errors": [p.message for p in (outcome.errors.get(ind.pk, []) if outcome else [])],
                "needs_explanation": any(
                    p.code == "jump_unexplained" for p in (outcome.errors.get(ind.pk, []) if outcome else [])
                ),
                "explainable": bool(prev) or bool(strings.get("explanation")),
                "warnings": [p.message for p in (outcome.warnings.get(ind.pk, []) if outcome else [])],
                "comments": comments.get(ind.pk, []),
                "computed": computed.get(ind.pk),
                "differs": _differs(computed.get(ind.pk), strings.get("value", "")),
            }
        )
        group = ind.group_id
    return fields


def _differs(computed: int | None, typed: str) -> bool:
    """The typed figure is not the count over the records (a note, never a block)."""
    if computed is None or not typed.strip():
        return False
    try:
        return parse_number(typed) != computed
    except ValueError:  # NumberError: the typed text is not a number; the form says so
        return False


def _target_text(target: Any, ind: Indicator) -> str:
    if target is None:
        return ""
    return fmt_number(target) + ("%" if ind.value_type == ValueType.PERCENT else "")


def _return_event(report: Report, events: list[Any]) -> Any:
    """The move that sent a returned report back to the unit (returned or re-opened), with its reason."""
    if report.status != ReportStatus.RETURNED:
        return None
    return next((e for e in reversed(events) if e.to_status == ReportStatus.RETURNED), None)


def _render_report(
    request: HttpRequest,
    report: Report,
    *,
    entries: dict[int, dict[str, str]] | None = None,
    sections: dict[str, str] | None = None,
    outcome: Outcome | None = None,
    form_errors: list[str] | None = None,
    status: int = 200,
    loaded_version: int | None = None,
) -> HttpResponse:
    keys = report.period.form.sections or []
    stored_sections = {s.key: s.text for s in report.sections.all()}
    section_rows = [
        {"key": k, "label": SectionKey(k).label, "text": (sections or stored_sections).get(k, "")} for k in keys
    ]
    can_review = request.user.has_perm("reporting.review_report", report)
    # The Department reviews; only the unit fills and submits on this page (the Department
    # still enters figures for units through the workbook import).
    may_fill = not can_review and request.user.has_perm("reporting.fill_report", report)
    can_fill = may_fill and report.is_editable
    fields = _fields(report, entries, outcome, can_fill=can_fill, can_correct=may_fill and report.is_locked)
    events = list(report.events.select_related("actor"))
    context = {
        "report": report,
        "return_event": _return_event(report, events),
        "fields": fields,
        "can_correct": not can_fill and any(f["editable"] for f in fields),
        "reopened_fields": [f for f in fields if f["reopened"]],
        "differing": [f for f in fields if f["differs"]],
        "sections": section_rows,
        "events": events,
        "can_fill": can_fill,
        "can_review": can_review,
        "can_sign_off": request.user.has_perm("reporting.sign_off_report", report),
        "form_errors": form_errors or [],
        "outcome": outcome,
        "loaded_version": loaded_version or report.version,
        "followups": report.followups.order_by("pk"),
        "attachments": report.attachments.select_related("indicator", "uploaded_by"),
        "max_upload_mb": settings.KHCN_UPLOAD_MAX_MB,
    }
    return render(request, "reporting/report_detail.html", context, status=status)


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_visible_or_404(
        Report.objects.select_related("unit", "period", "period__form", "period__previous"), request.user, pk=pk
    )
    return _render_report(request, report)


@require_POST
def report_save_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Save a draft (the button, or autosave through HTMX) or submit; input is never lost."""
    report = get_visible_or_404(
        Report.objects.select_related("unit", "period", "period__form", "period__previous"), request.user, pk=pk
    )
    items = selectors.form_items(period=report.period)
    entries = _entries_from_post(request, items)
    sections = _sections_from_post(request, report.period.form.sections or [])
    typed = {
        iid: {"value": e.value, "numerator": e.numerator, "denominator": e.denominator, "explanation": e.explanation}
        for iid, e in entries.items()
    }
    submit = request.POST.get("action") == "submit"
    # Submitting locks the report: save it as a draft first, then ask (issue 13, defect 7).
    ask_first = submit and not request.htmx and not is_confirmed(request)
    try:
        version = int(request.POST.get("loaded_version", "0"))
    except ValueError:
        version = 0
    correcting = request.POST.get("action") == "correct"
    try:
        if correcting:
            outcome = services.value_correct(
                report=report, user=request.user, entries=entries, expected_version=version
            )
        else:
            outcome = services.report_save(
                report=report,
                user=request.user,
                entries=entries,
                sections=sections,
                expected_version=version,
                submit=submit and not ask_first,
            )
    except StaleObjectError as error:
        if request.htmx:
            return render(
                request, "reporting/report_detail.html#autosave", {"stale": True, "report": report}, status=409
            )
        return _render_report(
            request,
            report,
            entries=typed,
            sections=sections,
            status=409,
            form_errors=[error.messages[0]],
            loaded_version=error.current.version,
        )
    except ValidationError as error:
        if request.htmx:
            return render(
                request,
                "reporting/report_detail.html#autosave",
                {"blocked": error.messages[0], "report": report},
                status=422,
            )
        return _render_report(request, report, entries=typed, sections=sections, status=422, form_errors=error.messages)
    report.refresh_from_db()
    if request.htmx:
        return render(
            request,
            "reporting/report_detail.html#autosave",
            {"saved_at": timezone.localtime(), "report": report, "outcome": outcome},
        )
    if not outcome.ok:
        errors = (
            [_("The correction was not sent: correct the values marked below. What you typed is kept.")]
            if correcting
            else [_("The report was not submitted: correct the values marked below. What you typed is kept.")]
            if submit
            else [_("Some values could not be saved: correct the values marked below.")]
        )
        return _render_report(
            request, report, entries=typed, sections=sections, outcome=outcome, status=422, form_errors=errors
        )
    if ask_first:
        try:
            outcome = services.report_submit_check(report=report, user=request.user, entries=entries, sections=sections)
        except ValidationError as error:
            return _render_report(
                request, report, entries=typed, sections=sections, status=422, form_errors=error.messages
            )
        if outcome.ok:
            return _confirm_move(request, report, "submit", replace={"loaded_version": str(report.version)})
        errors = [_("The report was not submitted: correct the values marked below. What you typed is kept.")]
        return _render_report(
            request, report, entries=typed, sections=sections, outcome=outcome, status=422, form_errors=errors
        )
    if correcting:
        messages.success(request, _("Correction sent to the Department."))
    elif submit:
        messages.success(request, _("Report submitted to the Department."))
    else:
        messages.success(request, _("Draft saved."))
    return redirect(report)


def _confirm_move(request: HttpRequest, report: Report, action: str, **kwargs: Any) -> HttpResponse:
    """Ask before a move that locks the report: submit, approve, sign off."""
    questions = {
        "submit": (
            _("Submit the report to the Department?"),
            _(
                "Your draft is saved. Once submitted, the unit can no longer change the report "
                "unless the Department returns it."
            ),
            _("Yes, submit to the Department"),
        ),
        "approve": (
            _("Approve this report?"),
            _("The report is then locked; it can only be re-opened with a reason, which the unit is told."),
            _("Yes, approve"),
        ),
        "sign_off": (
            _("Sign off this report?"),
            _("The signed-off report is final and counts in the city's figures."),
            _("Yes, sign off"),
        ),
    }
    question, note, button = questions[action]
    confirm = Confirm(
        title=question,
        question=question,
        note=note,
        button=button,
        icon="send" if action == "submit" else "check2-circle",
        danger=False,
        cancel_url=report.get_absolute_url(),
        crumbs=[(str(report), report.get_absolute_url())],
    )
    return confirm_repost(request, confirm, **kwargs)


@require_POST
def report_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Return, approve, sign off or re-open, with the reviewer's message."""
    report = get_visible_or_404(Report.objects.select_related("unit", "period"), request.user, pk=pk)
    action = request.POST.get("action")
    message = request.POST.get("message", "")
    moves = {
        "return": services.report_return,
        "approve": services.report_approve,
        "sign_off": services.report_sign_off,
        "reopen": services.report_reopen,
    }
    if action not in moves:
        return HttpResponse(status=400)
    perm = "reporting.sign_off_report" if action == "sign_off" else "reporting.review_report"
    if (
        action in ("approve", "sign_off")
        and not is_confirmed(request)
        and request.user.has_perm(perm, report)
        and can_move(report.status, action)
    ):  # ask first; a move that is not allowed goes on to the service, which says why
        return _confirm_move(request, report, action)
    try:
        moves[action](report=report, user=request.user, message=message)
    except ValidationError as error:
        return _render_report(request, report, status=422, form_errors=error.messages)
    done = {
        "return": _("Report returned to the unit."),
        "approve": _("Report approved."),
        "sign_off": _("Report signed off."),
        "reopen": _("Report re-opened for correction."),
    }
    messages.success(request, done[action])
    return redirect(report)


@require_POST
def value_reopen_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Re-open one value of an approved report, with the reason."""
    report = get_visible_or_404(Report.objects.select_related("unit", "period"), request.user, pk=pk)
    try:
        services.value_reopen(
            report=report,
            indicator_id=int(request.POST.get("indicator", "0") or 0),
            user=request.user,
            message=request.POST.get("message", ""),
        )
    except ValidationError as error:
        return _render_report(request, report, status=422, form_errors=error.messages)
    messages.success(request, _("The value was re-opened; the unit was told what to correct."))
    return redirect(report.get_absolute_url() + "#review")


@require_POST
def report_comment_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_visible_or_404(Report.objects.select_related("unit", "period"), request.user, pk=pk)
    try:
        services.value_comment_add(
            report=report,
            indicator_id=int(request.POST.get("indicator", "0")),
            user=request.user,
            text=request.POST.get("text", ""),
        )
    except (ValidationError, ValueError) as error:
        messages.error(request, error.messages[0] if isinstance(error, ValidationError) else str(error))
    else:
        messages.success(request, _("Comment added."))
    return redirect(report.get_absolute_url() + "#review")


BOARD_PAGE_SIZE = 100


def period_board(request: HttpRequest, pk: int) -> HttpResponse:
    """Completeness and timeliness of one period: who has not started, drafted, submitted…"""
    if not request.user.has_perm("reporting.view_board"):
        raise PermissionDenied
    period = get_object_or_404(ReportingPeriod.objects.select_related("form", "program"), pk=pk)
    board = selectors.period_board(period=period, user=request.user)
    status_filter = request.GET.get("status", "")
    rows = [
        r for r in board.rows if not status_filter or r.status == status_filter or (status_filter == "late" and r.late)
    ]
    if request.GET.get("sort") == "status":
        rows.sort(key=lambda r: (r.status, r.unit.sort_key))
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename=download_name("tien-do-bao-cao", period.program.code, period.name, ext="xlsx"),
            title=str(period),
            headers=[_("Unit"), _("Status"), _("Submitted at"), _("Late")],
            rows=(
                [
                    r.unit.full_name,
                    _status_label(r.status),
                    r.report.submitted_at if r.report else None,
                    _("Yes") if r.late else "",
                ]
                for r in rows
            ),
        )
    statuses = [(NOT_STARTED, _("Not started")), *ReportStatus.choices]
    summary = [(key, label, board.counts.get(key, 0)) for key, label in statuses]
    # A national board holds thousands of units: show them a hundred at a time (the export has all).
    paginator = Paginator(rows, BOARD_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "reporting/period_board.html",
        {
            "period": period,
            "board": board,
            "rows": page.object_list,
            "row_count": len(rows),
            "page": page,
            "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "summary": summary,
            "status_filter": status_filter,
            "today": date.today(),
        },
    )


def period_aggregate(request: HttpRequest, pk: int) -> HttpResponse:
    """The city's figure per indicator, against the city's target, with drill-down."""
    if not request.user.has_perm("reporting.view_board"):
        raise PermissionDenied
    period = get_object_or_404(ReportingPeriod.objects.select_related("form", "program"), pk=pk)
    rows = selectors.period_aggregate(period=period, user=request.user)
    for row in rows:
        row.display = (
            format_value(row, row.indicator)
            if row.indicator.value_type != ValueType.BOOLEAN
            else (ngettext("%(yes)s unit", "%(yes)s units", row.flag_yes) % {"yes": row.flag_yes})
        )
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename=download_name("tong-hop-chi-tieu", period.program.code, period.name, ext="xlsx"),
            title=str(period),
            headers=[
                _("Code"),
                _("Indicator"),
                _("City figure"),
                _("Unit of measure"),
                _("Target"),
                _("Progress"),
                _("Units reporting"),
            ],
            rows=(
                [
                    r.indicator.code,
                    r.indicator.name,
                    r.display,
                    r.indicator.unit_of_measure,
                    r.target,
                    progress_label(r.progress),
                    r.reported,
                ]
                for r in rows
            ),
        )
    return render(request, "reporting/period_aggregate.html", {"period": period, "rows": rows})


def indicator_breakdown(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    if not request.user.has_perm("reporting.view_board"):
        raise PermissionDenied
    period = get_object_or_404(ReportingPeriod.objects.select_related("form", "program"), pk=pk)
    indicator = get_object_or_404(Indicator, pk=indicator_pk, program=period.program)
    rows = [
        (unit, report, format_value(value) if value else "")
        for unit, report, value in selectors.indicator_breakdown(period=period, indicator=indicator, user=request.user)
    ]
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename=download_name("chi-tieu", indicator.code, period.program.code, period.name, ext="xlsx"),
            title=f"{indicator.code} {period}"[:31],
            headers=[_("Unit"), _("Value"), _("Status")],
            rows=([u.full_name, v, _status_label(r.status) if r else _("Not started")] for u, r, v in rows),
        )
    return render(
        request, "reporting/indicator_breakdown.html", {"period": period, "indicator": indicator, "rows": rows}
    )


def period_workbook(request: HttpRequest, pk: int) -> HttpResponse:
    """Download the period's workbook (blank, or with the figures already reported)."""
    if not request.user.has_perm("reporting.list_periods"):
        raise PermissionDenied
    period = get_object_or_404(ReportingPeriod.objects.select_related("form", "program"), pk=pk)
    filled = request.GET.get("filled") == "1"
    content = excel.workbook_export(period=period, user=request.user, filled=filled)
    name = "so-lieu" if filled else "mau-nhap"
    return download_response(content, filename=download_name(name, period.program.code, period.name, ext="xlsx"))


def period_import(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Upload a filled workbook: it is stored and imported in the background (all or nothing)."""
    if not request.user.has_perm("reporting.list_periods"):
        raise PermissionDenied
    period = get_object_or_404(ReportingPeriod.objects.select_related("form", "program"), pk=pk)
    if request.method != "POST":
        return render(request, "reporting/period_import.html", {"period": period, "result": None})
    upload = request.FILES.get("file")
    if upload is None:
        result = excel.ImportResult(errors=[excel.RowError("", 0, "", _("Choose an .xlsx file to upload."))])
        return render(request, "reporting/period_import.html", {"period": period, "result": result}, status=422)
    job = jobs.period_import_start(
        period=period, user=request.user, upload=upload, submit=request.POST.get("submit") == "1"
    )
    url = reverse("reporting:period_import_job", args=[period.pk, job.pk])
    if request.htmx:
        moved = HttpResponse(status=204)
        moved["HX-Redirect"] = url
        return moved
    return redirect(url)


def period_import_job(request: HtmxHttpRequest, pk: int, job_pk: int) -> HttpResponse:
    """How far the import got; the page polls its status fragment until the job is finished."""
    if not request.user.has_perm("reporting.list_periods"):
        raise PermissionDenied
    period = get_object_or_404(ReportingPeriod.objects.select_related("form", "program"), pk=pk)
    job = jobs.period_import_job_get(user=request.user, pk=job_pk)
    result = excel.ImportResult(errors=[excel.RowError(**e) for e in job.errors], rows=job.rows_read, saved=job.saved)
    context = {"period": period, "job": job, "result": result}
    template = "reporting/period_import_job.html" + ("#status" if request.htmx else "")
    return render(request, template, context)


@require_POST
def period_remind(request: HttpRequest, pk: int) -> HttpResponse:
    """Remind, now, every unit of the board that is late (or all pending ones)."""
    if not request.user.has_perm("reporting.view_board"):
        raise PermissionDenied
    period = get_object_or_404(ReportingPeriod.objects.select_related("form", "program"), pk=pk)
    board = selectors.period_board(period=period, user=request.user)
    late_only = request.POST.get("scope") != "pending"
    units = [r.unit for r in board.rows if r.late or not late_only]
    count = reminders.reminders_send(period=period, user=request.user, units=units)
    messages.success(request, _("Reminder sent to %(count)s units.") % {"count": count})
    return redirect("reporting:period_board", pk=period.pk)


def _report_file_name(report: Report, ext: str) -> str:
    """bao-cao-07-ctr-tu-xa-me-linh-6-thang-dau-nam-2026.docx: programme, unit and period."""
    return download_name("bao-cao", report.period.program.code, report.unit.full_name, report.period.name, ext=ext)


def _summary_file_name(period: ReportingPeriod, ext: str) -> str:
    return download_name("bao-cao-tong-hop", period.program.code, period.name, ext=ext)


def report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit's report as an official document (.docx, Decree 30/2020 layout)."""
    report = get_visible_or_404(
        Report.objects.select_related("unit", "period", "period__form", "period__program"), request.user, pk=pk
    )
    return download_response(documents.report_docx(report=report), filename=_report_file_name(report, "docx"))


def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit's report as a PDF, from the same content as the .docx."""
    report = get_visible_or_404(
        Report.objects.select_related("unit", "period", "period__form", "period__program"), request.user, pk=pk
    )
    return download_response(documents.report_pdf(report=report), filename=_report_file_name(report, "pdf"))


def period_summary_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The Department's summary report of a period (.docx), from the reports in scope."""
    if not request.user.has_perm("reporting.view_board"):
        raise PermissionDenied
    period = get_object_or_404(ReportingPeriod.objects.select_related("form", "program"), pk=pk)
    return download_response(
        documents.city_summary_docx(period=period, user=request.user), filename=_summary_file_name(period, "docx")
    )


def period_summary_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The Department's summary report of a period as a PDF."""
    if not request.user.has_perm("reporting.view_board"):
        raise PermissionDenied
    period = get_object_or_404(ReportingPeriod.objects.select_related("form", "program"), pk=pk)
    pdf = documents.city_summary_pdf(period=period, user=request.user)
    return download_response(pdf, filename=_summary_file_name(period, "pdf"))


def indicator_series_view(request: HttpRequest, pk: int) -> HttpResponse:
    """An indicator over the programme's periods and its successors', across the 2025 reform."""
    if not request.user.has_perm("reporting.view_board"):
        raise PermissionDenied
    indicator = get_object_or_404(Indicator.objects.select_related("program"), pk=pk)
    mode = series.BY_CURRENT if request.GET.get("mode") == series.BY_CURRENT else series.BY_FORMER
    data = series.indicator_series(indicator=indicator, user=request.user, mode=mode)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename=download_name("chuoi", indicator.program.code, indicator.code, ext="xlsx"),
            title=f"{indicator.code}"[:31],
            headers=[_("Unit"), *[p.name for p in data.periods]],
            rows=[[_("City total"), *[c.text for c in data.city.cells]]]
            + [[r.label, *[c.text for c in r.cells]] for r in data.rows],
        )
    return render(request, "reporting/indicator_series.html", {"series": data, "indicator": indicator})


@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_visible_or_404(Report.objects.select_related("unit", "period"), request.user, pk=pk)
    upload = request.FILES.get("file")
    raw_indicator = request.POST.get("indicator", "")
    try:
        if upload is None:
            raise ValidationError(_("Choose a file to attach."), code="no_file")
        services.attachment_add(
            report=report,
            user=request.user,
            upload=upload,
            indicator_id=int(raw_indicator) if raw_indicator.isdigit() else None,
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("File attached."))
    return redirect(report.get_absolute_url() + "#attachments")


def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """Files are served through the report's scope, never from a public media URL."""
    attachment = get_object_or_404(Attachment.objects.select_related("report", "report__unit"), pk=pk)
    get_visible_or_404(Report.objects.all(), request.user, pk=attachment.report_id)
    return upload_response(attachment.file, filename=attachment.name)


def attachment_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(Attachment.objects.select_related("report", "report__unit"), pk=pk)
    report = get_visible_or_404(Report.objects.select_related("unit", "period"), request.user, pk=attachment.report_id)
    if request.method == "POST":
        try:
            services.attachment_delete(attachment=attachment, user=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("File removed."))
        return redirect(report.get_absolute_url() + "#attachments")
    if not request.user.has_perm("reporting.fill_report", report):
        raise PermissionDenied
    return render(
        request,
        "components/confirm_delete.html",
        {
            "object": attachment,
            "cancel_url": report.get_absolute_url() + "#attachments",
            "title": _("Remove file"),
        },
    )
