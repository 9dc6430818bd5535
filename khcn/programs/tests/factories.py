"""Test data for programmes: indicators, forms, rules, targets and reporting periods."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

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


class ProgramFactory(DjangoModelFactory[Program]):
    class Meta:
        model = Program

    code = factory.Sequence(lambda n: f"T-{n:02d}")
    name = factory.LazyAttribute(lambda program: f"Chương trình thử {program.code}")
    issuing_body = "Thành ủy"
    start_year = 2025
    end_year = 2030


class IndicatorGroupFactory(DjangoModelFactory[IndicatorGroup]):
    class Meta:
        model = IndicatorGroup

    program = factory.SubFactory(ProgramFactory)
    code = "A"
    name = factory.LazyAttribute(lambda group: f"Nhóm {group.code}")


class IndicatorFactory(DjangoModelFactory[Indicator]):
    class Meta:
        model = Indicator

    group = factory.SubFactory(IndicatorGroupFactory)
    program = factory.SelfAttribute("group.program")
    code = factory.Sequence(lambda n: f"X{n}")
    name = factory.LazyAttribute(lambda indicator: f"Chỉ tiêu {indicator.code}")
    value_type = ValueType.COUNT
    aggregation = Aggregation.SUM


class ReportFormFactory(DjangoModelFactory[ReportForm]):
    """A commune form with every narrative section."""

    class Meta:
        model = ReportForm

    program = factory.SubFactory(ProgramFactory)
    name = "Mẫu cấp xã"
    unit_levels = factory.LazyFunction(lambda: [UnitLevel.COMMUNE])
    sections = factory.LazyFunction(lambda: [key.value for key in SectionKey])


class FormIndicatorFactory(DjangoModelFactory[FormIndicator]):
    class Meta:
        model = FormIndicator

    form = factory.SubFactory(ReportFormFactory)
    indicator = factory.SubFactory(IndicatorFactory, program=factory.SelfAttribute("..form.program"))
    position = factory.Sequence(int)


class CrossRuleFactory(DjangoModelFactory[CrossRule]):
    class Meta:
        model = CrossRule

    form = factory.SubFactory(ReportFormFactory)
    operator = RuleOperator.LE
    message = factory.LazyAttribute(lambda rule: f"{rule.left.code} không thể lớn hơn {rule.right.code}.")


class TargetFactory(DjangoModelFactory[Target]):
    class Meta:
        model = Target

    unit = None
    year = 2026


class ReportingPeriodFactory(DjangoModelFactory[ReportingPeriod]):
    """A whole-year period on the Department's calendar (data 15/12 to 14/12, due 20/12,
    DOMAIN.md §2.2), opening a month before its cut-off; `half=True` for the first six months."""

    class Meta:
        model = ReportingPeriod

    class Params:
        half = False

    form = factory.SubFactory(ReportFormFactory)
    program = factory.SelfAttribute("form.program")
    year = 2026
    kind = factory.LazyAttribute(lambda p: PeriodKind.HALF_YEAR if p.half else PeriodKind.YEAR)
    name = factory.LazyAttribute(lambda p: f"6 tháng đầu năm {p.year}" if p.half else f"Năm {p.year}")
    data_from = factory.LazyAttribute(lambda p: date(p.year - 1, 12, 15))
    data_to = factory.LazyAttribute(lambda p: date(p.year, 6, 14) if p.half else date(p.year, 12, 14))
    opens_on = factory.LazyAttribute(lambda p: date(p.year, 6, 15) if p.half else date(p.year, 11, 15))
    due_on = factory.LazyAttribute(lambda p: date(p.year, 6, 20) if p.half else date(p.year, 12, 20))
