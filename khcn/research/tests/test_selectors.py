"""The tasks board's reads cost a fixed number of queries, however many tasks and proposals."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from khcn.research import selectors
from khcn.research.models import (
    BudgetLine,
    Milestone,
    PlanCall,
    Proposal,
    ProposalStatus,
    ResearchTask,
    ResultApplication,
    ScienceField,
    TaskStatus,
    TaskType,
)

pytestmark = pytest.mark.django_db
TODAY = date(2027, 6, 1)


def _add(n: int, ward) -> None:  # type: ignore[no-untyped-def]
    call, _new = PlanCall.objects.get_or_create(
        plan_year=2027, defaults={"name": "Đợt 2027", "opens_on": date(2026, 6, 1), "closes_on": date(2026, 12, 31)}
    )
    for i in range(n):
        proposal = Proposal.objects.create(
            call=call, unit=ward, title=f"Đề xuất {i}", problem="x", status=ProposalStatus.ACCEPTED
        )
        status = TaskStatus.ACCEPTED if i % 2 else TaskStatus.IN_PROGRESS
        task = ResearchTask.objects.create(
            code=f"KH2027-{i:02d}",
            title=f"Nhiệm vụ {i}",
            task_type=TaskType.TOPIC,
            field=ScienceField.AGRICULTURAL,
            status=status,
            host_name=f"Viện {i % 3}",
            proposal=proposal,
            budget_million=Decimal(100),
            accepted_on=TODAY - timedelta(days=90) if i % 2 else None,
        )
        Milestone.objects.create(task=task, title="Khảo sát", due_on=TODAY - timedelta(days=5))
        BudgetLine.objects.create(task=task, year=2027, planned_million=Decimal(100), disbursed_million=Decimal(40))
        if i % 2:
            ResultApplication.objects.create(task=task, unit=ward, place="Xã", applied_on=TODAY)


@pytest.mark.parametrize("n", [1, 6])
def test_the_board_costs_the_same_queries_for_any_number_of_tasks(n, ward_a, dept_officer, django_assert_num_queries):
    _add(n, ward_a)
    with django_assert_num_queries(6):  # hosts, overdue, budget, unregistered, counts by status and field
        board = selectors.task_board(today=TODAY)
    assert len(board.overdue) == n - n // 2 and len(board.unregistered) == n // 2
    assert board.budget[0]["share"] == 40
    with django_assert_num_queries(6):  # the scope, the proposals, their requests, tasks, uses; the years
        chain = selectors.chain_list(user=dept_officer, year=2027)
        years = selectors.plan_year_list(user=dept_officer)
    assert len(chain) == n and years == [2027]
    assert {row.stage for row in chain} == ({2, 4} if n > 1 else {2})
