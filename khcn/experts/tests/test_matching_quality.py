"""The ranking's quality on the labelled set (tests/data/match_set.py): it fails if precision@5
or recall@10 falls below the figures reported for it (measured, rounded down to 3 places)."""

import pytest

from khcn.experts.tests.data import match_set

# Measured on 3 December 2026: experts 0.9146, technologies 0.9915, together 0.9525.
THRESHOLDS = {
    "experts_precision_at_5": 0.914,
    "technologies_precision_at_5": 0.991,
    "together_precision_at_5": 0.952,
}


@pytest.mark.django_db
def test_precision_at_5_holds_on_the_labelled_set(province, ward_a, ward_b, dept_officer) -> None:
    ids = match_set.load(units={"a": ward_a, "b": ward_b, "p": province})
    assert len(match_set.EXPERTS) >= 60 and len(match_set.TECHNOLOGIES) >= 40 and len(match_set.DEMANDS) >= 40
    measured = match_set.evaluate(ids=ids, user=dept_officer)
    for name, floor in THRESHOLDS.items():
        assert measured[name] >= floor, (name, measured)
    assert measured["together_recall_at_10"] >= 0.987, measured
