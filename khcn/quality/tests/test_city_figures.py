"""Quality's figure on the city board: administrations whose ISO 9001 system was certified or
announced in the year, from hand-built records, and the board filtered to exactly them."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from khcn.core import city_figures
from khcn.geo.models import AdminUnit, UnitLevel
from khcn.quality.models import QmsMode
from khcn.quality.tests.factories import QualitySystemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime(2026, 9, 15, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False):
        yield


def test_three_systems_two_applied_in_the_year_count_two_and_link_to_them(client, dept_officer, ward_a, ward_b):
    third, fourth = (
        AdminUnit.objects.current().filter(level=UnitLevel.COMMUNE).exclude(pk__in=[ward_a.pk, ward_b.pk])[:2]
    )
    QualitySystemFactory.create(unit=ward_a, announced_on=date(2025, 3, 2))
    QualitySystemFactory.create(unit=ward_b, mode=QmsMode.CERTIFICATION, announced_on=date(2025, 11, 20))
    QualitySystemFactory.create(unit=third, announced_on=date(2024, 12, 31))
    # Not announced yet: not applied, whatever the date says.
    QualitySystemFactory.create(unit=fourth, mode=QmsMode.NONE, announced_on=date(2025, 5, 5))
    figure = city_figures.get("quality.iso_applied")
    assert figure is not None
    assert figure.value(2025) == 2 and figure.value(2024) == 1 and figure.value(2023) == 0
    client.force_login(dept_officer)
    response = client.get(figure.url(2025))
    assert response.status_code == 200
    assert sorted(r["unit_id"] for r in response.context["table"].data) == sorted([ward_a.pk, ward_b.pk])


def test_the_figure_is_one_query(django_assert_num_queries):
    figure = city_figures.get("quality.iso_applied")
    assert figure is not None
    with django_assert_num_queries(1):
        figure.value(2025)
