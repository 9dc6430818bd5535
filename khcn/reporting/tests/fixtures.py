"""A small programme for tests: five indicators of every aggregation, one commune period."""

from datetime import date
from decimal import Decimal

import pytest

from khcn.geo.models import UnitLevel
from khcn.programs.models import (
    Aggregation,
    CrossRule,
    FormIndicator,
    Indicator,
    IndicatorGroup,
    PeriodKind,
    Program,
    ReportForm,
    ReportingPeriod,
    RuleOperator,
    SectionKey,
    Target,
    ValueType,
)


@pytest.fixture
def program(db):  # type: ignore[no-untyped-def]
    return Program.objects.create(
        code="T-01", name="Chương trình thử", issuing_body="Thành ủy", start_year=2025, end_year=2030
    )


@pytest.fixture
def indicators(program):  # type: ignore[no-untyped-def]
    group = IndicatorGroup.objects.create(program=program, code="A", name="Nhóm A")

    def make(code, vt, agg, **extra):  # type: ignore[no-untyped-def]
        return Indicator.objects.create(
            program=program,
            group=group,
            code=code,
            name=f"Chỉ tiêu {code}",
            value_type=vt,
            aggregation=agg,
            position=len(code) + ord(code[-1]),
            **extra,
        )

    received = make("A1", ValueType.COUNT, Aggregation.SUM, unit_of_measure="hồ sơ")
    on_time = make("A2", ValueType.COUNT, Aggregation.SUM, unit_of_measure="hồ sơ")
    return {
        "received": received,
        "on_time": on_time,
        "rate": make("A3", ValueType.PERCENT, Aggregation.WEIGHTED_MEAN, weight=received),
        "cashless": make("A4", ValueType.PERCENT, Aggregation.MEAN),
        "radios": make("A5", ValueType.RATIO, Aggregation.SUM),
        "plan": make("A6", ValueType.BOOLEAN, Aggregation.COUNT_YES),
        "budget": make("A7", ValueType.MONEY, Aggregation.SUM),
    }


@pytest.fixture
def form(program, indicators):  # type: ignore[no-untyped-def]
    form = ReportForm.objects.create(
        program=program, name="Mẫu cấp xã", unit_levels=[UnitLevel.COMMUNE], sections=[k.value for k in SectionKey]
    )
    for pos, ind in enumerate(indicators.values()):
        FormIndicator.objects.create(form=form, indicator=ind, position=pos, required=ind.code != "A7")
    CrossRule.objects.create(
        form=form,
        left=indicators["on_time"],
        right=indicators["received"],
        operator=RuleOperator.LE,
        message="Số đúng hạn không thể lớn hơn số tiếp nhận.",
    )
    Target.objects.create(indicator=indicators["cashless"], unit=None, year=2026, value=Decimal(90))
    return form


@pytest.fixture
def last_period(program, form):  # type: ignore[no-untyped-def]
    return ReportingPeriod.objects.create(
        program=program,
        form=form,
        kind=PeriodKind.HALF_YEAR,
        year=2026,
        name="6 tháng đầu năm 2026",
        data_from=date(2025, 12, 15),
        data_to=date(2026, 6, 14),
        opens_on=date(2026, 6, 15),
        due_on=date(2026, 6, 20),
    )


@pytest.fixture
def period(program, form, last_period):  # type: ignore[no-untyped-def]
    return ReportingPeriod.objects.create(
        program=program,
        form=form,
        kind=PeriodKind.YEAR,
        year=2026,
        name="Năm 2026",
        data_from=date(2025, 12, 15),
        data_to=date(2026, 12, 14),
        opens_on=date(2026, 11, 15),
        due_on=date(2026, 12, 20),
        previous=last_period,
    )
