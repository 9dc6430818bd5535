"""The holdout articles 911–913 (fixtures/holdout/): written after the fixes that followed the
scoring of 908–910 (now in the tuned group), scored by bench/ingest.py, never tuned on. These
tests check that each one is read, extracted and scored; they set no quality threshold, because
the holdout measures the rules and does not gate them."""

import json

import pytest

from khcn.ingest.extract import extract
from khcn.ingest.scoring import LIST_FIELDS, score
from khcn.ingest.tests.data import HOLDOUT, INVENTED, SEEDS, expected_for

HEADER = "DỮ LIỆU KIỂM THỬ - bài viết bịa đặt, dùng làm bài kiểm tra chưa từng thấy (test data, invented)"


def test_the_holdout_is_911_to_913_and_apart_from_the_tuned_articles():
    assert [a.name[:3] for a in HOLDOUT] == ["911", "912", "913"]
    assert not {a.name for a in HOLDOUT} & {a.name for a in SEEDS + INVENTED}


@pytest.mark.parametrize("article", HOLDOUT, ids=lambda p: p.stem)
def test_a_holdout_article_parses_and_is_scored(article):
    text = article.read_text(encoding="utf-8")
    assert text.splitlines()[0] == HEADER
    expected = expected_for(article)
    assert expected == json.loads(article.with_suffix(".json").read_text(encoding="utf-8"))
    assert expected["seed"] == f"holdout/{article.name}"
    assert "never tuned on" in expected["_note"]

    counts = score(extract(text).as_json(), expected)

    assert set(counts) == {*LIST_FIELDS, "date", "place"}
    for name in LIST_FIELDS:
        assert counts[name].expected == len(expected[name])
        assert 0.0 <= counts[name].precision <= 1.0 and 0.0 <= counts[name].recall <= 1.0
