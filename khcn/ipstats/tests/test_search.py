"""The site-wide search finds the IP figures by their notes, for the Department only."""

import pytest

from khcn.ipstats.models import IpKind
from khcn.ipstats.tests.factories import IpStatisticFactory
from khcn.search.query import Filters, search_ranked
from khcn.search.tests.conftest import index_rows

pytestmark = pytest.mark.django_db


def _hits(user, query):  # type: ignore[no-untyped-def]
    ranked = search_ranked(user=user, query=query, filters=Filters(kind="ipstats.statistic"))
    return [object_id for _pk, _kind, object_id in ranked.rows]


def test_department_finds_a_row_by_its_notes_and_a_commune_officer_does_not(dept_officer, officer_a):
    row = IpStatisticFactory.create(year=2018, kind=IpKind.TRADEMARK, note="Số liệu Cục Sở hữu trí tuệ đính chính")
    IpStatisticFactory.create(year=2019, kind=IpKind.TRADEMARK, note="Khác")
    index_rows(*IpStatisticFactory._meta.model.objects.all())
    assert _hits(dept_officer, "dinh chinh") == [row.pk]
    assert _hits(officer_a, "dinh chinh") == []
