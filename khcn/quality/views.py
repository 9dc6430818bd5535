"""Pages of the ISO 9001 board and the units' QMS, and of courses (issue 16, items 2 and 3)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_tables2 import RequestConfig

from khcn.accounts.scoping import get_visible_or_404, visible
from khcn.core.concurrency import StaleObjectError
from khcn.core.exports import download_name, table_xlsx_response
from khcn.core.history import history_entries
from khcn.core.http import HtmxHttpRequest
from khcn.core.uploads import upload_response
from khcn.meetings.models import CLOSED_STATUSES, Topic
from khcn.quality import selectors, services
from khcn.quality.filters import BoardFilterForm, CourseFilter
from khcn.quality.forms import (
    CourseFileForm,
    CourseForm,
    EvaluationForm,
    InspectionForm,
    LinkFollowUpForm,
    ParticipantForm,
    QualitySystemForm,
    ReviewForm,
    SelfReportForm,
)
from khcn.quality.models import Course, CourseFile, QualitySystem, SelfReport
from khcn.quality.tables import GAP_LABELS, BoardTable, CourseTable


def _board_dict(row: selectors.BoardRow) -> dict[str, Any]:
    qms = row.qms
    return {
        "unit_id": row.unit.pk,
        "unit": row.unit.full_name,
        "sort_key": row.unit.sort_key,
        "current": row.current,
        "mode": qms.get_mode_display() if qms else "",
        "valid_until": qms.valid_until if qms else None,
        "procedures_total": qms.procedures_total if qms else None,
        "procedures_in_iso": qms.procedures_in_iso if qms else None,
        "last_review_on": qms.last_review_on if qms else None,
        "open_corrective_actions": qms.open_corrective_actions if qms else None,
        "gap_count": row.gap_count,
        "gaps": row.gaps,
    }


def board(request: HtmxHttpRequest) -> HttpResponse:
    """Every unit in scope with its QMS and its gaps: filter, search, sort, page, export."""
    if not request.user.has_perm("quality.view_board"):
        raise PermissionDenied
    form = BoardFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        raise BadRequest(_("The list cannot be filtered by these values."))
    data = form.cleaned_data if form.is_bound else {}
    rows = selectors.qms_board(
        user=request.user, gap=data.get("gap", ""), q=data.get("q", ""), applied_year=data.get("applied_year")
    )
    table = BoardTable([_board_dict(r) for r in rows])
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    if request.GET.get("export") == "xlsx":
        return table_xlsx_response(table, filename=download_name("iso-9001", ext="xlsx"), title=_("ISO 9001 board"))
    context = {
        "form": form,
        "table": table,
        "filtered": bool(data.get("gap") or data.get("q") or data.get("applied_year")),
    }
    if request.htmx and request.htmx.target == "board-table":
        return render(request, "quality/board.html#table", context)
    return render(request, "quality/board.html", context)


def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's QMS record, its self-reports and the Department's inspections."""
    if not request.user.has_perm("quality.view_board"):
        raise PermissionDenied
    unit = selectors.unit_get(user=request.user, pk=pk)
    qms = selectors.qms_list(user=request.user).filter(unit=unit).first()
    today = timezone.localdate()
    reports = list(selectors.selfreport_list(user=request.user).filter(unit=unit))
    gaps = (
        selectors.qms_gaps(qms=qms, reported=any(r.year == today.year for r in reports), today=today)
        if unit.is_current(today)
        else []
    )
    context: dict[str, Any] = {
        "unit": unit,
        "qms": qms,
        "gap_labels": [GAP_LABELS[g] for g in gaps],
        "reports": reports,
        "inspections": selectors.inspection_list(user=request.user).filter(unit=unit),
        "can_edit": request.user.has_perm("quality.change_qualitysystem", unit),
        "can_report": request.user.has_perm("quality.submit_selfreport", unit) and unit.is_current(today),
        "can_review": request.user.has_perm("quality.review_selfreport", unit),
        "can_inspect": request.user.has_perm("quality.add_inspection", unit),
        "review_form": ReviewForm(),
        "history": history_entries(qms) if qms else [],
    }
    return render(request, "quality/unit_detail.html", context)


def _form_page(request: HttpRequest, template: str, context: dict[str, Any], status: int) -> HttpResponse:
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
def qms_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.unit_get(user=request.user, pk=pk)
    if not request.user.has_perm("quality.change_qualitysystem", unit):
        raise PermissionDenied
    qms = QualitySystem.objects.filter(unit=unit).first()
    form = QualitySystemForm(request.POST or None, instance=qms)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "loaded_version"}
        try:
            services.qms_save(
                user=request.user, unit=unit, expected_version=form.cleaned_data["loaded_version"], **data
            )
        except StaleObjectError as error:
            form.mark_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("QMS record saved."))
            return redirect("quality:unit_detail", pk=unit.pk)
    status = 422 if request.method == "POST" else 200
    context = {
        "form": form,
        "unit": unit,
        "cancel_url": reverse("quality:unit_detail", args=[unit.pk]),
        "heading": _("QMS record"),
    }
    return _form_page(request, "quality/form.html", context, status)


@require_http_methods(["GET", "POST"])
def selfreport_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit's self-report for this year, prefilled from its QMS record."""
    unit = selectors.unit_get(user=request.user, pk=pk)
    if not request.user.has_perm("quality.submit_selfreport", unit):
        raise PermissionDenied
    year = timezone.localdate().year
    existing = SelfReport.objects.filter(unit=unit, year=year).first()
    qms = QualitySystem.objects.filter(unit=unit).first()
    initial = {name: getattr(qms, name) for name in QualitySystem.FIGURES} if qms and not existing else None
    form = SelfReportForm(request.POST or None, instance=existing, initial=initial)
    if request.method == "POST" and form.is_valid():
        figures = {name: form.cleaned_data[name] for name in SelfReport.FIGURES}
        try:
            services.selfreport_submit(
                user=request.user, unit=unit, year=year, note=form.cleaned_data["note"], **figures
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Self-report sent to the Department."))
            return redirect("quality:unit_detail", pk=unit.pk)
    status = 422 if request.method == "POST" else 200
    context = {
        "form": form,
        "unit": unit,
        "cancel_url": reverse("quality:unit_detail", args=[unit.pk]),
        "heading": _("ISO self-report %(year)s") % {"year": year},
    }
    return _form_page(request, "quality/form.html", context, status)


@require_POST
def selfreport_review(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_visible_or_404(SelfReport.objects.select_related("unit"), request.user, pk=pk)
    if not request.user.has_perm("quality.review_selfreport", report):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.selfreport_review(
                user=request.user,
                report=report,
                accept=form.cleaned_data["decision"] == "accept",
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Review saved."))
    else:
        messages.error(request, _("Choose a decision."))
    return redirect("quality:unit_detail", pk=report.unit_id)


@require_http_methods(["GET", "POST"])
def inspection_create(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.unit_get(user=request.user, pk=pk)
    if not request.user.has_perm("quality.add_inspection", unit):
        raise PermissionDenied
    form = InspectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.inspection_create(user=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Inspection recorded."))
            return redirect("quality:unit_detail", pk=unit.pk)
    status = 422 if request.method == "POST" else 200
    context = {
        "form": form,
        "unit": unit,
        "cancel_url": reverse("quality:unit_detail", args=[unit.pk]),
        "heading": _("New inspection"),
    }
    return _form_page(request, "quality/form.html", context, status)


# ---- Courses ----


def course_list(request: HtmxHttpRequest) -> HttpResponse:
    if not request.user.has_perm("quality.list_courses"):
        raise PermissionDenied
    filterset = CourseFilter(request.GET, queryset=selectors.course_list(user=request.user), request=request)
    table = CourseTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    if request.GET.get("export") == "xlsx":
        return table_xlsx_response(table, filename=download_name("tap-huan", ext="xlsx"), title=_("Courses"))
    context = {
        "filter": filterset,
        "table": table,
        "filtered": any(request.GET.get(name) for name in filterset.filters),
        "can_add": request.user.has_perm("quality.manage_course"),
    }
    if request.htmx and request.htmx.target == "course-table":
        return render(request, "quality/course_list.html#table", context)
    return render(request, "quality/course_list.html", context)


# A course answers a unit's request for training or for ISO 9001 guidance (issue 16).
ANSWERABLE_TOPICS = (Topic.TRAINING, Topic.QUALITY)


def _followup_choices(user: Any, course: Course) -> list[tuple[int, str]]:
    from khcn.meetings.selectors import followup_list

    items = (
        visible(followup_list(user=user), user, action="change")
        .exclude(status__in=CLOSED_STATUSES)
        .exclude(course_answers__course=course)
        .filter(topic__in=ANSWERABLE_TOPICS)
        .select_related("unit")[:200]
    )
    return [(item.pk, f"{item.unit.full_name}: {item.text[:100]}") for item in items]


def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.course_get(user=request.user, pk=pk)
    manage = request.user.has_perm("quality.manage_course")
    participants = list(selectors.participant_list(course=course))
    mine = next((p for p in participants if p.user_id == request.user.pk), None)
    ratings = [p.rating for p in participants if p.rating]
    context = {
        "course": course,
        "participants": participants if manage else [p for p in participants if p.user_id == request.user.pk],
        "mine": mine,
        "can_manage": manage,
        "can_evaluate": mine is not None and request.user.has_perm("quality.evaluate_course", mine),
        "evaluation_form": EvaluationForm(initial={"rating": mine.rating, "comment": mine.comment} if mine else None),
        "participant_form": ParticipantForm(course=course, user=request.user) if manage else None,
        "file_form": CourseFileForm() if manage else None,
        "link_form": LinkFollowUpForm(choices=_followup_choices(request.user, course)) if manage else None,
        "rating_mean": round(sum(ratings) / len(ratings), 1) if ratings else None,
        "rating_count": len(ratings),
        "history": history_entries(course),
    }
    return render(request, "quality/course_detail.html", context)


@require_http_methods(["GET", "POST"])
def course_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("quality.manage_course"):
        raise PermissionDenied
    return _course_form(request, None)


@require_http_methods(["GET", "POST"])
def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.course_get(user=request.user, pk=pk)
    if not request.user.has_perm("quality.manage_course"):
        raise PermissionDenied
    return _course_form(request, course)


def _course_form(request: HttpRequest, course: Course | None) -> HttpResponse:
    form = CourseForm(request.POST or None, instance=course, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version, units, experts = data.pop("loaded_version"), list(data.pop("units_invited")), list(data.pop("experts"))
        try:
            saved = services.course_save(
                user=request.user, course=course, units=units, experts=experts, expected_version=version, **data
            )
        except StaleObjectError as error:
            form.mark_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Course “%(name)s” saved.") % {"name": saved.title})
            return redirect(saved)
    status = 422 if request.method == "POST" else 200
    cancel = course.get_absolute_url() if course else reverse("quality:course_list")
    context = {
        "form": form,
        "cancel_url": cancel,
        "course": course,
        "heading": _("Edit course") if course else _("New course"),
    }
    return _form_page(request, "quality/form.html", context, status)


def _manage(request: HttpRequest, pk: int) -> Course:
    course = selectors.course_get(user=request.user, pk=pk)
    if not request.user.has_perm("quality.manage_course"):
        raise PermissionDenied
    return course


def _errors(request: HttpRequest, form: Any) -> None:
    for errors in form.errors.values():
        messages.error(request, " ".join(str(e) for e in errors))


@require_POST
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    course = _manage(request, pk)
    form = ParticipantForm(request.POST, course=course, user=request.user)
    if form.is_valid():
        try:
            services.participant_add(
                user=request.user,
                course=course,
                name=form.cleaned_data["name"],
                unit=form.cleaned_data["unit"],
                account=form.cleaned_data["account"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Participant added."))
    else:
        _errors(request, form)
    return redirect(course)


@require_POST
def attendance_record(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser ticks who attended (a participant not ticked is recorded as absent)."""
    course = _manage(request, pk)
    present = set(request.POST.getlist("attended"))
    attended: dict[int, bool | None] = {p.pk: str(p.pk) in present for p in course.participants.all()}
    changed = services.attendance_record(user=request.user, course=course, attended=attended)
    messages.success(request, _("Attendance recorded (%(n)s changed).") % {"n": changed})
    return redirect(course)


@require_POST
def evaluation_submit(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.course_get(user=request.user, pk=pk)
    mine = next((p for p in course.participants.all() if p.user_id == request.user.pk), None)
    if mine is None or not request.user.has_perm("quality.evaluate_course", mine):
        raise PermissionDenied
    form = EvaluationForm(request.POST)
    if form.is_valid():
        services.evaluation_submit(
            user=request.user,
            participant=mine,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
        )
        messages.success(request, _("Thank you: your evaluation is saved."))
    else:
        _errors(request, form)
    return redirect(course)


@require_POST
def course_file_add(request: HttpRequest, pk: int) -> HttpResponse:
    course = _manage(request, pk)
    form = CourseFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.course_file_add(
                user=request.user, course=course, upload=form.cleaned_data["file"], caption=form.cleaned_data["caption"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Material attached."))
    else:
        _errors(request, form)
    return redirect(course)


def course_file(request: HttpRequest, pk: int) -> FileResponse:
    stored = get_object_or_404(CourseFile, pk=pk)
    selectors.course_get(user=request.user, pk=stored.course_id)  # 404 outside the scope
    return upload_response(stored.file, filename=stored.file_name)


@require_POST
def course_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Link the course to a unit's request (a follow-up item) it answers."""
    from khcn.meetings.selectors import followup_list

    course = _manage(request, pk)
    form = LinkFollowUpForm(request.POST, choices=_followup_choices(request.user, course))
    if form.is_valid():
        item = (
            visible(followup_list(user=request.user), request.user, action="change")
            .filter(pk=form.cleaned_data["followup"])
            .first()
        )
        if item is None:
            messages.error(request, _("No such follow-up item in your scope."))
            return redirect(course)
        try:
            services.course_answers(user=request.user, course=course, followup=item)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The request is answered by this course."))
    else:
        _errors(request, form)
    return redirect(course)


def my_courses(request: HttpRequest) -> HttpResponse:
    """The courses the signed-in officer was invited to, attended and evaluated."""
    if not request.user.has_perm("quality.list_courses"):
        raise PermissionDenied
    rows = list(selectors.my_courses(user=request.user))
    return render(request, "quality/my_courses.html", {"rows": rows, "attended": sum(1 for r in rows if r.attended)})
