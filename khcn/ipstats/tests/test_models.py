"""The rules of one row: bounded year and counts, one row per year and kind (model and service)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from khcn.ipstats import services
from khcn.ipstats.models import COUNT_MAX, IpKind, IpStatistic
from khcn.ipstats.tests.factories import IpStatisticFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value"),
    [("year", 1999), ("year", 2101), ("applications", -1), ("applications", COUNT_MAX + 1), ("grants", COUNT_MAX + 1)],
)
def test_numbers_out_of_bounds_are_refused(dept_officer, field, value):
    data = {"year": 2020, "kind": IpKind.PATENT, "applications": 10, "grants": 5, field: value}
    with pytest.raises(ValidationError) as caught:
        services.statistic_create(user=dept_officer, **data)
    assert field in caught.value.message_dict
    assert not IpStatistic.objects.exists()


def test_the_bounds_themselves_are_accepted(dept_officer):
    row = services.statistic_create(
        user=dept_officer, year=2100, kind=IpKind.TRADEMARK, applications=COUNT_MAX, grants=0
    )
    assert (row.year, row.applications, row.grants, row.version) == (2100, COUNT_MAX, 0, 1)


def test_a_second_row_for_the_same_year_and_kind_says_which_exists(dept_officer):
    services.statistic_create(user=dept_officer, year=2018, kind=IpKind.PATENT, applications=1, grants=0)
    with pytest.raises(ValidationError) as caught:
        services.statistic_create(user=dept_officer, year=2018, kind=IpKind.PATENT, applications=2, grants=0)
    assert caught.value.message_dict["kind"] == ["Số liệu sáng chế năm 2018 đã được nhập. Hãy mở dòng đó để sửa."]
    # Another kind of the same year, and the same kind of another year, are fine.
    services.statistic_create(user=dept_officer, year=2018, kind=IpKind.TRADEMARK, applications=3, grants=0)
    services.statistic_create(user=dept_officer, year=2019, kind=IpKind.PATENT, applications=4, grants=0)
    assert IpStatistic.objects.count() == 3


def test_the_database_keeps_one_row_per_year_and_kind_and_its_bounds():
    IpStatisticFactory.create(year=2018, kind=IpKind.PATENT)
    with pytest.raises(IntegrityError), transaction.atomic():
        IpStatisticFactory.create(year=2018, kind=IpKind.PATENT)
    with pytest.raises(IntegrityError), transaction.atomic():
        IpStatisticFactory.create(year=1990, kind=IpKind.TRADEMARK)
    with pytest.raises(IntegrityError), transaction.atomic():
        IpStatisticFactory.create(year=2019, kind=IpKind.TRADEMARK, applications=COUNT_MAX + 1)


def test_an_edit_keeps_history_and_a_stale_copy_is_refused(dept_officer, dept_leader):
    row = services.statistic_create(user=dept_officer, year=2020, kind=IpKind.PATENT, applications=10, grants=5)
    row.applications = 12
    services.statistic_update(user=dept_leader, statistic=row, expected_version=1)
    stale = IpStatistic.objects.get(pk=row.pk)
    stale.applications = 99
    with pytest.raises(ValidationError):
        services.statistic_update(user=dept_officer, statistic=stale, expected_version=1)
    row.refresh_from_db()
    assert (row.applications, row.version) == (12, 2)
    assert [h.applications for h in row.history.order_by("history_id")] == [10, 12]
    assert row.history.order_by("history_id").last().history_user == dept_leader


def test_a_commune_officer_cannot_write(officer_a):
    with pytest.raises(PermissionDenied):
        services.statistic_create(user=officer_a, year=2020, kind=IpKind.PATENT, applications=1, grants=1)


def test_delete_keeps_the_deletion_in_history(dept_officer):
    row = services.statistic_create(user=dept_officer, year=2020, kind=IpKind.PATENT, applications=1, grants=1)
    services.statistic_delete(user=dept_officer, statistic=row, expected_version=1)
    assert not IpStatistic.objects.exists()
    assert [h.history_type for h in IpStatistic.history.order_by("history_id")] == ["+", "-"]
