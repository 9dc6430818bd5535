"""Technology offers: review, publish, listing expiry, yearly confirmation, ownership."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from khcn.experts.models import OfferStatus
from khcn.experts.selectors.technologies import catalogue_list, technology_list
from khcn.experts.services import technologies as services
from khcn.experts.tests.factories import ExpertFactory, TechnologyFactory

pytestmark = pytest.mark.django_db

NOON = "2026-03-10 09:00 +07:00"


def _offer(**kw):  # type: ignore[no-untyped-def]
    return TechnologyFactory.create(**kw)


@time_machine.travel(NOON, tick=False)
def test_publish_sets_listing_a_year_ahead(dept_officer):  # type: ignore[no-untyped-def]
    tech = _offer(status=OfferStatus.SUBMITTED)
    tech = services.technology_review(user=dept_officer, technology=tech, publish=True)
    assert tech.status == OfferStatus.PUBLISHED
    assert tech.reviewed_by == dept_officer and tech.published_at is not None
    assert tech.confirmed_on == date(2026, 3, 10)
    assert tech.expires_on == date(2027, 3, 10)
    assert tech.is_listed(date(2027, 3, 10)) and not tech.is_listed(date(2027, 3, 11))


def test_return_needs_a_note(dept_officer):  # type: ignore[no-untyped-def]
    tech = _offer(status=OfferStatus.SUBMITTED)
    with pytest.raises(ValidationError):
        services.technology_review(user=dept_officer, technology=tech, publish=False, note=" ")
    tech = services.technology_review(user=dept_officer, technology=tech, publish=False, note="Thêm ảnh")
    assert tech.status == OfferStatus.RETURNED and tech.review_note == "Thêm ảnh"


def test_only_submitted_offers_are_reviewed(dept_officer):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        services.technology_review(user=dept_officer, technology=_offer(), publish=True)


def test_expert_cannot_review(expert):  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        services.technology_review(user=expert, technology=_offer(status=OfferStatus.SUBMITTED), publish=True)


def test_expert_offers_in_own_name_and_submits(expert):  # type: ignore[no-untyped-def]
    profile = ExpertFactory.create(draft=True, user=expert)
    other = ExpertFactory.create(draft=True)
    tech = services.technology_create(
        user=expert,
        title="Máy gặt mini",
        summary="Gặt lúa ruộng nhỏ",
        field="engineering",
        maturity=6,
        owner_expert=other,
    )
    assert tech.owner_expert == profile and tech.status == OfferStatus.DRAFT
    tech = services.technology_submit(user=expert, technology=tech)
    assert tech.status == OfferStatus.SUBMITTED


def test_expert_cannot_submit_another_owners_offer(expert):  # type: ignore[no-untyped-def]
    ExpertFactory.create(draft=True, user=expert)
    with pytest.raises(PermissionDenied):
        services.technology_submit(user=expert, technology=_offer(owner_expert=ExpertFactory.create(draft=True)))


def test_confirm_moves_listing_on(dept_officer):  # type: ignore[no-untyped-def]
    with time_machine.travel("2026-01-05 09:00 +07:00", tick=False):
        tech = services.technology_review(
            user=dept_officer, technology=_offer(status=OfferStatus.SUBMITTED), publish=True
        )
    assert tech.expires_on == date(2027, 1, 5)
    with time_machine.travel("2027-02-01 09:00 +07:00", tick=False):
        assert not catalogue_list().filter(pk=tech.pk).exists()  # expired: off the catalogue
        tech = services.technology_confirm(user=dept_officer, technology=tech)
        assert tech.confirmed_on == date(2027, 2, 1) and tech.expires_on == date(2028, 2, 1)
        assert catalogue_list().filter(pk=tech.pk).exists()


def test_withdraw_leaves_catalogue(dept_officer):  # type: ignore[no-untyped-def]
    tech = _offer(status=OfferStatus.PUBLISHED)
    assert catalogue_list().filter(pk=tech.pk).exists()
    services.technology_withdraw(user=dept_officer, technology=tech)
    assert not catalogue_list().filter(pk=tech.pk).exists()
    with pytest.raises(ValidationError):
        services.technology_withdraw(user=dept_officer, technology=tech)


def test_catalogue_hides_drafts_returned_and_expired():  # type: ignore[no-untyped-def]
    listed = _offer(status=OfferStatus.PUBLISHED, expires_on=date(2099, 1, 1))
    _offer(status=OfferStatus.DRAFT)
    _offer(status=OfferStatus.RETURNED)
    _offer(status=OfferStatus.SUBMITTED)
    _offer(status=OfferStatus.PUBLISHED, expires_on=date(2020, 1, 1))
    assert list(catalogue_list()) == [listed]


def test_officer_lists_listed_offers_only(officer_a, dept_officer):  # type: ignore[no-untyped-def]
    listed = _offer(status=OfferStatus.PUBLISHED)
    draft = _offer()
    assert set(technology_list(user=officer_a)) == {listed}
    assert set(technology_list(user=dept_officer)) == {listed, draft}


def test_expert_lists_own_drafts_and_catalogue(expert):  # type: ignore[no-untyped-def]
    mine = _offer(owner_expert=ExpertFactory.create(draft=True, user=expert))
    listed = _offer(status=OfferStatus.PUBLISHED)
    _offer()
    assert set(technology_list(user=expert)) == {mine, listed}
