"""The demo's experts, technologies, demands and connections: counts, consent and links."""

from datetime import timedelta

import pytest
from django.conf import settings

from khcn.demo.clock import today
from khcn.demo.experts import CONNECTIONS, DEMANDS, EXPERTS, TECHNOLOGIES, experts_demo_load
from khcn.experts.models import (
    Connection,
    Demand,
    DemandSource,
    DemandStatus,
    Expert,
    OfferStatus,
    ProfileStatus,
    Technology,
)
from khcn.meetings.models import FollowUpStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(loaded_demo, db):  # type: ignore[no-untyped-def]
    return loaded_demo


def test_counts_and_every_person_is_marked_demo(demo):
    assert Expert.objects.filter(is_demo=True).count() == len(EXPERTS)
    assert Technology.objects.filter(is_demo=True).count() == len(TECHNOLOGIES)
    assert Demand.objects.filter(is_demo=True).count() == len(DEMANDS)
    assert Connection.objects.filter(is_demo=True).count() == len(CONNECTIONS) + 1
    assert all("(demo)" in e.full_name for e in Expert.objects.all())


def test_consent_and_validation_vary(demo):
    experts = Expert.objects.all()
    assert {e.status for e in experts} == set(ProfileStatus.values)
    assert experts.filter(status=ProfileStatus.VALIDATED, public_consent=False).exists()
    assert experts.filter(status=ProfileStatus.VALIDATED, public_consent=True).exists()
    assert all(e.consent_at is not None for e in experts.filter(public_consent=True))


def test_the_expert_account_owns_one_profile(demo):
    profile = Expert.objects.get(user__username="chuyengia")
    assert profile.is_public and profile.technologies.exists()


def test_offers_published_submitted_and_one_expiring_soon(demo):
    day = today()
    offers = Technology.objects.all()
    assert offers.filter(status=OfferStatus.SUBMITTED).count() == 1
    listed = [t for t in offers if t.is_listed(day)]
    assert len(listed) == offers.filter(status=OfferStatus.PUBLISHED).count() >= 4
    notice = day + timedelta(days=settings.KHCN_TECH_CONFIRM_NOTICE_DAYS)
    assert offers.filter(status=OfferStatus.PUBLISHED, expires_on__gte=day, expires_on__lte=notice).count() == 1


def test_demands_come_from_the_seeds_follow_up_items(demo):
    for demand in Demand.objects.all():
        assert demand.source == DemandSource.FOLLOWUP and demand.followup is not None
        assert demand.unit_id == demand.followup.unit_id and demand.followup.is_demo


def test_connections_move_their_requests(demo):
    statuses = dict(Demand.objects.values_list("title", "status"))
    assert list(statuses.values()).count(DemandStatus.ANSWERED) == 1
    assert list(statuses.values()).count(DemandStatus.CONNECTING) == len(CONNECTIONS) - 1
    assert list(statuses.values()).count(DemandStatus.OPEN) == len(DEMANDS) - len(CONNECTIONS)
    direct = Connection.objects.get(demand__isnull=True)
    assert direct.followup.status == FollowUpStatus.DONE
    assert direct.unit_id == direct.followup.unit_id
    assert all(c.introduced_on <= today() for c in Connection.objects.all())


def test_loading_twice_adds_nothing(demo):
    assert experts_demo_load(officer=None) == 0
