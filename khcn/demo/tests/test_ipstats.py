"""The demo's IP statistics: seed 004's 12,422 applications of 2018 reproduced, every row
marked demo, its history dated before the demo loaded, and the page and board showing them."""

from datetime import timedelta

import pytest

from khcn.core import city_figures
from khcn.demo.ipstats import SEED_2018_TOTAL
from khcn.ipstats.models import RANKED_KINDS, IpStatistic

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(loaded_demo, db):  # type: ignore[no-untyped-def]
    return loaded_demo


def test_2018_holds_seed_004s_total_of_12422_applications(demo):
    rows = IpStatistic.objects.filter(year=2018, kind__in=RANKED_KINDS)
    assert rows.count() == 4
    assert sum(r.applications for r in rows) == SEED_2018_TOTAL == 12_422
    figure = city_figures.get("ipstats.applications")
    assert figure is not None and figure.value(2018) == 12_422


def test_every_row_is_invented_marked_and_dated_before_loading(demo):
    rows = list(IpStatistic.objects.all())
    assert len(rows) >= 5 * 7  # 2018 to at least 2024, five kinds each
    assert all(r.is_demo and "demo" in r.note for r in rows)
    assert {r.year for r in rows} >= set(range(2018, 2025))
    assert max(r.year for r in rows) < demo.day.year
    for row in rows:
        [entered] = row.history.all()
        assert entered.history_date.date() <= demo.day - timedelta(days=1)
        assert entered.history_date.year == row.year + 1 or entered.history_date.date() == demo.day - timedelta(days=1)


def test_the_board_of_2018_shows_the_figure_with_its_link(client, demo):
    from khcn.accounts.models import User

    client.force_login(User.objects.get(username="chuyenvien"))
    page = client.get("/city/board/?year=2018").content.decode()
    assert "12.422" in page
    assert "/ipstats/?year_from=2018&amp;year_to=2018&amp;kind=patent" in page
