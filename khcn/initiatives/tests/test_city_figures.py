"""Initiatives' figure on the city board: initiatives recognised in the year (the unit's
decision), from hand-built records, and the list filtered to exactly them."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from khcn.core import city_figures
from khcn.initiatives.models import InitiativeStatus
from khcn.initiatives.tests.factories import BaseRecognitionFactory, InitiativeFactory, recognised_initiative

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime(2026, 9, 15, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False):
        yield


def _recognised_on(day: date, **fields: object):  # type: ignore[no-untyped-def]
    initiative = recognised_initiative(**fields)
    initiative.base_recognition.decision_date = day
    initiative.base_recognition.save()
    return initiative


def test_three_recognised_two_in_the_year_count_two_and_link_to_them(client, dept_officer, ward_a, ward_b):
    kept = [_recognised_on(date(2025, 3, 1), unit=ward_a), _recognised_on(date(2025, 12, 31), unit=ward_b)]
    _recognised_on(date(2024, 6, 1), unit=ward_a)
    refused = InitiativeFactory.create(unit=ward_a, status=InitiativeStatus.BASE_NOT_RECOGNISED)
    BaseRecognitionFactory.create(initiative=refused, recognised=False, decision_date=date(2025, 5, 1))
    figure = city_figures.get("initiatives.recognised")
    assert figure is not None and figure.value(2025) == 2 and figure.value(2024) == 1
    client.force_login(dept_officer)
    listed = client.get(figure.url(2025))
    assert listed.status_code == 200
    assert sorted(i.pk for i in listed.context["table"].data) == sorted(i.pk for i in kept)


def test_the_figure_is_one_query(django_assert_num_queries):
    figure = city_figures.get("initiatives.recognised")
    assert figure is not None
    with django_assert_num_queries(1):
        figure.value(2025)
