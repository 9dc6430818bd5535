"""Setup pages: programmes, indicators, targets, report forms and reporting periods.

Only the Department opens them (programs.manage_program); each view checks that first,
binds its form, calls one service and renders. A refused save keeps what was typed and
answers 422.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_tables2 import RequestConfig

from khcn.core.concurrency import StaleObjectError
from khcn.core.exports import download_response, table_xlsx_response
from khcn.core.forms import mark_invalid_fields
from khcn.core.history import history_entries
from khcn.core.http import HtmxHttpRequest
from khcn.core.imports import ImportResult, RowError
from khcn.programs import excel, selectors, services
from khcn.programs.filters import PeriodFilter, ProgramFilter, TargetFilter
from khcn.programs.forms import (
    CrossRuleForm,
    GroupForm,
    IndicatorForm,
    PeriodForm,
    ProgramForm,
    ReportFormForm,
    TargetForm,
)
from khcn.programs.models import (
    CrossRule,
    Indicator,
    IndicatorGroup,
    Program,
    ReportForm,
    ReportingPeriod,
    SectionKey,
    Target,
)
from khcn.programs.tables import STATE_LABELS, PeriodTable, ProgramTable, TargetTable

Crumbs = list[tuple[str, str]]


def _guard(request: HttpRequest) -> None:
    if not request.user.has_perm("programs.manage_program"):
        raise PermissionDenied


def _crumbs(program: Program | None = None, *more: tuple[str, str]) -> Crumbs:
    crumbs = [(_("Programme setup"), reverse("programs:program_list"))]
    if program is not None:
        crumbs.append((program.code, program.get_absolute_url()))
    return crumbs + list(more)


def _add_errors(form: BaseForm, error: ValidationError) -> None:
    """Put a service's refusal on the field it names, or above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
    mark_invalid_fields(form)


def _stale_rows(form: Any) -> list[tuple[str, Any]]:
    current = getattr(form, "stale_current", None)
    if current is None:
        return []
    rows = []
    for name, field in form.fields.items():
        if name != "loaded_version" and hasattr(current, name):
            display = getattr(current, f"get_{name}_display", None)
            rows.append((str(field.label), display() if display else getattr(current, name)))
    return rows


def _form_page(
    request: HttpRequest,
    form: Any,
    *,
    save: Callable[[dict[str, Any]], Model],
    title: str,
    crumbs: Crumbs,
    success: str,
    cancel_url: str,
    done: Callable[[Model], str] | None = None,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """The create/edit page every setup record shares: save through `save`, or show why not."""
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(form.cleaned_data)
        except ValidationError as error:  # StaleObjectError included
            if isinstance(error, StaleObjectError):
                form.mark_stale(error)
            else:
                _add_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(done(obj) if done else obj.get_absolute_url())  # type: ignore[attr-defined]
    context = {
        "form": form,
        "title": title,
        "crumbs": crumbs,
        "cancel_url": cancel_url,
        "stale_rows": _stale_rows(form),
        **(extra or {}),
    }
    return render(request, "programs/setup_form.html", context, status=422 if request.method == "POST" else 200)


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "loaded_version"}


def _confirm(request: HttpRequest, **context: Any) -> HttpResponse:
    return render(request, "programs/confirm.html", context)


def _list(request: HtmxHttpRequest, table: Any, *, template: str, target: str, context: dict[str, Any]) -> Any:
    """Sort and page `table`; its partial for an HTMX request aimed at `target`."""
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    context = {**context, "table": table}
    if request.htmx and request.htmx.target == target:
        return render(request, f"{template}#table", context)
    return render(request, template, context)


# -- programmes -------------------------------------------------------------------------------


def program_list(request: HtmxHttpRequest) -> HttpResponse:
    """Programmes: search, sort, page, export."""
    _guard(request)
    filterset = ProgramFilter(request.GET, queryset=selectors.program_list())
    table = ProgramTable(filterset.qs)
    if request.GET.get("export") == "xlsx":
        return table_xlsx_response(table, filename="chuong-trinh.xlsx", title=_("Programmes"))
    return _list(
        request, table, template="programs/program_list.html", target="program-table", context={"filter": filterset}
    )


@require_http_methods(["GET", "POST"])
def program_create(request: HttpRequest) -> HttpResponse:
    _guard(request)
    form = ProgramForm(request.POST or None)
    return _form_page(
        request,
        form,
        save=lambda data: services.program_create(user=request.user, **_fields(data)),
        title=_("New programme"),
        crumbs=_crumbs(),
        success=_("Programme created. Now add its indicator groups and indicators."),
        cancel_url=reverse("programs:program_list"),
    )


@require_http_methods(["GET", "POST"])
def program_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _guard(request)
    program = get_object_or_404(Program, pk=pk)
    form = ProgramForm(request.POST or None, instance=program)
    return _form_page(
        request,
        form,
        save=lambda data: services.program_update(
            user=request.user, program=form.instance, expected_version=data["loaded_version"]
        ),
        title=_("Edit programme"),
        crumbs=_crumbs(program),
        success=_("Changes saved."),
        cancel_url=program.get_absolute_url(),
    )


def program_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A programme with its groups and indicators in order, its forms, periods and history."""
    _guard(request)
    program = get_object_or_404(Program.objects.select_related("successor"), pk=pk)
    setup = selectors.program_setup(program=program)
    return render(
        request,
        "programs/program_detail.html",
        {"program": program, "setup": setup, "history": history_entries(program), "state_labels": STATE_LABELS},
    )


@require_http_methods(["GET", "POST"])
def program_copy(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask, then copy the programme's indicators and forms into the programme that follows it."""
    _guard(request)
    program = get_object_or_404(Program.objects.select_related("successor"), pk=pk)
    if program.successor is None:
        messages.error(request, _("Choose the programme that follows this one first."))
        return redirect("programs:program_edit", pk=program.pk)
    if request.method == "POST":
        try:
            done = services.program_copy_to_successor(user=request.user, program=program)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect(program)
        messages.success(
            request,
            _("Copied into %(program)s: %(groups)s groups, %(indicators)s indicators, %(forms)s forms.")
            % {"program": program.successor, "groups": done.groups, "indicators": done.indicators, "forms": done.forms},
        )
        return redirect(program.successor)
    return _confirm(
        request,
        title=_("Copy indicators into the next programme"),
        question=_("Copy the indicator groups, indicators and report forms of %(from)s into %(to)s?")
        % {"from": program.code, "to": program.successor.code},
        note=_("Targets and periods are not copied. If a code or a form name already exists there, nothing is copied."),
        button=_("Copy"),
        danger=False,
        cancel_url=program.get_absolute_url(),
        crumbs=_crumbs(program),
    )


# -- indicator groups and indicators ------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def group_create(request: HttpRequest, pk: int) -> HttpResponse:
    _guard(request)
    program = get_object_or_404(Program, pk=pk)
    form = GroupForm(request.POST or None)
    return _form_page(
        request,
        form,
        save=lambda data: services.group_create(user=request.user, program=program, **_fields(data)),
        title=_("New indicator group"),
        crumbs=_crumbs(program),
        success=_("Group added."),
        cancel_url=program.get_absolute_url(),
        done=lambda group: program.get_absolute_url() + f"#group-{group.pk}",
    )


@require_http_methods(["GET", "POST"])
def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _guard(request)
    group = get_object_or_404(IndicatorGroup.objects.select_related("program"), pk=pk)
    form = GroupForm(request.POST or None, instance=group)
    return _form_page(
        request,
        form,
        save=lambda data: services.group_update(
            user=request.user, group=form.instance, expected_version=data["loaded_version"]
        ),
        title=_("Edit indicator group"),
        crumbs=_crumbs(group.program),
        success=_("Changes saved."),
        cancel_url=group.program.get_absolute_url(),
        done=lambda g: group.program.get_absolute_url() + f"#group-{group.pk}",
        extra={"history": history_entries(group)},
    )


@require_POST
def group_move(request: HttpRequest, pk: int) -> HttpResponse:
    _guard(request)
    group = get_object_or_404(IndicatorGroup.objects.select_related("program"), pk=pk)
    services.group_move(user=request.user, group=group, up=request.POST.get("direction") == "up")
    return redirect(group.program.get_absolute_url() + f"#group-{group.pk}")


@require_http_methods(["GET", "POST"])
def indicator_create(request: HttpRequest, pk: int) -> HttpResponse:
    _guard(request)
    program = get_object_or_404(Program, pk=pk)
    if not program.groups.exists():
        messages.error(request, _("Add an indicator group first."))
        return redirect("programs:group_create", pk=program.pk)
    last_group = program.groups.order_by("position", "code").values_list("pk", flat=True).last()
    initial = {"group": request.GET.get("group") or last_group}
    form = IndicatorForm(request.POST or None, program=program, initial=initial)
    return _form_page(
        request,
        form,
        save=lambda data: services.indicator_create(user=request.user, program=program, **_fields(data)),
        title=_("New indicator"),
        crumbs=_crumbs(program),
        success=_("Indicator added."),
        cancel_url=program.get_absolute_url(),
        done=lambda ind: program.get_absolute_url() + f"#indicator-{ind.pk}",
    )


@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _guard(request)
    indicator = get_object_or_404(Indicator.objects.select_related("program", "group"), pk=pk)
    form = IndicatorForm(request.POST or None, instance=indicator, program=indicator.program)
    used = indicator.values.count()  # type: ignore[attr-defined]  # reporting.Value, by its reverse name
    if used:
        form.fields["value_type"].disabled = True
        form.fields["value_type"].help_text = _(
            "Reports already hold %(count)s values of this indicator, so its value type is fixed."
        ) % {"count": used}
    return _form_page(
        request,
        form,
        save=lambda data: services.indicator_update(
            user=request.user, indicator=form.instance, expected_version=data["loaded_version"]
        ),
        title=_("Edit indicator %(code)s") % {"code": indicator.code},
        crumbs=_crumbs(indicator.program),
        success=_("Changes saved."),
        cancel_url=indicator.program.get_absolute_url(),
        done=lambda ind: indicator.program.get_absolute_url() + f"#indicator-{indicator.pk}",
        extra={"history": history_entries(indicator)},
    )


@require_POST
def indicator_move(request: HttpRequest, pk: int) -> HttpResponse:
    _guard(request)
    indicator = get_object_or_404(Indicator.objects.select_related("program"), pk=pk)
    services.indicator_move(user=request.user, indicator=indicator, up=request.POST.get("direction") == "up")
    return redirect(indicator.program.get_absolute_url() + f"#indicator-{indicator.pk}")


# -- targets ----------------------------------------------------------------------------------


def target_list(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """A programme's targets by indicator, unit and year: filter, sort, page, export."""
    _guard(request)
    program = get_object_or_404(Program, pk=pk)
    units = selectors.target_units(program=program)
    filterset = TargetFilter(request.GET, queryset=selectors.target_list(program=program), program=program, units=units)
    table = TargetTable(filterset.qs)
    if request.GET.get("export") == "xlsx":
        return table_xlsx_response(table, filename="muc-tieu.xlsx", title=_("Targets"))
    context = {"program": program, "filter": filterset, "crumbs": _crumbs(program)}
    return _list(request, table, template="programs/target_list.html", target="target-table", context=context)


def _target_save(request: HttpRequest, form: TargetForm, data: dict[str, Any]) -> Target:
    return services.target_save(
        user=request.user,
        indicator=data["indicator"],
        unit=data["unit"],
        year=data["year"],
        value=data["value"],
        target=form.instance if form.instance.pk else None,
        expected_version=data.get("loaded_version"),
    )


@require_http_methods(["GET", "POST"])
def target_create(request: HttpRequest, pk: int) -> HttpResponse:
    _guard(request)
    program = get_object_or_404(Program, pk=pk)
    units = selectors.target_units(program=program)
    initial = {"indicator": request.GET.get("indicator"), "year": request.GET.get("year")}
    form = TargetForm(request.POST or None, program=program, units=units, initial=initial)
    back = reverse("programs:target_list", args=[program.pk])
    return _form_page(
        request,
        form,
        save=lambda data: _target_save(request, form, data),
        title=_("New target"),
        crumbs=_crumbs(program, (_("Targets"), back)),
        success=_("Target saved."),
        cancel_url=back,
        done=lambda t: back,
    )


@require_http_methods(["GET", "POST"])
def target_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _guard(request)
    target = get_object_or_404(Target.objects.select_related("indicator__program", "unit"), pk=pk)
    program = target.indicator.program
    units = selectors.target_units(program=program)
    form = TargetForm(request.POST or None, instance=target, program=program, units=units)
    back = reverse("programs:target_list", args=[program.pk])
    return _form_page(
        request,
        form,
        save=lambda data: _target_save(request, form, data),
        title=_("Edit target"),
        crumbs=_crumbs(program, (_("Targets"), back)),
        success=_("Target saved."),
        cancel_url=back,
        done=lambda t: back,
        extra={"history": history_entries(target)},
    )


@require_http_methods(["GET", "POST"])
def target_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _guard(request)
    target = get_object_or_404(Target.objects.select_related("indicator__program", "unit"), pk=pk)
    program = target.indicator.program
    back = reverse("programs:target_list", args=[program.pk])
    if request.method == "POST":
        try:
            services.target_delete(user=request.user, target=target)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Target deleted."))
        return redirect(back)
    return _confirm(
        request,
        title=_("Delete target"),
        question=_("Delete the target %(target)s for %(unit)s?")
        % {"target": str(target), "unit": target.unit.full_name if target.unit else _("the whole city")},
        note=_("The change is kept in the target's history."),
        button=_("Yes, delete"),
        danger=True,
        cancel_url=back,
        crumbs=_crumbs(program, (_("Targets"), back)),
    )


def target_template(request: HttpRequest, pk: int) -> HttpResponse:
    """The target workbook: the programme's targets and the codes an upload accepts."""
    _guard(request)
    program = get_object_or_404(Program, pk=pk)
    slug = "".join(c if c.isalnum() else "-" for c in program.code).strip("-").lower()
    return download_response(excel.targets_workbook(program=program), filename=f"muc-tieu-{slug}.xlsx")


@require_http_methods(["GET", "POST"])
def target_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a filled target workbook: every row checked, all saved or none."""
    _guard(request)
    program = get_object_or_404(Program, pk=pk)
    result = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            result = ImportResult(errors=[RowError("", 0, "", _("Choose the workbook to upload."))])
        else:
            result = excel.targets_import(user=request.user, program=program, file=upload)
    back = reverse("programs:target_list", args=[program.pk])
    context = {"program": program, "result": result, "crumbs": _crumbs(program, (_("Targets"), back))}
    return render(request, "programs/target_import.html", context, status=422 if result and not result.ok else 200)


# -- report forms -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def form_create(request: HttpRequest, pk: int) -> HttpResponse:
    _guard(request)
    program = get_object_or_404(Program, pk=pk)
    form = ReportFormForm(request.POST or None, initial={"unit_levels": ["commune"], "sections": []})
    return _form_page(
        request,
        form,
        save=lambda data: services.form_create(user=request.user, program=program, **_fields(data)),
        title=_("New report form"),
        crumbs=_crumbs(program),
        success=_("Report form created. Now choose its indicators."),
        cancel_url=program.get_absolute_url(),
        done=lambda f: reverse("programs:form_detail", args=[f.pk]),
    )


@require_http_methods(["GET", "POST"])
def form_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _guard(request)
    report_form = get_object_or_404(ReportForm.objects.select_related("program"), pk=pk)
    form = ReportFormForm(request.POST or None, instance=report_form)
    back = reverse("programs:form_detail", args=[report_form.pk])
    return _form_page(
        request,
        form,
        save=lambda data: services.form_update(
            user=request.user, form=form.instance, expected_version=data["loaded_version"]
        ),
        title=_("Edit report form"),
        crumbs=_crumbs(report_form.program, (report_form.name, back)),
        success=_("Changes saved."),
        cancel_url=back,
        done=lambda f: back,
    )


def _form_detail(request: HttpRequest, report_form: ReportForm, *, status: int = 200, **forms: Any) -> HttpResponse:
    rows, rules = selectors.form_setup(form=report_form)
    posted = forms.get("posted")
    items = []
    for ind, item in rows:
        if posted is not None:
            items.append(
                {
                    "indicator": ind,
                    "included": f"in-{ind.pk}" in posted,
                    "required": f"req-{ind.pk}" in posted,
                    "position": posted.get(f"pos-{ind.pk}", ""),
                }
            )
        else:
            items.append(
                {
                    "indicator": ind,
                    "included": item is not None,
                    "required": item.required if item else True,
                    "position": item.position + 1 if item else "",
                }
            )
    context = {
        "report_form": report_form,
        "section_labels": [str(label) for key, label in SectionKey.choices if key in report_form.sections],
        "items": items,
        "rules": rules,
        "loaded_version": posted.get("loaded_version") if posted else report_form.version,
        "item_errors": forms.get("item_errors", []),
        "rule_form": forms.get("rule_form") or CrossRuleForm(form=report_form, prefix="rule"),
        "history": history_entries(report_form),
        "crumbs": _crumbs(report_form.program),
    }
    return render(request, "programs/form_detail.html", context, status=status)


def form_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A report form: the indicators it asks (order, required), its sections and cross rules."""
    _guard(request)
    return _form_detail(request, get_object_or_404(ReportForm.objects.select_related("program"), pk=pk))


POSITION_MAX = 999


def _posted_items(post: Any, indicators: list[Indicator]) -> list[services.ItemChoice]:
    chosen = []
    for ind in indicators:
        if f"in-{ind.pk}" not in post:
            continue
        raw = post.get(f"pos-{ind.pk}", "").strip()
        if raw and not (raw.isdigit() and 1 <= int(raw) <= POSITION_MAX):
            raise ValidationError(
                _("%(code)s: enter an order from 1 to %(max)s, or leave it empty.")
                % {"code": ind.code, "max": POSITION_MAX},
                code="position",
            )
        position = int(raw) if raw else POSITION_MAX + 1
        chosen.append(services.ItemChoice(indicator=ind, required=f"req-{ind.pk}" in post, position=position))
    return chosen


@require_POST
def form_items(request: HttpRequest, pk: int) -> HttpResponse:
    """Save which indicators the form asks, their order and which are required."""
    _guard(request)
    report_form = get_object_or_404(ReportForm.objects.select_related("program"), pk=pk)
    indicators = list(Indicator.objects.filter(program=report_form.program_id).select_related("group"))
    try:
        version = int(request.POST.get("loaded_version", ""))
        chosen = _posted_items(request.POST, indicators)
        count = services.form_items_set(user=request.user, form=report_form, items=chosen, expected_version=version)
    except ValueError:
        return HttpResponseBadRequest()  # a hand-made request without the form's version
    except ValidationError as error:
        return _form_detail(request, report_form, status=422, posted=request.POST, item_errors=error.messages)
    messages.success(request, _("The form asks %(count)s indicators.") % {"count": count})
    return redirect(reverse("programs:form_detail", args=[report_form.pk]) + "#items")


@require_POST
def rule_add(request: HttpRequest, pk: int) -> HttpResponse:
    _guard(request)
    report_form = get_object_or_404(ReportForm.objects.select_related("program"), pk=pk)
    rule_form = CrossRuleForm(request.POST, form=report_form, prefix="rule")
    if rule_form.is_valid():
        try:
            services.crossrule_add(user=request.user, form=report_form, **rule_form.cleaned_data)
        except ValidationError as error:
            _add_errors(rule_form, error)
        else:
            messages.success(request, _("Rule added."))
            return redirect(reverse("programs:form_detail", args=[report_form.pk]) + "#rules")
    return _form_detail(request, report_form, status=422, rule_form=rule_form)


@require_http_methods(["GET", "POST"])
def rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _guard(request)
    rule = get_object_or_404(CrossRule.objects.select_related("form__program", "left", "right"), pk=pk)
    back = reverse("programs:form_detail", args=[rule.form_id]) + "#rules"
    if request.method == "POST":
        services.crossrule_delete(user=request.user, rule=rule)
        messages.success(request, _("Rule deleted."))
        return redirect(back)
    return _confirm(
        request,
        title=_("Delete rule"),
        question=_("Delete the rule “%(rule)s” of %(form)s?") % {"rule": str(rule), "form": rule.form.name},
        note=_("Reports already saved keep their values; the rule is no longer checked."),
        button=_("Yes, delete"),
        danger=True,
        cancel_url=back,
        crumbs=_crumbs(rule.form.program, (rule.form.name, back)),
    )


# -- reporting periods ------------------------------------------------------------------------


def period_list(request: HtmxHttpRequest) -> HttpResponse:
    """Every programme's periods: filter by programme, kind, year, state; sort, page, export."""
    _guard(request)
    filterset = PeriodFilter(request.GET, queryset=selectors.period_list())
    table = PeriodTable(filterset.qs)
    if request.GET.get("export") == "xlsx":
        return table_xlsx_response(table, filename="ky-bao-cao.xlsx", title=_("Reporting periods"))
    return _list(
        request, table, template="programs/period_list.html", target="period-table", context={"filter": filterset}
    )


@require_http_methods(["GET", "POST"])
def period_create(request: HttpRequest, pk: int) -> HttpResponse:
    _guard(request)
    program = get_object_or_404(Program, pk=pk)
    if not program.forms.exists():
        messages.error(request, _("Create the report form the period uses first."))
        return redirect("programs:form_create", pk=program.pk)
    form = PeriodForm(request.POST or None, program=program)
    return _form_page(
        request,
        form,
        save=lambda data: services.period_create(user=request.user, program=program, **_fields(data)),
        title=_("New reporting period"),
        crumbs=_crumbs(program),
        success=_("Reporting period created."),
        cancel_url=program.get_absolute_url(),
        done=lambda p: reverse("programs:period_detail", args=[p.pk]),
    )


def _period(pk: int) -> ReportingPeriod:
    return get_object_or_404(selectors.period_list().select_related("program", "form", "previous"), pk=pk)


@require_http_methods(["GET", "POST"])
def period_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _guard(request)
    period = _period(pk)
    form = PeriodForm(request.POST or None, instance=period, program=period.program)
    back = reverse("programs:period_detail", args=[period.pk])
    return _form_page(
        request,
        form,
        save=lambda data: services.period_update(
            user=request.user, period=form.instance, expected_version=data["loaded_version"]
        ),
        title=_("Edit reporting period"),
        crumbs=_crumbs(period.program, (period.name, back)),
        success=_("Changes saved."),
        cancel_url=back,
        done=lambda p: back,
    )


def period_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A period: its dates and state, the reminder days, close, delete, and its history."""
    _guard(request)
    period = _period(pk)
    state = selectors.period_state(period)
    context = {
        "period": period,
        "state": state,
        "state_label": STATE_LABELS[state],
        "reminder_days": [(days, abs(days)) for days in selectors.reminder_days()],
        "history": history_entries(period),
        "crumbs": _crumbs(period.program),
    }
    return render(request, "programs/period_detail.html", context)


@require_http_methods(["GET", "POST"])
def period_close(request: HttpRequest, pk: int) -> HttpResponse:
    _guard(request)
    period = _period(pk)
    back = reverse("programs:period_detail", args=[period.pk])
    if request.method == "POST":
        try:
            services.period_close(user=request.user, period=period)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Period closed."))
        return redirect(back)
    return _confirm(
        request,
        title=_("Close reporting period"),
        question=_("Close “%(period)s” now?") % {"period": period.name},
        note=_(
            "From today no unit can start, save or send a report of this period, except one the Department "
            "returned; reports already sent stay."
        ),
        button=_("Close the period"),
        danger=True,
        cancel_url=back,
        crumbs=_crumbs(period.program, (period.name, back)),
    )


@require_http_methods(["GET", "POST"])
def period_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _guard(request)
    period = _period(pk)
    back = reverse("programs:period_detail", args=[period.pk])
    if request.method == "POST":
        try:
            services.period_delete(user=request.user, period=period)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect(back)
        messages.success(request, _("Period “%(period)s” deleted.") % {"period": period.name})
        return redirect(period.program)
    return _confirm(
        request,
        title=_("Delete reporting period"),
        question=_("Delete “%(period)s”?") % {"period": period.name},
        note=_("Only a period nobody has reported in can be deleted; one with reports can be closed instead."),
        button=_("Yes, delete"),
        danger=True,
        cancel_url=back,
        crumbs=_crumbs(period.program, (period.name, back)),
    )
