"""The demo's national ranks of 2018 on the city board, as seed 004 gives them."""

import pytest

from khcn.citywork import selectors
from khcn.demo.citywork import RANKS_2018

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(loaded_demo, db):  # type: ignore[no-untyped-def]
    return loaded_demo


def test_the_board_of_2018_carries_seed_004s_five_ranks(demo):
    ranks = {row.key: row.rank for row in selectors.board(year=2018) if row.rank is not None}
    assert {key: rank.national_rank for key, rank in ranks.items()} == {
        "research.selffunded_evaluated": 1,
        "appraisal.projects_appraised": 1,
        "quality.iso_applied": 1,
        "enterprises.certified": 2,
        "ipstats.applications": 2,
    }
    assert len(RANKS_2018) == 5
    assert all(rank.is_demo and "seed 004" in rank.source for rank in ranks.values())
    assert not [row for row in selectors.board(year=2019) if row.rank is not None]
