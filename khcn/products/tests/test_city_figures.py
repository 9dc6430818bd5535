"""Products' figure on the city board: collective marks granted in the year, from hand-built
dossiers, and the list of marks filtered to exactly them."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from khcn.core import city_figures
from khcn.products.models import IpKind, IpStage
from khcn.products.tests.factories import IpAssetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime(2026, 9, 15, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False):
        yield


def test_collective_marks_granted_in_the_year_are_counted_and_listed(client, dept_officer, ward_a, ward_b):
    granted = dict(stage=IpStage.GRANTED, filed_on=date(2024, 3, 1))
    kept = [
        IpAssetFactory.create(unit=ward_a, granted_on=date(2025, 4, 2), **granted),
        IpAssetFactory.create(unit=ward_b, granted_on=date(2025, 12, 30), **granted),
    ]
    IpAssetFactory.create(unit=ward_a, granted_on=date(2024, 12, 31), **granted)  # another year
    IpAssetFactory.create(unit=ward_a, kind=IpKind.CERTIFICATION_MARK, granted_on=date(2025, 6, 1), **granted)
    IpAssetFactory.create(unit=ward_a, stage=IpStage.FILED, filed_on=date(2025, 2, 1))  # not granted
    gone = IpAssetFactory.create(unit=ward_a, granted_on=date(2025, 7, 1), **granted)
    gone.deleted_at = datetime(2026, 1, 5, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    gone.save()
    figure = city_figures.get("products.collective_marks_granted")
    assert figure is not None and figure.value(2025) == 2 and figure.value(2024) == 1
    client.force_login(dept_officer)
    listed = client.get(figure.url(2025))
    assert listed.status_code == 200
    assert sorted(a.pk for a in listed.context["table"].data) == sorted(a.pk for a in kept)


def test_the_list_filters_by_year_filed_and_refuses_a_year_out_of_range(client, dept_officer, ward_a):
    IpAssetFactory.create(unit=ward_a, stage=IpStage.FILED, filed_on=date(2025, 2, 1))
    IpAssetFactory.create(unit=ward_a, stage=IpStage.FILED, filed_on=date(2024, 2, 1))
    client.force_login(dept_officer)
    assert [a.filed_on for a in client.get("/products/ip/", {"filed_year": 2025}).context["table"].data] == [
        date(2025, 2, 1)
    ]
    assert client.get("/products/ip/", {"granted_year": 1800}).status_code == 400


def test_the_figure_is_one_query(django_assert_num_queries):
    figure = city_figures.get("products.collective_marks_granted")
    assert figure is not None
    with django_assert_num_queries(1):
        figure.value(2025)
