"""The demo's initiatives: Phúc Thọ's three from the seeds, the workflow's states, and a
near-duplicate for the duplicate screen."""

import pytest

from khcn.accounts.models import User
from khcn.demo.clock import today
from khcn.demo.initiatives import QR_TITLE, initiatives_demo_load
from khcn.initiatives.models import Initiative, InitiativeStatus
from khcn.initiatives.selectors import initiative_duplicates, recognised_list
from khcn.research.models import Council, CouncilKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(loaded_demo, db):  # type: ignore[no-untyped-def]
    return loaded_demo


def test_phuc_tho_has_its_three_seed_initiatives_recognised(demo) -> None:
    phuc_tho = Initiative.objects.filter(unit__name="Phúc Thọ", unit__level="district")
    titles = " | ".join(phuc_tho.values_list("title", flat=True))
    assert phuc_tho.count() == 3
    assert "QR code" in titles and "không chờ, không giấy hẹn" in titles and "Google biểu mẫu" in titles
    assert all(i.is_recognised for i in phuc_tho)
    assert all(i.base_recognition.decision_number.endswith("(demo)") for i in phuc_tho)


def test_every_state_shows_and_shares_total_100(demo) -> None:
    initiatives = Initiative.objects.filter(is_demo=True)
    # Every state but the city's decision: the demo's city council still waits for a sheet.
    decided = {InitiativeStatus.CITY_RECOGNISED, InitiativeStatus.CITY_NOT_RECOGNISED}
    assert set(initiatives.values_list("status", flat=True)) == set(InitiativeStatus.values) - decided
    for initiative in initiatives:
        assert sum(a.share for a in initiative.authors.all()) == 100
        assert all("(demo)" in a.full_name for a in initiative.authors.all())
    city = initiatives.get(status=InitiativeStatus.CITY_SUBMITTED)
    assert city.city_round_year == today().year
    council = Council.objects.get(kind=CouncilKind.EVALUATION)
    assert council.subject == city and council.concluded_at is None
    sheets = {m.user.username: hasattr(m, "sheet") for m in council.members.select_related("user", "sheet")}
    assert sheets == {"chuyengia": True, "hoidong": False}


def test_the_communes_qr_initiative_finds_the_districts(demo) -> None:
    officer = User.objects.get(username="chuyenvien")
    newer = Initiative.objects.get(status=InitiativeStatus.SUBMITTED, unit__name="Phúc Thọ")
    found = [d.obj.title for d in initiative_duplicates(user=officer, initiative=newer)]
    assert QR_TITLE in found


def test_public_list_and_loading_twice(demo) -> None:
    assert recognised_list().count() == 3
    assert initiatives_demo_load(officer=User.objects.get(username="chuyenvien")) == 0
