"""A small programme for tests: five indicators of every aggregation, one commune period."""

from decimal import Decimal

import pytest

from khcn.programs.models import Aggregation, ValueType
from khcn.programs.tests.factories import (
    CrossRuleFactory,
    FormIndicatorFactory,
    IndicatorFactory,
    IndicatorGroupFactory,
    ProgramFactory,
    ReportFormFactory,
    ReportingPeriodFactory,
    TargetFactory,
)


@pytest.fixture
def program(db):  # type: ignore[no-untyped-def]
    return ProgramFactory(code="T-01", name="Chương trình thử")


@pytest.fixture
def indicators(program):  # type: ignore[no-untyped-def]
    group = IndicatorGroupFactory(program=program, code="A", name="Nhóm A")

    def make(code, vt, agg, **extra):  # type: ignore[no-untyped-def]
        return IndicatorFactory(
            program=program,
            group=group,
            code=code,
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
    form = ReportFormFactory(program=program, name="Mẫu cấp xã")
    for pos, ind in enumerate(indicators.values()):
        FormIndicatorFactory(form=form, indicator=ind, position=pos, required=ind.code != "A7")
    CrossRuleFactory(
        form=form,
        left=indicators["on_time"],
        right=indicators["received"],
        message="Số đúng hạn không thể lớn hơn số tiếp nhận.",
    )
    TargetFactory(indicator=indicators["cashless"], year=2026, value=Decimal(90))
    return form


@pytest.fixture
def last_period(program, form):  # type: ignore[no-untyped-def]
    """6 tháng đầu năm 2026: data 15/12/2025 to 14/06/2026, open from 15/06, due 20/06."""
    return ReportingPeriodFactory(form=form, year=2026, half=True)


@pytest.fixture
def period(program, form, last_period):  # type: ignore[no-untyped-def]
    """Năm 2026: data 15/12/2025 to 14/12/2026, open from 15/11, due 20/12/2026."""
    return ReportingPeriodFactory(form=form, year=2026, previous=last_period)
