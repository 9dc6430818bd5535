"""Writes to programmes, indicators, targets, report forms and reporting periods.

Only the Department sets these up (permissions.py); pages and the target workbook call the
same functions. Each checks the permission itself, runs in one transaction, refuses what
the reporting code could not use (a weighted mean without its weight, a ratio without its
labels, a period whose dates are out of order) with a Vietnamese message and a stable code,
and records who changed what in the models' history (django-simple-history).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from khcn.accounts.scoping import scope_for
from khcn.core import record_counts
from khcn.core.concurrency import locked_current
from khcn.core.history import attribute_to
from khcn.core.numbers import is_storable
from khcn.core.text import nfc
from khcn.geo.models import AdminUnit, UnitLevel
from khcn.programs.models import (
    NUMERIC_TYPES,
    Aggregation,
    CrossRule,
    FormIndicator,
    Indicator,
    IndicatorGroup,
    Program,
    ReportForm,
    ReportingPeriod,
    SectionKey,
    Target,
    ValueType,
)

# Years a programme, a target or a period may name: wide enough for any plan, narrow enough
# to catch a typo such as 20226.
YEAR_MIN, YEAR_MAX = 2000, 2100
JUMP_MIN, JUMP_MAX = 1, 1000

# Which ways of adding units up each kind of value allows (reporting/selectors.py reads
# them: a ratio always adds numerators and denominators; yes/no counts the "yes" answers).
AGGREGATIONS_FOR = {
    ValueType.PERCENT: {Aggregation.SUM, Aggregation.MEAN, Aggregation.WEIGHTED_MEAN, Aggregation.NONE},
    ValueType.COUNT: {Aggregation.SUM, Aggregation.MEAN, Aggregation.WEIGHTED_MEAN, Aggregation.NONE},
    ValueType.MONEY: {Aggregation.SUM, Aggregation.MEAN, Aggregation.WEIGHTED_MEAN, Aggregation.NONE},
    ValueType.RATIO: {Aggregation.SUM, Aggregation.NONE},
    ValueType.BOOLEAN: {Aggregation.COUNT_YES, Aggregation.NONE},
    ValueType.DATE: {Aggregation.NONE},
    ValueType.TEXT: {Aggregation.NONE},
}
# A weighted mean's weight is a figure of the same report that counts something.
WEIGHT_TYPES = frozenset({ValueType.COUNT, ValueType.MONEY})
# Rules between two values compare numbers (a ratio as its percentage, yes/no as 1/0).
COMPARABLE_TYPES = NUMERIC_TYPES | {ValueType.RATIO, ValueType.BOOLEAN}

YEARS_ORDER = "years_order"
YEAR_RANGE = "year_range"
CODE_TAKEN = "code_taken"
SUCCESSOR = "successor"
WRONG_PROGRAM = "wrong_program"
MIN_MAX = "min_max"
LIMITS_NOT_NUMERIC = "limits_not_numeric"
PERCENT_LIMITS = "percent_limits"
NEGATIVE_LIMITS = "negative_limits"
LIMITS_TOO_LARGE = "limits_too_large"
RATIO_LABELS = "ratio_labels"
LABELS_NOT_RATIO = "labels_not_ratio"
AGGREGATION = "aggregation"
WEIGHT_REQUIRED = "weight_required"
WEIGHT_INVALID = "weight_invalid"
WEIGHT_UNUSED = "weight_unused"
TYPE_HAS_VALUES = "type_has_values"
TYPE_IS_WEIGHT = "type_is_weight"
JUMP_RANGE = "jump_range"
TARGET_TYPE = "target_type"
TARGET_VALUE = "target_value"
TARGET_EXISTS = "target_exists"
UNIT_OUT_OF_SCOPE = "unit_out_of_scope"
NAME_TAKEN = "name_taken"
NO_LEVELS = "no_levels"
NO_INDICATORS = "no_indicators"
INDICATOR_IN_RULE = "indicator_in_rule"
RULE_INDICATORS = "rule_indicators"
RULE_EXISTS = "rule_exists"
DATES_ORDER = "dates_order"
PREVIOUS = "previous"
PERIOD_HAS_REPORTS = "period_has_reports"
PERIOD_NOT_OPEN = "period_not_open"
PERIOD_CLOSED = "period_closed"
COPY_CONFLICT = "copy_conflict"
NO_SUCCESSOR = "no_successor"
RECORD_SOURCE_UNKNOWN = "record_source_unknown"
RECORD_SOURCE_TYPE = "record_source_type"

MSG_YEAR_RANGE = gettext_lazy("Enter a year from %(min)s to %(max)s.")


def _require_manage(user: Any) -> None:
    if not user.has_perm("programs.manage_program"):
        raise PermissionDenied


def _stamp(obj: Any, user: Any, *, created: bool) -> None:
    """Name `user` in the history row, and on the record where it keeps who changed it."""
    attribute_to(obj, user)
    if hasattr(obj, "updated_by_id"):
        obj.updated_by = user
        if created:
            obj.created_by = user


def _year_error(field: str, year: int | None) -> ValidationError | None:
    if year is None or YEAR_MIN <= year <= YEAR_MAX:
        return None
    return ValidationError(
        {field: ValidationError(MSG_YEAR_RANGE % {"min": YEAR_MIN, "max": YEAR_MAX}, code=YEAR_RANGE)}
    )


def _raise_first(*errors: ValidationError | None) -> None:
    for error in errors:
        if error is not None:
            raise error


def _save(obj: Any, user: Any, *, expected_version: int | None, created: bool) -> Any:
    """Bump the version past the stored row (refusing a stale edit), check, save."""
    if not created:
        current = locked_current(obj, expected_version=expected_version)
        obj.version = current.version + 1
    _stamp(obj, user, created=created)
    obj.full_clean()
    obj.save()
    return obj


# -- programmes -------------------------------------------------------------------------------


def _check_program(program: Program) -> None:
    program.code = nfc(program.code)
    program.name = nfc(program.name)
    program.issuing_body = nfc(program.issuing_body)
    _raise_first(_year_error("start_year", program.start_year), _year_error("end_year", program.end_year))
    if program.start_year > program.end_year:
        raise ValidationError(
            {"end_year": ValidationError(_("The last year cannot be before the first year."), code=YEARS_ORDER)}
        )
    if Program.objects.filter(code=program.code).exclude(pk=program.pk).exists():
        raise ValidationError(
            {
                "code": ValidationError(
                    _("A programme with code “%(code)s” already exists; choose another code.") % {"code": program.code},
                    code=CODE_TAKEN,
                )
            }
        )
    successor = program.successor
    if successor is not None:
        seen = {program.pk}
        step: Program | None = successor
        while step is not None:  # A → B → A would make "the programme after" endless
            if step.pk in seen:
                raise ValidationError(
                    {"successor": ValidationError(_("A programme cannot follow itself."), code=SUCCESSOR)}
                )
            seen.add(step.pk)
            step = step.successor
        if successor.start_year < program.start_year:
            raise ValidationError(
                {
                    "successor": ValidationError(
                        _("The programme that follows must not start before this one (%(year)s).")
                        % {"year": program.start_year},
                        code=SUCCESSOR,
                    )
                }
            )


def program_create(
    *,
    user: Any,
    code: str,
    name: str,
    issuing_body: str,
    start_year: int,
    end_year: int,
    issued_on: date | None = None,
    successor: Program | None = None,
) -> Program:
    """Create a programme (chương trình) that units will report on."""
    _require_manage(user)
    program = Program(
        code=code,
        name=name,
        issuing_body=issuing_body,
        issued_on=issued_on,
        start_year=start_year,
        end_year=end_year,
        successor=successor,
    )
    with transaction.atomic():
        _check_program(program)
        return _save(program, user, expected_version=None, created=True)  # type: ignore[no-any-return]


def program_update(*, user: Any, program: Program, expected_version: int) -> Program:
    """Save a programme whose edited fields are already set on `program`."""
    _require_manage(user)
    with transaction.atomic():
        _check_program(program)
        return _save(program, user, expected_version=expected_version, created=False)  # type: ignore[no-any-return]


@dataclass
class CopyResult:
    groups: int = 0
    indicators: int = 0
    forms: int = 0
    items: int = 0
    rules: int = 0


def program_copy_to_successor(*, user: Any, program: Program) -> CopyResult:
    """Copy the groups, indicators and report forms (with their items and cross rules) of
    `program` into the programme that follows it, so next cycle's setup starts from this one.

    All or nothing: if a group code, an indicator code or a form name already exists in the
    successor, nothing is copied and every clash is named. Targets and periods are not
    copied; they belong to their years.
    """
    _require_manage(user)
    successor = program.successor
    if successor is None:
        raise ValidationError(_("Choose the programme that follows this one first."), code=NO_SUCCESSOR)
    groups = list(program.groups.order_by("position", "code"))
    indicators = list(program.indicators.select_related("group").order_by("group__position", "position", "code"))
    forms = list(program.forms.prefetch_related("items", "rules").order_by("pk"))
    clashes = [
        *sorted(set(successor.groups.values_list("code", flat=True)) & {g.code for g in groups}),
        *sorted(set(successor.indicators.values_list("code", flat=True)) & {i.code for i in indicators}),
        *sorted(set(successor.forms.values_list("name", flat=True)) & {f.name for f in forms}),
    ]
    if clashes:
        raise ValidationError(
            _("%(program)s already has: %(names)s. Nothing was copied; rename or remove these first.")
            % {"program": successor.code, "names": ", ".join(f"“{c}”" for c in clashes)},
            code=COPY_CONFLICT,
        )
    result = CopyResult()
    with transaction.atomic():
        new_groups: dict[int, IndicatorGroup] = {}
        for group in groups:
            group_copy = IndicatorGroup(program=successor, code=group.code, name=group.name, position=group.position)
            new_groups[group.pk] = _save(group_copy, user, expected_version=None, created=True)
            result.groups += 1
        new_indicators: dict[int, Indicator] = {}
        for ind in indicators:  # weights first would need an order; set them afterwards
            copy = Indicator(
                program=successor,
                group=new_groups[ind.group_id],
                **{f: getattr(ind, f) for f in _INDICATOR_COPY_FIELDS},
            )
            new_indicators[ind.pk] = _save(copy, user, expected_version=None, created=True)
            result.indicators += 1
        for ind in indicators:
            if ind.weight_id:
                weighted = new_indicators[ind.pk]
                weighted.weight = new_indicators.get(ind.weight_id)
                attribute_to(weighted, user)
                weighted.save(update_fields=["weight"])
        for form in forms:
            copy_form = _save(
                ReportForm(program=successor, name=form.name, unit_levels=form.unit_levels, sections=form.sections),
                user,
                expected_version=None,
                created=True,
            )
            result.forms += 1
            for item in form.items.all():
                fi = FormIndicator(
                    form=copy_form,
                    indicator=new_indicators[item.indicator_id],
                    required=item.required,
                    position=item.position,
                )
                attribute_to(fi, user)
                fi.save()
                result.items += 1
            for rule in form.rules.all():
                cr = CrossRule(
                    form=copy_form,
                    left=new_indicators[rule.left_id],
                    operator=rule.operator,
                    right=new_indicators[rule.right_id],
                    message=rule.message,
                )
                attribute_to(cr, user)
                cr.save()
                result.rules += 1
    return result


_INDICATOR_COPY_FIELDS = (
    "code",
    "name",
    "value_type",
    "unit_of_measure",
    "direction",
    "aggregation",
    "numerator_label",
    "denominator_label",
    "min_value",
    "max_value",
    "jump_warning_percent",
    "position",
    "help_text",
    "record_source",
)


# -- indicator groups and indicators ------------------------------------------------------------


def _check_group(group: IndicatorGroup) -> None:
    group.code = nfc(group.code)
    group.name = nfc(group.name)
    if IndicatorGroup.objects.filter(program=group.program, code=group.code).exclude(pk=group.pk).exists():
        raise ValidationError(
            {
                "code": ValidationError(
                    _("This programme already has a group with code “%(code)s”.") % {"code": group.code},
                    code=CODE_TAKEN,
                )
            }
        )


def group_create(*, user: Any, program: Program, code: str, name: str) -> IndicatorGroup:
    """Add an indicator group at the end of the programme's groups."""
    _require_manage(user)
    with transaction.atomic():
        last = program.groups.aggregate(last=Max("position"))["last"]
        group = IndicatorGroup(program=program, code=code, name=name, position=0 if last is None else last + 1)
        _check_group(group)
        return _save(group, user, expected_version=None, created=True)  # type: ignore[no-any-return]


def group_update(*, user: Any, group: IndicatorGroup, expected_version: int) -> IndicatorGroup:
    _require_manage(user)
    with transaction.atomic():
        _check_group(group)
        return _save(group, user, expected_version=expected_version, created=False)  # type: ignore[no-any-return]


def _swap(siblings: list[Any], obj: Any, *, up: bool, user: Any) -> bool:
    """Renumber `siblings` 0..n-1 in their order with `obj` moved one place; False at an end."""
    index = next(i for i, s in enumerate(siblings) if s.pk == obj.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return False
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        if sibling.position != position:
            sibling.position = position
            sibling.version += 1
            attribute_to(sibling, user)
            sibling.save(update_fields=["position", "version"])
    return True


def group_move(*, user: Any, group: IndicatorGroup, up: bool) -> bool:
    """Move a group one place up or down among its programme's groups."""
    _require_manage(user)
    with transaction.atomic():
        siblings = list(IndicatorGroup.objects.select_for_update().filter(program=group.program_id))
        siblings.sort(key=lambda g: (g.position, g.code))
        return _swap(siblings, group, up=up, user=user)


def indicator_move(*, user: Any, indicator: Indicator, up: bool) -> bool:
    """Move an indicator one place up or down within its group."""
    _require_manage(user)
    with transaction.atomic():
        siblings = list(Indicator.objects.select_for_update().filter(group=indicator.group_id))
        siblings.sort(key=lambda i: (i.position, i.code))
        return _swap(siblings, indicator, up=up, user=user)


def _field_error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _check_indicator(ind: Indicator, *, stored: Indicator | None) -> None:
    """The rules an indicator must follow so that reports, checks and the aggregate can use it."""
    ind.code = nfc(ind.code)
    ind.name = nfc(ind.name)
    ind.unit_of_measure = nfc(ind.unit_of_measure)
    ind.numerator_label = nfc(ind.numerator_label)
    ind.denominator_label = nfc(ind.denominator_label)
    ind.help_text = nfc(ind.help_text)
    vt = ind.value_type
    if ind.group.program_id != ind.program_id:
        raise _field_error("group", _("Choose a group of this programme."), WRONG_PROGRAM)
    if Indicator.objects.filter(program=ind.program_id, code=ind.code).exclude(pk=ind.pk).exists():
        raise _field_error(
            "code", _("This programme already has an indicator with code “%(code)s”.") % {"code": ind.code}, CODE_TAKEN
        )
    if stored is not None and stored.value_type != vt:
        used = ind.values.count()  # type: ignore[attr-defined]  # reporting.Value, by its reverse name
        if used:
            raise _field_error(
                "value_type",
                _(
                    "Reports already hold %(count)s values of this indicator; its value type cannot change. "
                    "Create a new indicator instead."
                )
                % {"count": used},
                TYPE_HAS_VALUES,
            )
        if vt not in WEIGHT_TYPES and Indicator.objects.filter(weight=ind).exists():
            raise _field_error(
                "value_type",
                _("Other indicators are weighted by this one; it must stay a count or an amount."),
                TYPE_IS_WEIGHT,
            )
    has_limits = ind.min_value is not None or ind.max_value is not None
    if has_limits and vt not in NUMERIC_TYPES:
        raise _field_error(
            "min_value",
            _("Limits apply only to percentages, counts and amounts; leave them empty."),
            LIMITS_NOT_NUMERIC,
        )
    for name in ("min_value", "max_value"):
        limit = getattr(ind, name)
        if limit is not None and not is_storable(Decimal(limit)):
            raise _field_error(name, _("Enter a number with at most 16 digits before the comma."), LIMITS_TOO_LARGE)
        if limit is not None and vt in (ValueType.COUNT, ValueType.MONEY) and limit < 0:
            raise _field_error(name, _("Counts and amounts are never negative; enter 0 or more."), NEGATIVE_LIMITS)
    if ind.min_value is not None and ind.max_value is not None and ind.min_value > ind.max_value:
        raise _field_error("max_value", _("The maximum must not be smaller than the minimum."), MIN_MAX)
    if vt == ValueType.PERCENT and any(v is not None and not (0 <= v <= 100) for v in (ind.min_value, ind.max_value)):
        raise _field_error("min_value", _("Limits of a percentage must lie from 0 to 100."), PERCENT_LIMITS)
    if vt == ValueType.RATIO and not (ind.numerator_label and ind.denominator_label):
        field = "numerator_label" if not ind.numerator_label else "denominator_label"
        raise _field_error(
            field,
            _("A ratio needs both labels: what the first number counts and what the total counts."),
            RATIO_LABELS,
        )
    if vt != ValueType.RATIO and (ind.numerator_label or ind.denominator_label):
        raise _field_error(
            "numerator_label",
            _("Only a ratio has numerator and denominator labels; leave them empty."),
            LABELS_NOT_RATIO,
        )
    allowed_aggregations = AGGREGATIONS_FOR[ValueType(vt)]
    if ind.aggregation not in allowed_aggregations:
        allowed = ", ".join(str(label) for value, label in Aggregation.choices if value in allowed_aggregations)
        raise _field_error(
            "aggregation",
            _("A value of type “%(type)s” can be aggregated only as: %(allowed)s.")
            % {"type": ind.get_value_type_display(), "allowed": allowed},
            AGGREGATION,
        )
    if ind.aggregation == Aggregation.WEIGHTED_MEAN:
        weight = ind.weight
        if weight is None:
            raise _field_error("weight", _("Choose the indicator that weighs the mean."), WEIGHT_REQUIRED)
        if weight.pk == ind.pk or weight.program_id != ind.program_id or weight.value_type not in WEIGHT_TYPES:
            raise _field_error(
                "weight", _("The weight must be another count or amount of this programme."), WEIGHT_INVALID
            )
    elif ind.weight_id is not None:
        raise _field_error("weight", _("A weight is used only by a weighted mean; leave it empty."), WEIGHT_UNUSED)
    if ind.record_source and record_counts.source_get(ind.record_source) is None:
        raise _field_error(
            "record_source", _("Choose one of the listed record counts, or none."), RECORD_SOURCE_UNKNOWN
        )
    if ind.record_source and vt != ValueType.COUNT:
        raise _field_error(
            "record_source",
            _("Only a count can be computed from records; choose the type “Count” or no record count."),
            RECORD_SOURCE_TYPE,
        )
    if not JUMP_MIN <= ind.jump_warning_percent <= JUMP_MAX:
        raise _field_error(
            "jump_warning_percent",
            _("Enter a percentage from %(min)s to %(max)s.") % {"min": JUMP_MIN, "max": JUMP_MAX},
            JUMP_RANGE,
        )


def indicator_create(*, user: Any, program: Program, group: IndicatorGroup, **fields: Any) -> Indicator:
    """Add an indicator at the end of its group; `fields` are the model's editable fields."""
    _require_manage(user)
    with transaction.atomic():
        last = Indicator.objects.filter(group=group).aggregate(last=Max("position"))["last"]
        ind = Indicator(program=program, group=group, position=0 if last is None else last + 1, **fields)
        _check_indicator(ind, stored=None)
        return _save(ind, user, expected_version=None, created=True)  # type: ignore[no-any-return]


def indicator_update(*, user: Any, indicator: Indicator, expected_version: int) -> Indicator:
    """Save an indicator whose edited fields are set on `indicator`.

    Its value type may change only while no report holds a value of it: stored values
    live in the column of their type, and would be read wrongly under another.
    """
    _require_manage(user)
    with transaction.atomic():
        stored = locked_current(indicator, expected_version=expected_version)
        _check_indicator(indicator, stored=stored)
        return _save(indicator, user, expected_version=expected_version, created=False)  # type: ignore[no-any-return]


# -- targets ----------------------------------------------------------------------------------


def target_check(
    *, user: Any, indicator: Indicator, unit: AdminUnit | None, year: int, value: Decimal, target: Target | None
) -> None:
    """Refuse a target the dashboards could not compare with reported values.

    A percentage or a ratio (compared as a percentage) aims at 0 to 100; a count or a number
    of "yes" answers at a whole number; an amount at 0 or more. Dates and texts have none.
    """
    value = Decimal(value)
    if not is_storable(value):
        raise _field_error("value", _("Enter a number with at most 16 digits before the comma."), TARGET_VALUE)
    program = indicator.program
    if not program.start_year <= year <= program.end_year:
        raise _field_error(
            "year",
            _("Enter a year of the programme, from %(first)s to %(last)s.")
            % {"first": program.start_year, "last": program.end_year},
            YEAR_RANGE,
        )
    vt = indicator.value_type
    if vt in (ValueType.DATE, ValueType.TEXT):
        raise _field_error("indicator", _("Dates and texts have no targets; choose another indicator."), TARGET_TYPE)
    if vt in (ValueType.PERCENT, ValueType.RATIO) and not 0 <= value <= 100:
        raise _field_error("value", _("Enter a percentage from 0 to 100."), TARGET_VALUE)
    if vt in (ValueType.COUNT, ValueType.BOOLEAN) and (value < 0 or value != value.to_integral_value()):
        raise _field_error("value", _("Enter a whole number, 0 or more."), TARGET_VALUE)
    if vt == ValueType.MONEY and value < 0:
        raise _field_error("value", _("Enter an amount of 0 or more (VND)."), TARGET_VALUE)
    if unit is not None and not scope_for(user, writing=True).covers_path(unit.path):
        raise _field_error("unit", _("This unit is outside your scope."), UNIT_OUT_OF_SCOPE)
    clash = Target.objects.filter(indicator=indicator, unit=unit, year=year)
    if target is not None and target.pk:
        clash = clash.exclude(pk=target.pk)
    if clash.exists():
        raise _field_error(
            "year",
            _("%(indicator)s already has a target for %(unit)s in %(year)s; edit that one.")
            % {
                "indicator": indicator.code,
                "unit": unit.full_name if unit else _("the whole city"),
                "year": year,
            },
            TARGET_EXISTS,
        )


def target_save(
    *,
    user: Any,
    indicator: Indicator,
    unit: AdminUnit | None,
    year: int,
    value: Decimal,
    target: Target | None = None,
    expected_version: int | None = None,
) -> Target:
    """Create a target (`target` None) or change one; a city-wide target has no unit."""
    _require_manage(user)
    with transaction.atomic():
        target_check(user=user, indicator=indicator, unit=unit, year=year, value=value, target=target)
        created = target is None or not target.pk
        obj = target or Target()
        obj.indicator, obj.unit, obj.year, obj.value = indicator, unit, year, value
        return _save(obj, user, expected_version=expected_version, created=created)  # type: ignore[no-any-return]


def target_delete(*, user: Any, target: Target) -> None:
    _require_manage(user)
    if target.unit is not None and not scope_for(user, writing=True).covers_path(target.unit.path):
        raise ValidationError(_("This unit is outside your scope."), code=UNIT_OUT_OF_SCOPE)
    with transaction.atomic():
        attribute_to(target, user)
        target.delete()


# -- report forms -----------------------------------------------------------------------------


def _check_form(form: ReportForm) -> None:
    form.name = nfc(form.name)
    if ReportForm.objects.filter(program=form.program_id, name=form.name).exclude(pk=form.pk).exists():
        raise _field_error("name", _("This programme already has a form with this name."), NAME_TAKEN)
    levels = [level for level in form.unit_levels if level in UnitLevel.values]
    if not levels:
        raise _field_error("unit_levels", _("Choose at least one level of unit that fills this form."), NO_LEVELS)
    form.unit_levels = levels
    form.sections = [key for key in SectionKey.values if key in form.sections]  # in the report's order


def form_create(*, user: Any, program: Program, name: str, unit_levels: list[str], sections: list[str]) -> ReportForm:
    """Create a report form (biểu mẫu): who fills it and which narrative sections it asks."""
    _require_manage(user)
    form = ReportForm(program=program, name=name, unit_levels=list(unit_levels), sections=list(sections))
    with transaction.atomic():
        _check_form(form)
        return _save(form, user, expected_version=None, created=True)  # type: ignore[no-any-return]


def form_update(*, user: Any, form: ReportForm, expected_version: int) -> ReportForm:
    _require_manage(user)
    with transaction.atomic():
        _check_form(form)
        return _save(form, user, expected_version=expected_version, created=False)  # type: ignore[no-any-return]


@dataclass
class ItemChoice:
    indicator: Indicator
    required: bool
    position: int


def form_items_set(*, user: Any, form: ReportForm, items: list[ItemChoice], expected_version: int) -> int:
    """Set which indicators the form asks, in which order, and which are required.

    An indicator a cross rule of the form compares cannot be left out while the rule stays.
    Returns the number of items.
    """
    _require_manage(user)
    if not items:
        raise ValidationError(_("Choose at least one indicator for the form."), code=NO_INDICATORS)
    if any(item.indicator.program_id != form.program_id for item in items):
        raise ValidationError(_("Choose indicators of this form's programme."), code=WRONG_PROGRAM)
    chosen = {item.indicator.pk for item in items}
    for rule in form.rules.select_related("left", "right"):
        missing = [ind for ind in (rule.left, rule.right) if ind.pk not in chosen]
        if missing:
            raise ValidationError(
                _("%(code)s is used by the rule “%(rule)s”; delete the rule before leaving it out.")
                % {"code": missing[0].code, "rule": str(rule)},
                code=INDICATOR_IN_RULE,
            )
    with transaction.atomic():
        current = locked_current(form, expected_version=expected_version)
        stored = {fi.indicator_id: fi for fi in form.items.all()}
        for fi in stored.values():
            if fi.indicator_id not in chosen:
                attribute_to(fi, user)
                fi.delete()
        ordered = sorted(
            items, key=lambda item: (item.position, item.indicator.group.position, item.indicator.position)
        )
        for position, item in enumerate(ordered):
            fi = stored.get(item.indicator.pk) or FormIndicator(form=form, indicator=item.indicator)
            if fi.pk and fi.required == item.required and fi.position == position:
                continue
            fi.required, fi.position = item.required, position
            attribute_to(fi, user)
            fi.save()
        form.version = current.version + 1
        attribute_to(form, user)
        form.save(update_fields=["version"])
    return len(items)


def crossrule_add(
    *, user: Any, form: ReportForm, left: Indicator, operator: str, right: Indicator, message: str
) -> CrossRule:
    """Add a rule between two values of the form, checked when a unit saves its report."""
    _require_manage(user)
    asked = set(form.items.values_list("indicator_id", flat=True))
    if left.pk == right.pk or left.pk not in asked or right.pk not in asked:
        raise ValidationError(_("Choose two different indicators of this form."), code=RULE_INDICATORS)
    if left.value_type not in COMPARABLE_TYPES or right.value_type not in COMPARABLE_TYPES:
        raise ValidationError(_("Only numbers, ratios and yes/no answers can be compared."), code=RULE_INDICATORS)
    if form.rules.filter(left=left, operator=operator, right=right).exists():
        raise ValidationError(_("The form already has this rule."), code=RULE_EXISTS)
    rule = CrossRule(form=form, left=left, operator=operator, right=right, message=nfc(message))
    with transaction.atomic():
        attribute_to(rule, user)
        rule.full_clean()
        rule.save()
    return rule


def crossrule_delete(*, user: Any, rule: CrossRule) -> None:
    _require_manage(user)
    with transaction.atomic():
        attribute_to(rule, user)
        rule.delete()


# -- reporting periods ------------------------------------------------------------------------


def _check_period(period: ReportingPeriod) -> None:
    """Dates in order, a form and a year of the period's programme, a previous period that ends
    earlier (reports compare each value with it)."""
    period.name = nfc(period.name)
    program = period.program
    if period.form.program_id != program.pk:
        raise _field_error("form", _("Choose a form of this programme."), WRONG_PROGRAM)
    if not program.start_year <= period.year <= program.end_year:
        raise _field_error(
            "year",
            _("Enter a year of the programme, from %(first)s to %(last)s.")
            % {"first": program.start_year, "last": program.end_year},
            YEAR_RANGE,
        )
    if period.data_from > period.data_to:
        raise _field_error("data_to", _("The data range must end on or after its first day."), DATES_ORDER)
    if period.opens_on > period.due_on:
        raise _field_error("due_on", _("The deadline must not be before the opening day."), DATES_ORDER)
    if period.closes_on is not None and period.closes_on < period.opens_on:
        raise _field_error("closes_on", _("The closing day must not be before the opening day."), DATES_ORDER)
    previous = period.previous
    if previous is not None and (previous.pk == period.pk or previous.data_to >= period.data_to):
        raise _field_error("previous", _("Choose a period whose data end before this period's."), PREVIOUS)
    if ReportingPeriod.objects.filter(program=program, name=period.name).exclude(pk=period.pk).exists():
        raise _field_error("name", _("This programme already has a period with this name."), NAME_TAKEN)


def period_create(*, user: Any, program: Program, form: ReportForm, **fields: Any) -> ReportingPeriod:
    """Create a reporting period (kỳ báo cáo); `fields` are the model's editable fields."""
    _require_manage(user)
    period = ReportingPeriod(program=program, form=form, **fields)
    with transaction.atomic():
        _check_period(period)
        return _save(period, user, expected_version=None, created=True)  # type: ignore[no-any-return]


def period_update(*, user: Any, period: ReportingPeriod, expected_version: int) -> ReportingPeriod:
    _require_manage(user)
    with transaction.atomic():
        _check_period(period)
        return _save(period, user, expected_version=expected_version, created=False)  # type: ignore[no-any-return]


def period_close(*, user: Any, period: ReportingPeriod, today: date | None = None) -> ReportingPeriod:
    """Stop taking reports from today: the closing day becomes yesterday.

    A period that has not opened before today cannot be closed (change its dates, or delete
    it while it has no reports); one already closed stays as it is.
    """
    _require_manage(user)
    today = today or timezone.localdate()
    if period.closes_on is not None and period.closes_on < today:
        raise ValidationError(
            _("This period closed on %(day)s.") % {"day": date_format(period.closes_on, "SHORT_DATE_FORMAT")},
            code=PERIOD_CLOSED,
        )
    if period.opens_on >= today:
        raise ValidationError(
            _("This period has not opened yet; change its dates or delete it instead."), code=PERIOD_NOT_OPEN
        )
    with transaction.atomic():
        current = locked_current(period, expected_version=None)
        current.closes_on = today - timedelta(days=1)
        _save(current, user, expected_version=current.version, created=False)
    period.refresh_from_db()
    return period


def period_delete(*, user: Any, period: ReportingPeriod) -> None:
    """Delete a period nobody has reported in; one with reports can only be closed."""
    _require_manage(user)
    with transaction.atomic():
        count = period.reports.count()  # type: ignore[attr-defined]  # reporting.Report, by its reverse name
        if count:
            raise ValidationError(
                ngettext(
                    "%(count)s unit has reported in this period; it cannot be deleted, only closed.",
                    "%(count)s units have reported in this period; it cannot be deleted, only closed.",
                    count,
                )
                % {"count": count},
                code=PERIOD_HAS_REPORTS,
            )
        attribute_to(period, user)
        period.delete()
