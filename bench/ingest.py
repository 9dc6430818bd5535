"""Ingest quality and speed (issue 17): the extraction of the five seed articles against their
hand-written expectations, field by field, and the time it takes per article.

    python bench/ingest.py        # prints the table, writes bench/out/results-ingest.json

Precision and recall per field (units, people, figures, products, requests, directives,
difficulties; date and place right or wrong) are summed over the five seeds
(khcn/ingest/tests/fixtures/), then over the invented articles of other provinces' Departments
(fixtures/invented/), the tuned group: 901–902 were written alongside the rules; 903–907 were held
out when written, each with its expected extraction before the rules were run on it (903 after the
first rules; 904–907, of Lâm Đồng, Nghệ An, Bắc Ninh and Quảng Ninh after the 2025 merger, before
the rules that read minutes' lists, notices of conclusions and "sáng nay"), but the rules were
tuned on all of them since. 908–910 (a Cần Thơ press article, a Lào Cai notice of conclusions, a
Hà Tĩnh feature on a technology transfer and a collective mark) were the first holdout: written
after the rules, with their expected extraction, before the rules were run on them, and scored
once as they stood (precision/recall: units 0.75/0.75, people 0.929/0.867, figures 1.0/0.708,
products 0.875/0.875, requests 0.545/0.667, directives 1.0/0.667, difficulties 1.0/0.5; date and
place right). The general causes of that scoring's misses were then fixed (counts of measures and
countable nouns, units ending in a number or listed after "các xã", family names of the northern
peoples, members as roles, orders by a pronoun and answers under a requests heading, enumerated
requests, more contrast openers of a shortfall), each with a test of its own sentences and none of
the articles' names or phrases, so 908–910 were moved into the tuned group (fixtures/invented/).
The third group, "holdout" (fixtures/holdout/): 911–913 (a Đắk Lắk press article on coffee and
durian processing, a Hải Phòng biên bản in plain prose, a short Tây Ninh item on a ward's
digital-transformation model) were written after those fixes, with their expected extraction,
before the rules were run on them, and scored once; their rows have no target and they must not
be tuned on. The timing covers the seeds and the tuned group (901–910). The time is the
median, the 95th percentile and the worst of 20 rounds over each article, in-process, without
the registry (the page adds one query for it). No database is needed. `rows()` returns Row-like
dicts for bench/run.py.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
ROUNDS = 20
TIME_TARGET_MS = 200.0  # an officer waits for the draft page; most of it is the page itself
QUALITY_TARGET = 0.8
PREFIX = "ingest: "

sys.path.insert(0, str(ROOT))

from khcn.ingest.extract import extract  # noqa: E402
from khcn.ingest.scoring import LIST_FIELDS, score, total  # noqa: E402
from khcn.ingest.tests.data import HOLDOUT, INVENTED, SEEDS, expected_for  # noqa: E402


def _quality(articles: list[Path], label: str) -> list[dict[str, Any]]:
    counts = total(score(extract(a.read_text(encoding="utf-8")).as_json(), expected_for(a)) for a in articles)
    rows = []
    for field in (*LIST_FIELDS, "date", "place"):
        count = counts[field]
        for metric, value in (("precision", count.precision), ("recall", count.recall)):
            rows.append(
                {
                    "name": f"{PREFIX}{label} {field}",
                    "metric": metric,
                    "value": round(value, 3),
                    "unit": "ratio",
                    "target": QUALITY_TARGET if label == "seeds" else None,
                    "met": value >= QUALITY_TARGET if label == "seeds" else None,
                }
            )
    return rows


def _timing() -> list[dict[str, Any]]:
    texts = [a.read_text(encoding="utf-8") for a in SEEDS + INVENTED]
    label = f"{PREFIX}extraction per article ({len(texts)} articles x {ROUNDS})"
    extract(texts[0])  # compile the patterns once, as a running server has
    per_article: list[float] = []
    for _ in range(ROUNDS):
        for text in texts:
            started = time.perf_counter()
            extract(text)
            per_article.append((time.perf_counter() - started) * 1000)
    median = statistics.median(per_article)
    p95 = statistics.quantiles(per_article, n=20)[-1]
    worst = max(per_article)
    return [
        {
            "name": label,
            "metric": "median_ms",
            "value": round(median, 2),
            "unit": "ms",
            "target": TIME_TARGET_MS,
            "met": median < TIME_TARGET_MS,
        },
        {
            "name": label,
            "metric": "p95_ms",
            "value": round(p95, 2),
            "unit": "ms",
            "target": TIME_TARGET_MS,
            "met": p95 < TIME_TARGET_MS,
        },
        {  # the slowest single run: shows a machine busy with other work, no target
            "name": label,
            "metric": "max_ms",
            "value": round(worst, 2),
            "unit": "ms",
            "target": None,
            "met": None,
        },
    ]


def rows() -> list[dict[str, Any]]:
    return _quality(SEEDS, "seeds") + _quality(INVENTED, "invented") + _quality(HOLDOUT, "holdout") + _timing()


def main() -> int:
    found = rows()
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results-ingest.json").write_text(json.dumps(found, ensure_ascii=False, indent=2) + "\n")
    print(f"{'field':34} {'metric':10} {'value':>8}")
    for row in found:
        print(f"{row['name'][len(PREFIX) :]:34} {row['metric']:10} {row['value']:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
