"""The setup services: every rule they enforce, the copy into a successor, history, scope."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import make_user
from khcn.accounts.roles import Role
from khcn.core.concurrency import StaleObjectError
from khcn.programs import services
from khcn.programs.models import (
    Aggregation,
    CrossRule,
    Indicator,
    IndicatorGroup,
    PeriodKind,
    Program,
    ReportForm,
    ReportingPeriod,
    RuleOperator,
    Target,
    ValueType,
)
from khcn.reporting.models import Report, Value


def _code(error: ValidationError) -> str | None:
    if hasattr(error, "error_dict"):
        return next(iter(error.error_dict.values()))[0].code
    return error.error_list[0].code


def _indicator(user, program, group, code, value_type=ValueType.COUNT, **fields):  # type: ignore[no-untyped-def]
    return services.indicator_create(
        user=user,
        program=program,
        group=group,
        code=code,
        name=f"Chỉ tiêu {code}",
        value_type=value_type,
        aggregation=fields.pop("aggregation", Aggregation.SUM),
        **fields,
    )


@pytest.fixture
def group(program):  # type: ignore[no-untyped-def]
    return IndicatorGroup.objects.create(program=program, code="B", name="Nhóm B", position=1)


# -- programmes -------------------------------------------------------------------------------


def test_program_create_records_who_created_it(dept_officer):
    program = services.program_create(
        user=dept_officer, code=" 12-KH/UBND ", name="Kế hoạch", issuing_body="UBND", start_year=2026, end_year=2030
    )
    assert program.code == "12-KH/UBND"
    assert program.created_by == dept_officer
    assert program.history.get().history_user == dept_officer


def test_program_years_out_of_order_are_refused_in_vietnamese(dept_officer):
    with pytest.raises(ValidationError) as caught:
        services.program_create(
            user=dept_officer, code="X", name="Kế hoạch", issuing_body="UBND", start_year=2030, end_year=2026
        )
    assert _code(caught.value) == services.YEARS_ORDER
    assert caught.value.message_dict["end_year"] == ["Năm kết thúc không được trước năm bắt đầu."]
    assert not Program.objects.filter(code="X").exists()


def test_program_year_has_bounds(dept_officer):
    with pytest.raises(ValidationError) as caught:
        services.program_create(
            user=dept_officer, code="X", name="Kế hoạch", issuing_body="UBND", start_year=2026, end_year=20300
        )
    assert _code(caught.value) == services.YEAR_RANGE


def test_programmes_cannot_follow_each_other_in_a_loop(dept_officer, program):
    later = services.program_create(
        user=dept_officer, code="T-02", name="Sau", issuing_body="UBND", start_year=2026, end_year=2030
    )
    program.successor = later
    services.program_update(user=dept_officer, program=program, expected_version=program.version)
    later.successor = program
    with pytest.raises(ValidationError) as caught:
        services.program_update(user=dept_officer, program=later, expected_version=later.version)
    assert _code(caught.value) == services.SUCCESSOR


def test_a_stale_programme_edit_is_refused(dept_officer, program):
    loaded = program.version
    program.name = "Tên mới"
    services.program_update(user=dept_officer, program=program, expected_version=loaded)
    program.name = "Tên khác"
    with pytest.raises(StaleObjectError):
        services.program_update(user=dept_officer, program=program, expected_version=loaded)


@pytest.mark.parametrize("persona", ["officer_a", "expert"])
def test_only_the_department_sets_up_programmes(request, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.program_create(user=user, code="X", name="X", issuing_body="X", start_year=2026, end_year=2027)


# -- indicators -------------------------------------------------------------------------------


def test_a_ratio_needs_both_labels(dept_officer, program, group):
    with pytest.raises(ValidationError) as caught:
        _indicator(dept_officer, program, group, "B1", ValueType.RATIO, numerator_label="đài thông minh")
    assert _code(caught.value) == services.RATIO_LABELS
    assert "denominator_label" in caught.value.message_dict
    made = _indicator(
        dept_officer, program, group, "B1", ValueType.RATIO, numerator_label="đài thông minh", denominator_label="đài"
    )
    assert made.pk


def test_minimum_above_maximum_is_refused(dept_officer, program, group):
    with pytest.raises(ValidationError) as caught:
        _indicator(dept_officer, program, group, "B1", min_value=Decimal(10), max_value=Decimal(5))
    assert _code(caught.value) == services.MIN_MAX
    assert caught.value.message_dict["max_value"] == ["Giá trị tối đa không được nhỏ hơn giá trị tối thiểu."]


def test_percentage_limits_stay_within_0_and_100(dept_officer, program, group):
    with pytest.raises(ValidationError) as caught:
        _indicator(dept_officer, program, group, "B1", ValueType.PERCENT, max_value=Decimal(120))
    assert _code(caught.value) == services.PERCENT_LIMITS


@pytest.mark.parametrize(
    ("value_type", "limits", "code"),
    [
        (ValueType.COUNT, {"min_value": Decimal(-5)}, services.NEGATIVE_LIMITS),
        (ValueType.MONEY, {"max_value": Decimal(-1)}, services.NEGATIVE_LIMITS),
        (ValueType.MONEY, {"max_value": Decimal("1e17")}, services.LIMITS_TOO_LARGE),
        (ValueType.COUNT, {"min_value": Decimal("-1e309")}, services.LIMITS_TOO_LARGE),
    ],
)
def test_limits_fit_the_column_and_the_type(dept_officer, program, group, value_type, limits, code):
    """Issue 12, defect 1: an indicator's limits are bounded like the values they limit."""
    with pytest.raises(ValidationError) as caught:
        _indicator(dept_officer, program, group, "B1", value_type, **limits)
    assert _code(caught.value) == code


def test_limits_need_a_numeric_type(dept_officer, program, group):
    with pytest.raises(ValidationError) as caught:
        _indicator(
            dept_officer, program, group, "B1", ValueType.BOOLEAN, aggregation=Aggregation.COUNT_YES, min_value=0
        )
    assert _code(caught.value) == services.LIMITS_NOT_NUMERIC


@pytest.mark.parametrize(
    ("value_type", "aggregation"),
    [
        (ValueType.TEXT, Aggregation.SUM),
        (ValueType.BOOLEAN, Aggregation.MEAN),
        (ValueType.COUNT, Aggregation.COUNT_YES),
    ],
)
def test_aggregation_must_suit_the_value_type(dept_officer, program, group, value_type, aggregation):
    with pytest.raises(ValidationError) as caught:
        _indicator(dept_officer, program, group, "B1", value_type, aggregation=aggregation)
    assert _code(caught.value) == services.AGGREGATION


def test_weighted_mean_needs_a_count_of_the_same_programme_as_weight(dept_officer, program, group, indicators):
    with pytest.raises(ValidationError) as caught:
        _indicator(dept_officer, program, group, "B1", ValueType.PERCENT, aggregation=Aggregation.WEIGHTED_MEAN)
    assert _code(caught.value) == services.WEIGHT_REQUIRED
    with pytest.raises(ValidationError) as caught:
        _indicator(
            dept_officer,
            program,
            group,
            "B1",
            ValueType.PERCENT,
            aggregation=Aggregation.WEIGHTED_MEAN,
            weight=indicators["cashless"],  # a percentage cannot weigh
        )
    assert _code(caught.value) == services.WEIGHT_INVALID
    with pytest.raises(ValidationError) as caught:
        _indicator(dept_officer, program, group, "B1", weight=indicators["received"])
    assert _code(caught.value) == services.WEIGHT_UNUSED
    made = _indicator(
        dept_officer,
        program,
        group,
        "B1",
        ValueType.PERCENT,
        aggregation=Aggregation.WEIGHTED_MEAN,
        weight=indicators["received"],
    )
    assert made.weight == indicators["received"]


def test_indicator_codes_are_unique_within_a_programme(dept_officer, program, group, indicators):
    with pytest.raises(ValidationError) as caught:
        _indicator(dept_officer, program, group, "A1")
    assert _code(caught.value) == services.CODE_TAKEN


def test_jump_warning_has_bounds(dept_officer, program, group):
    with pytest.raises(ValidationError) as caught:
        _indicator(dept_officer, program, group, "B1", jump_warning_percent=5000)
    assert _code(caught.value) == services.JUMP_RANGE


def test_value_type_is_fixed_once_a_report_holds_a_value(dept_officer, indicators, period, ward_a):
    budget = indicators["budget"]
    budget.value_type = ValueType.COUNT
    services.indicator_update(user=dept_officer, indicator=budget, expected_version=budget.version)  # no values yet
    report = Report.objects.create(period=period, unit=ward_a)
    Value.objects.create(report=report, indicator=budget, number=Decimal(3))
    budget.refresh_from_db()
    budget.value_type = ValueType.MONEY
    with pytest.raises(ValidationError) as caught:
        services.indicator_update(user=dept_officer, indicator=budget, expected_version=budget.version)
    assert _code(caught.value) == services.TYPE_HAS_VALUES
    assert "1" in caught.value.message_dict["value_type"][0]
    assert Indicator.objects.get(pk=budget.pk).value_type == ValueType.COUNT
    budget.value_type = ValueType.COUNT
    budget.name = "Kinh phí (đã sửa tên)"  # other fields still change
    services.indicator_update(user=dept_officer, indicator=budget, expected_version=budget.version)
    assert Indicator.objects.get(pk=budget.pk).name == "Kinh phí (đã sửa tên)"


def test_a_weight_must_stay_a_count(dept_officer, indicators):
    received = indicators["received"]
    received.value_type = ValueType.PERCENT
    with pytest.raises(ValidationError) as caught:
        services.indicator_update(user=dept_officer, indicator=received, expected_version=received.version)
    assert _code(caught.value) == services.TYPE_IS_WEIGHT


def test_new_indicators_go_last_in_their_group_and_move_one_place(dept_officer, program, group):
    first = _indicator(dept_officer, program, group, "B1")
    second = _indicator(dept_officer, program, group, "B2")
    assert (first.position, second.position) == (0, 1)
    assert services.indicator_move(user=dept_officer, indicator=second, up=True)
    assert list(group.indicators.order_by("position").values_list("code", flat=True)) == ["B2", "B1"]
    assert not services.indicator_move(user=dept_officer, indicator=second, up=True)  # already first
    moved = Indicator.objects.get(pk=second.pk)
    assert moved.history.first().history_user == dept_officer


def test_groups_move_among_their_programme(dept_officer, program, indicators, group):
    first = IndicatorGroup.objects.get(program=program, code="A")
    services.group_move(user=dept_officer, group=group, up=True)
    assert list(program.groups.order_by("position").values_list("code", flat=True)) == ["B", "A"]
    services.group_move(user=dept_officer, group=first, up=True)
    assert list(program.groups.order_by("position").values_list("code", flat=True)) == ["A", "B"]


def test_indicator_edit_is_kept_in_history(dept_officer, indicators):
    ind = indicators["cashless"]
    ind.name = "Tỷ lệ chi trả không dùng tiền mặt"
    services.indicator_update(user=dept_officer, indicator=ind, expected_version=ind.version)
    last = ind.history.first()
    assert (last.history_type, last.history_user, last.name) == ("~", dept_officer, ind.name)


# -- targets ----------------------------------------------------------------------------------


def test_target_values_are_checked_by_type(dept_officer, indicators):
    cases = [
        (indicators["cashless"], Decimal(120), services.TARGET_VALUE),
        (indicators["received"], Decimal("2.5"), services.TARGET_VALUE),
        (indicators["budget"], Decimal(-1), services.TARGET_VALUE),
    ]
    for indicator, value, code in cases:
        with pytest.raises(ValidationError) as caught:
            services.target_save(user=dept_officer, indicator=indicator, unit=None, year=2027, value=value)
        assert _code(caught.value) == code


def test_target_year_must_be_one_of_the_programme(dept_officer, indicators):
    with pytest.raises(ValidationError) as caught:
        services.target_save(user=dept_officer, indicator=indicators["cashless"], unit=None, year=2031, value=90)
    assert caught.value.message_dict["year"] == ["Nhập một năm của chương trình, từ 2025 đến 2030."]


def test_a_second_target_for_the_same_unit_and_year_is_refused(dept_officer, form, indicators):
    with pytest.raises(ValidationError) as caught:
        services.target_save(user=dept_officer, indicator=indicators["cashless"], unit=None, year=2026, value=95)
    assert _code(caught.value) == services.TARGET_EXISTS
    existing = Target.objects.get(indicator=indicators["cashless"], year=2026)
    services.target_save(
        user=dept_officer,
        target=existing,
        indicator=existing.indicator,
        unit=None,
        year=2026,
        value=Decimal(95),
        expected_version=existing.version,
    )
    assert Target.objects.get(pk=existing.pk).value == 95


def test_department_officer_sets_targets_only_inside_their_scope(db, ward_a, ward_b, indicators):
    narrow = make_user("narrow", Role.DEPARTMENT_OFFICER, unit=ward_a)
    services.target_save(user=narrow, indicator=indicators["received"], unit=ward_a, year=2027, value=10)
    with pytest.raises(ValidationError) as caught:
        services.target_save(user=narrow, indicator=indicators["received"], unit=ward_b, year=2027, value=10)
    assert _code(caught.value) == services.UNIT_OUT_OF_SCOPE
    assert not Target.objects.filter(unit=ward_b).exists()


def test_local_officer_cannot_set_a_target(officer_a, ward_a, indicators):
    with pytest.raises(PermissionDenied):
        services.target_save(user=officer_a, indicator=indicators["received"], unit=ward_a, year=2027, value=10)


# -- report forms -----------------------------------------------------------------------------


def test_form_items_keep_order_and_required_flags(dept_officer, form, indicators):
    choice = services.ItemChoice
    count = services.form_items_set(
        user=dept_officer,
        form=form,
        items=[
            choice(indicators["on_time"], True, 2),
            choice(indicators["received"], False, 1),
            choice(indicators["budget"], True, 1000),
        ],
        expected_version=form.version,
    )
    assert count == 3
    items = list(form.items.order_by("position").values_list("indicator__code", "required"))
    assert items == [("A1", False), ("A2", True), ("A7", True)]
    assert ReportForm.objects.get(pk=form.pk).version == form.version


def test_an_indicator_of_a_rule_cannot_leave_the_form(dept_officer, form, indicators):
    with pytest.raises(ValidationError) as caught:
        services.form_items_set(
            user=dept_officer,
            form=form,
            items=[services.ItemChoice(indicators["received"], True, 1)],
            expected_version=form.version,
        )
    assert _code(caught.value) == services.INDICATOR_IN_RULE
    assert form.items.count() == len(indicators)


def test_a_form_needs_a_unit_level_and_a_unique_name(dept_officer, program, form):
    with pytest.raises(ValidationError) as caught:
        services.form_create(user=dept_officer, program=program, name="Mẫu mới", unit_levels=[], sections=[])
    assert _code(caught.value) == services.NO_LEVELS
    with pytest.raises(ValidationError) as caught:
        services.form_create(user=dept_officer, program=program, name=form.name, unit_levels=["commune"], sections=[])
    assert _code(caught.value) == services.NAME_TAKEN


def test_a_form_may_ask_for_no_narrative_section(dept_officer, program):
    created = services.form_create(
        user=dept_officer, program=program, name="Chỉ số liệu", unit_levels=["commune"], sections=[]
    )
    created.refresh_from_db()
    assert created.sections == []


def test_cross_rules_compare_two_numbers_of_the_form(dept_officer, form, indicators):
    with pytest.raises(ValidationError) as caught:
        services.crossrule_add(
            user=dept_officer,
            form=form,
            left=indicators["received"],
            operator=RuleOperator.LE,
            right=indicators["received"],
            message="Sai",
        )
    assert _code(caught.value) == services.RULE_INDICATORS
    rule = services.crossrule_add(
        user=dept_officer,
        form=form,
        left=indicators["budget"],
        operator=RuleOperator.GE,
        right=indicators["received"],
        message="Kinh phí phải từ số hồ sơ trở lên.",
    )
    assert str(rule) == "A7 ≥ A1"


# -- reporting periods ------------------------------------------------------------------------


def _period_fields(**overrides):  # type: ignore[no-untyped-def]
    fields = {
        "kind": PeriodKind.YEAR,
        "year": 2027,
        "name": "Năm 2027",
        "data_from": date(2026, 12, 15),
        "data_to": date(2027, 12, 14),
        "opens_on": date(2027, 11, 15),
        "due_on": date(2027, 12, 20),
        "closes_on": None,
        "previous": None,
    }
    return {**fields, **overrides}


def test_period_dates_must_be_in_order(dept_officer, program, form):
    cases = [
        ({"data_to": date(2026, 1, 1)}, "data_to"),
        ({"due_on": date(2027, 11, 1)}, "due_on"),
        ({"closes_on": date(2027, 11, 1)}, "closes_on"),
        ({"year": 2040}, "year"),
    ]
    for overrides, field in cases:
        with pytest.raises(ValidationError) as caught:
            services.period_create(user=dept_officer, program=program, form=form, **_period_fields(**overrides))
        assert field in caught.value.message_dict, overrides
    assert not ReportingPeriod.objects.filter(name="Năm 2027").exists()


def test_previous_period_must_end_earlier(dept_officer, program, form, period):
    later = services.period_create(user=dept_officer, program=program, form=form, **_period_fields(previous=period))
    assert later.previous == period
    period.previous = later
    with pytest.raises(ValidationError) as caught:
        services.period_update(user=dept_officer, period=period, expected_version=period.version)
    assert _code(caught.value) == services.PREVIOUS


def test_a_period_with_reports_can_only_be_closed(dept_officer, period, ward_a):
    Report.objects.create(period=period, unit=ward_a)
    with pytest.raises(ValidationError) as caught:
        services.period_delete(user=dept_officer, period=period)
    assert _code(caught.value) == services.PERIOD_HAS_REPORTS
    assert caught.value.messages == ["Đã có 1 đơn vị báo cáo trong kỳ này nên không thể xóa, chỉ có thể đóng kỳ."]
    assert ReportingPeriod.objects.filter(pk=period.pk).exists()
    with time_machine.travel(date(2026, 12, 1), tick=False):
        services.period_close(user=dept_officer, period=period)
    assert ReportingPeriod.objects.get(pk=period.pk).closes_on == date(2026, 11, 30)


def test_a_period_without_reports_can_be_deleted(dept_officer, period):
    services.period_delete(user=dept_officer, period=period)
    assert not ReportingPeriod.objects.filter(pk=period.pk).exists()


def test_a_period_not_yet_open_cannot_be_closed(dept_officer, period):
    with time_machine.travel(date(2026, 11, 15), tick=False), pytest.raises(ValidationError) as caught:
        services.period_close(user=dept_officer, period=period)  # it opens today
    assert _code(caught.value) == services.PERIOD_NOT_OPEN
    with time_machine.travel(date(2027, 2, 1), tick=False):
        services.period_close(user=dept_officer, period=period)
        with pytest.raises(ValidationError) as caught:
            services.period_close(user=dept_officer, period=period)
    assert _code(caught.value) == services.PERIOD_CLOSED


# -- copy into the successor ------------------------------------------------------------------


@pytest.fixture
def successor(dept_officer, program):  # type: ignore[no-untyped-def]
    later = Program.objects.create(code="T-02", name="Sau", issuing_body="UBND", start_year=2026, end_year=2030)
    program.successor = later
    program.save()
    return later


def test_copy_into_successor_brings_groups_indicators_forms_items_and_rules(dept_officer, program, form, successor):
    done = services.program_copy_to_successor(user=dept_officer, program=program)
    assert (done.groups, done.indicators, done.forms, done.items, done.rules) == (1, 7, 1, 7, 1)
    rate = successor.indicators.get(code="A3")
    assert rate.weight == successor.indicators.get(code="A1")  # the weight points inside the successor
    copied = successor.forms.get()
    assert copied.name == form.name and copied.unit_levels == form.unit_levels
    assert list(copied.items.order_by("position").values_list("indicator__code", "required")) == list(
        form.items.order_by("position").values_list("indicator__code", "required")
    )
    rule = CrossRule.objects.get(form=copied)
    assert (rule.left.program, rule.right.program) == (successor, successor)
    assert not Target.objects.filter(indicator__program=successor).exists()
    assert {h.history_user for h in rate.history.all()} == {dept_officer}


def test_copy_refuses_codes_the_successor_has_and_copies_nothing(dept_officer, program, form, successor):
    group = IndicatorGroup.objects.create(program=successor, code="Z", name="Khác")
    Indicator.objects.create(program=successor, group=group, code="A2", name="Trùng", value_type=ValueType.COUNT)
    with pytest.raises(ValidationError) as caught:
        services.program_copy_to_successor(user=dept_officer, program=program)
    assert _code(caught.value) == services.COPY_CONFLICT
    assert "“A2”" in caught.value.messages[0]
    assert successor.indicators.count() == 1 and not successor.forms.exists()


def test_copy_needs_a_successor(dept_officer, program):
    with pytest.raises(ValidationError) as caught:
        services.program_copy_to_successor(user=dept_officer, program=program)
    assert _code(caught.value) == services.NO_SUCCESSOR
