"""Research's figures on the city board: tasks accepted and results published in the year,
from hand-built tasks, and the task list filtered to exactly them."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from khcn.core import city_figures
from khcn.research.models import TaskStatus
from khcn.research.tests.factories import ResearchTaskFactory

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def _today():  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime(2026, 9, 15, 9, tzinfo=HANOI), tick=False):
        yield


def test_tasks_accepted_in_the_year_are_counted_and_listed(client, dept_officer):
    kept = [
        ResearchTaskFactory.create(accepted_on=date(2025, 1, 2)),
        ResearchTaskFactory.create(accepted_on=date(2025, 12, 30)),
    ]
    ResearchTaskFactory.create(accepted_on=date(2024, 12, 31))
    ResearchTaskFactory.create(status=TaskStatus.FAILED, accepted_on=date(2025, 6, 1))  # failed acceptance
    figure = city_figures.get("research.tasks_accepted")
    assert figure is not None and figure.value(2025) == 2 and figure.value(2024) == 1
    client.force_login(dept_officer)
    listed = client.get(figure.url(2025))
    assert sorted(t.pk for t in listed.context["table"].data) == sorted(t.pk for t in kept)


def test_results_published_in_the_year_are_counted_and_listed(client, dept_officer):
    kept = ResearchTaskFactory.create(
        accepted_on=date(2024, 11, 1), published_at=datetime(2025, 1, 1, 0, 30, tzinfo=HANOI)
    )
    ResearchTaskFactory.create(accepted_on=date(2024, 11, 1), published_at=datetime(2024, 12, 31, 23, 30, tzinfo=HANOI))
    ResearchTaskFactory.create(accepted_on=date(2025, 3, 1))  # accepted, not published
    figure = city_figures.get("research.results_published")
    assert figure is not None and figure.value(2025) == 1 and figure.value(2024) == 1
    client.force_login(dept_officer)
    listed = client.get(figure.url(2025))
    assert [t.pk for t in listed.context["table"].data] == [kept.pk]


def test_each_figure_is_one_query(django_assert_num_queries):
    for key in ("research.tasks_accepted", "research.results_published"):
        figure = city_figures.get(key)
        assert figure is not None
        with django_assert_num_queries(1):
            figure.value(2025)
