"""Test data for research: calls, proposals (complete enough to submit), plans and tasks."""

from datetime import date
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from khcn.research.models import (
    AnnualPlan,
    Milestone,
    PlanCall,
    Proposal,
    ProposalStatus,
    ResearchTask,
    ScienceField,
    TaskStatus,
    TaskType,
)


class PlanCallFactory(DjangoModelFactory[PlanCall]):
    """The call for next year's plan, open from June to the end of the year (DOMAIN.md §2.3)."""

    class Meta:
        model = PlanCall

    plan_year = 2027
    name = factory.LazyAttribute(lambda call: f"Đề xuất đặt hàng nhiệm vụ KH&CN năm {call.plan_year}")
    opens_on = factory.LazyAttribute(lambda call: date(call.plan_year - 1, 6, 1))
    closes_on = factory.LazyAttribute(lambda call: date(call.plan_year - 1, 12, 31))


class ProposalFactory(DjangoModelFactory[Proposal]):
    """A draft with every field a submission needs; pass `unit` (or `organisation`)."""

    class Meta:
        model = Proposal

    call = factory.SubFactory(PlanCallFactory)
    title = factory.Sequence(lambda n: f"Nghiên cứu xử lý chất thải chăn nuôi quy mô hộ, đề xuất số {n + 1}")
    problem = "Nước thải chăn nuôi lợn chảy ra kênh mương."
    task_type = TaskType.TOPIC
    field = ScienceField.AGRICULTURAL
    rationale = "Chất thải chăn nuôi chưa được xử lý, gây ô nhiễm nguồn nước."
    objectives = "Xây dựng quy trình xử lý chất thải phù hợp quy mô hộ."
    products = "Quy trình công nghệ; mô hình trình diễn 5 hộ."
    application_place = factory.LazyAttribute(lambda p: p.unit.full_name if p.unit else "Hà Nội")
    applying_unit = factory.LazyAttribute(lambda p: f"UBND {p.unit.full_name.lower()}" if p.unit else "")
    budget_million = Decimal("1500")
    duration_months = 24
    status = ProposalStatus.DRAFT


class AnnualPlanFactory(DjangoModelFactory[AnnualPlan]):
    class Meta:
        model = AnnualPlan
        django_get_or_create = ("year",)

    year = 2027
    name = factory.LazyAttribute(lambda plan: f"Kế hoạch KH,CN&ĐMST năm {plan.year}")


class ResearchTaskFactory(DjangoModelFactory[ResearchTask]):
    """An earlier task of the Department (no plan), accepted unless told otherwise."""

    class Meta:
        model = ResearchTask

    code = factory.Sequence(lambda n: f"01C-{n + 1:02d}/01-2022-1")
    title = factory.Sequence(lambda n: f"Nhiệm vụ khoa học và công nghệ số {n + 1}")
    task_type = TaskType.TOPIC
    field = ScienceField.AGRICULTURAL
    host_name = factory.Faker("company", locale="vi_VN")
    start_year = 2022
    end_year = 2024
    status = TaskStatus.ACCEPTED


class MilestoneFactory(DjangoModelFactory[Milestone]):
    class Meta:
        model = Milestone

    task = factory.SubFactory(ResearchTaskFactory)
    title = factory.Sequence(lambda n: f"Nội dung {n + 1}")
    due_on = date(2027, 6, 30)
