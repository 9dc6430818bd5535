"""OCOP ratings: the stars agree with the score band, 5 stars are national, the validity
defaults to 36 months from the decision, parts A, B and C add up to the score."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from khcn.core.concurrency import StaleObjectError
from khcn.products.models import OcopLevel
from khcn.products.services import ocop as services
from khcn.products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 10)


def _create(user, product, **overrides):
    values = {
        "stars": 4,
        "score": Decimal("75"),
        "rating_year": 2025,
        "decision_number": "1234/QĐ-UBND",
        "decision_date": date(2025, 6, 10),
    }
    values.update(overrides)
    with time_machine.travel(TODAY):
        return services.ocop_rating_create(user=user, product=product, **values)


def test_defaults_validity_and_level(dept_officer, ward_a):
    rating = _create(dept_officer, ProductFactory.create(unit=ward_a))
    assert rating.valid_until == date(2028, 6, 10)
    assert rating.level == OcopLevel.CITY
    national = _create(dept_officer, ProductFactory.create(unit=ward_a), stars=5, score=Decimal("91.5"))
    assert national.level == OcopLevel.NATIONAL


@pytest.mark.parametrize(
    ("stars", "score", "ok"),
    [
        (3, "50", True),
        (3, "69.9", True),
        (4, "70", True),
        (4, "89.5", True),
        (5, "90", True),
        (5, "89.9", False),
        (4, "69", False),
        (3, "49.5", False),
        (5, "100", True),
    ],
)
def test_stars_agree_with_the_score_band(dept_officer, ward_a, stars, score, ok):
    product = ProductFactory.create(unit=ward_a)
    if ok:
        assert _create(dept_officer, product, stars=stars, score=Decimal(score)).stars == stars
        return
    with pytest.raises(ValidationError) as error:
        _create(dept_officer, product, stars=stars, score=Decimal(score))
    assert error.value.error_dict["stars"][0].code == services.STARS_SCORE_MISMATCH
    assert "Kiểm tra lại" in error.value.messages[0]


@override_settings(KHCN_OCOP_STAR_BANDS={"5": [95, 100], "4": [80, 94], "3": [60, 79]})
def test_bands_come_from_the_setting(dept_officer, ward_a):
    with pytest.raises(ValidationError):
        _create(dept_officer, ProductFactory.create(unit=ward_a), stars=5, score=Decimal("92"))
    assert services.stars_for_score(Decimal("92")) == 4


def test_a_national_level_needs_five_stars(dept_officer, ward_a):
    with pytest.raises(ValidationError) as error:
        _create(dept_officer, ProductFactory.create(unit=ward_a), level=OcopLevel.NATIONAL)
    assert error.value.error_dict["level"][0].code == services.LEVEL_MISMATCH


def test_parts_add_up_to_the_score(dept_officer, ward_a):
    product = ProductFactory.create(unit=ward_a)
    parts = {"score_a": Decimal("30"), "score_b": Decimal("20"), "score_c": Decimal("25")}
    assert _create(dept_officer, product, **parts).score_c == Decimal("25")
    with pytest.raises(ValidationError) as error:
        _create(dept_officer, product, **{**parts, "score_c": Decimal("24")})
    assert error.value.error_dict["score"][0].code == services.PARTS_SUM
    assert "Tổng ba phần A, B và C là 74" in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        _create(dept_officer, product, score_a=Decimal("30"))
    assert error.value.error_dict["score_a"][0].code == services.PARTS_INCOMPLETE


def test_decision_not_in_the_future(dept_officer, ward_a):
    with pytest.raises(ValidationError) as error:
        _create(dept_officer, ProductFactory.create(unit=ward_a), decision_date=date(2026, 3, 11))
    assert error.value.error_dict["decision_date"][0].code == services.DECISION_IN_FUTURE


def test_only_the_department_records_ratings(officer_a, ward_a):
    with pytest.raises(PermissionDenied):
        _create(officer_a, ProductFactory.create(unit=ward_a))


def test_update_follows_the_stars_and_refuses_stale_copies(dept_officer, ward_a):
    rating = _create(dept_officer, ProductFactory.create(unit=ward_a))
    rating.stars, rating.score = 5, Decimal("92")
    with time_machine.travel(TODAY):
        services.ocop_rating_update(user=dept_officer, rating=rating, expected_version=1)
        rating.refresh_from_db()
        assert (rating.level, rating.version) == (OcopLevel.NATIONAL, 2)
        with pytest.raises(StaleObjectError):
            services.ocop_rating_update(user=dept_officer, rating=rating, expected_version=1)
