"""Writes to OCOP ratings: record the council's decision on a product, correct it.

The rules are DOMAIN.md §5 (Decision 148/QĐ-TTg): the stars follow the band of the 100-point
score (KHCN_OCOP_STAR_BANDS), 5 stars are recognised at national level, a rating is valid
KHCN_OCOP_VALID_MONTHS months from its decision, and parts A, B and C add up to the score.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khcn.core.concurrency import locked_current
from khcn.core.history import attribute_to
from khcn.core.text import nfc
from khcn.products.models import OcopLevel, OcopRating, Product, months_after

STARS_SCORE_MISMATCH = "stars_score_mismatch"
LEVEL_MISMATCH = "level_mismatch"
PARTS_SUM = "parts_sum"
PARTS_INCOMPLETE = "parts_incomplete"
DECISION_IN_FUTURE = "decision_in_future"
VALID_BEFORE_DECISION = "valid_before_decision"
NATIONAL_STARS = 5


def star_bands() -> dict[int, tuple[int, int]]:
    """Stars → (lowest, highest) whole points, from KHCN_OCOP_STAR_BANDS."""
    return {int(stars): (int(low), int(high)) for stars, (low, high) in settings.KHCN_OCOP_STAR_BANDS.items()}


def stars_for_score(score: Decimal) -> int | None:
    """The stars a score earns (a fraction counts with its whole part: 89.5 is 4 stars); None below 3."""
    whole = int(score)
    for stars, (low, high) in star_bands().items():
        if low <= whole <= high:
            return stars
    return None


def level_for_stars(stars: int) -> str:
    return OcopLevel.NATIONAL if stars == NATIONAL_STARS else OcopLevel.CITY


def _check(rating: OcopRating) -> None:
    """The rules across fields of one rating (the model checks each field's own range)."""
    errors: dict[str, ValidationError] = {}
    if rating.score is not None and rating.stars is not None:
        band = star_bands().get(int(rating.stars))
        if band is None or not band[0] <= int(rating.score) <= band[1]:
            expected = stars_for_score(rating.score)
            message = (
                _("A score of %(score)s earns %(expected)s stars, not %(stars)s. Check the stars or the score.")
                if expected
                else _("A score of %(score)s is below the 3-star band: it is not certified. Check the score.")
            )
            errors["stars"] = ValidationError(
                message % {"score": rating.score, "expected": expected, "stars": rating.stars},
                code=STARS_SCORE_MISMATCH,
            )
        elif rating.level != level_for_stars(int(rating.stars)):
            errors["level"] = ValidationError(
                _("5-star products are recognised at national level; 3 and 4 stars at city level."),
                code=LEVEL_MISMATCH,
            )
    parts = [rating.score_a, rating.score_b, rating.score_c]
    given = [p for p in parts if p is not None]
    if given and len(given) < len(parts):
        errors["score_a"] = ValidationError(
            _("Enter all three parts A, B and C, or none of them."), code=PARTS_INCOMPLETE
        )
    elif given and rating.score is not None and sum(given) != rating.score:
        errors["score"] = ValidationError(
            _("Parts A, B and C add up to %(sum)s, not to the score %(score)s.")
            % {"sum": sum(given), "score": rating.score},
            code=PARTS_SUM,
        )
    if rating.decision_date and rating.decision_date > timezone.localdate():
        errors["decision_date"] = ValidationError(
            _("The decision date is in the future. Enter the date of the signed decision."), code=DECISION_IN_FUTURE
        )
    if rating.decision_date and rating.valid_until and rating.valid_until <= rating.decision_date:
        errors["valid_until"] = ValidationError(
            _("The rating must be valid until a day after its decision."), code=VALID_BEFORE_DECISION
        )
    if errors:
        raise ValidationError(errors)


def ocop_rating_create(
    *,
    user: Any,
    product: Product,
    stars: int,
    score: Decimal,
    rating_year: int,
    decision_number: str,
    decision_date: date,
    valid_until: date | None = None,
    level: str = "",
    score_a: Decimal | None = None,
    score_b: Decimal | None = None,
    score_c: Decimal | None = None,
    is_demo: bool = False,
) -> OcopRating:
    """Record an OCOP rating of `product` from the council's decision.

    `valid_until` defaults to the decision date plus KHCN_OCOP_VALID_MONTHS months, `level` to
    the one the stars give (5 stars national, else city)."""
    rating = OcopRating(product=product)
    if not user.has_perm("products.change_ocop", rating):
        raise PermissionDenied
    rating = OcopRating(
        product=product,
        stars=stars,
        score=score,
        score_a=score_a,
        score_b=score_b,
        score_c=score_c,
        level=level or level_for_stars(stars),
        rating_year=rating_year,
        decision_number=" ".join(nfc(decision_number).split()),
        decision_date=decision_date,
        valid_until=valid_until or months_after(decision_date, settings.KHCN_OCOP_VALID_MONTHS),
        is_demo=is_demo,
        created_by=user,
        updated_by=user,
    )
    with transaction.atomic():
        rating.full_clean()
        _check(rating)
        attribute_to(rating, user)
        rating.save()
    return rating


def ocop_rating_update(*, user: Any, rating: OcopRating, expected_version: int) -> OcopRating:
    """Save the corrections already set on `rating` (by the form); a stale copy is refused.
    The level follows the stars."""
    if not user.has_perm("products.change_ocop", rating):
        raise PermissionDenied
    with transaction.atomic():
        current = locked_current(rating, expected_version=expected_version)
        rating.product_id = current.product_id
        rating.decision_number = " ".join(nfc(rating.decision_number).split())
        rating.level = level_for_stars(int(rating.stars))
        rating.version = current.version + 1
        rating.updated_by = user
        rating.full_clean()
        _check(rating)
        attribute_to(rating, user)
        rating.save()
    return rating
