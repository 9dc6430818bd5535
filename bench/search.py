"""The site-wide search at 1,000,000 index entries for `make bench` (issue 17).

Run by bench/run.py in subprocesses whose environment points at the benchmark database
(DATABASE_URL, DEBUG=false ...). Each subcommand prints one JSON object per line on stdout:

  generate [ENTRIES]
        Index the real records first (`search_rebuild`: the national registry and the demo),
        then add ENTRIES generated entries (default 1,000,000) with PostgreSQL COPY: titles of
        6 to 12 and texts of 10 to 30 Vietnamese words drawn from a word list with a Zipf-like
        skew (common words common), spread over the registered kinds and the current communes,
        folded as the index folds them (with their word pairs). The full-text indexes (one per
        slice) and the trigram index are dropped for the load and built again after it, then
        VACUUM ANALYZE and a CHECKPOINT; the vocabulary gets the generated words' counts.
        The generated entries point at no record: the scope filter (each kind's visible
        queryset) drops them, so a query pays for matching and ranking over the whole index and
        for the visibility query (every kind at once) over its 1,000 best candidates, and shows the real
        records among them.
  measure [ROUNDS]
        In-process, as the demo's Department officer `chuyenvien`: each query of QUERIES ROUNDS
        times (default 20, after one warm-up) through `search_grouped` and through the page
        (Django's test client); the p50 and p95 in ms and the page's query count, and each query's
        own p50 and p95 (`per_query`: service p50, p95, page p50, p95).
"""

from __future__ import annotations

import io
import json
import os
import random
import statistics
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from khcn.accounts.models import User  # noqa: E402
from khcn.core.searchable import source_list  # noqa: E402
from khcn.geo.models import AdminUnit, UnitLevel  # noqa: E402
from khcn.search.index import fts_slice_indexes, index_rebuild, vocabulary_add  # noqa: E402
from khcn.search.query import search_grouped  # noqa: E402
from khcn.search.text import folded_field, pairs_field  # noqa: E402

# The queries measured: with and without diacritics, a typo, phrases, a prefix, a unit's name.
QUERIES = [
    "ô nhiễm làng nghề",
    "o nhiem lang nghe",
    "nông nghiệp công nghệ cao",
    "nong nghiep cong nghe cao",
    "chuyển đổi số",
    "chuyen doi so",
    "khuyến nông",
    "nhiam",  # a typo of "nhiễm"
    "sản phẩm ocop",
    "mô hình",
    "mê linh",
    "dong anh",
    "xử lý nước thải",
    "ứng dụng tiến bộ kỹ thuật",
    "bao cao",
    "nghiên cứu chọn tạo giống lúa",
]

_WORD_TEXT = (
    "nghiên cứu ứng dụng phát triển sản xuất chế biến bảo quản nông sản mô hình nông nghiệp công nghệ cao "
    "xử lý ô nhiễm môi trường làng nghề nước thải rác thải chăn nuôi trồng trọt thủy sản giống lúa rau quả "
    "an toàn sinh học hữu cơ chuyển đổi số khoa học kỹ thuật tiến bộ chuyển giao đào tạo tập huấn khuyến nông "
    "hợp tác xã doanh nghiệp nhãn hiệu tập thể chỉ dẫn địa lý sản phẩm ocop truy xuất nguồn gốc chất lượng "
    "tiêu chuẩn đo lường thử nghiệm kiểm định an toàn thực phẩm y tế giáo dục văn hóa du lịch cộng đồng "
    "nâng cao năng suất hiệu quả kinh tế thu nhập người dân xã phường huyện thành phố tỉnh hà nội đông anh "
    "sóc sơn gia lâm thanh trì thường tín phú xuyên ứng hòa mỹ đức chương mỹ quốc oai thạch thất phúc thọ "
    "đan phượng hoài đức ba vì sơn tây mê linh kiến nghị đề xuất hỗ trợ kinh phí thiết bị máy móc nhà kính "
    "tưới tiết kiệm phân bón thuốc bảo vệ thực vật dịch bệnh cây trồng vật nuôi bưởi cam nhãn vải chè "
    "gạo nếp mật ong nấm dược liệu gốm sứ mây tre đan lụa gỗ mỹ nghệ điện mặt trời năng lượng tái tạo "
    "báo cáo kết quả thực hiện chương trình kế hoạch nhiệm vụ đề tài dự án cấp cơ sở cấp thành phố"
)
WORDS = list(dict.fromkeys(_WORD_TEXT.split()))  # each word once, in order of commonness

KIND_WEIGHTS = {"meetings.followup": 30, "reporting.report": 20, "research.proposal": 10, "research.task": 10}


def _skewed(count: int) -> list[float]:
    return [1.0 / (rank + 1) ** 0.8 for rank in range(count)]


def _copy_value(value: object) -> str:
    if value is None:
        return "\\N"
    return str(value).replace("\\", "\\\\").replace("\t", " ").replace("\n", " ").replace("\r", " ")


def generate(entries: int) -> None:
    started = time.monotonic()
    real = index_rebuild()
    print(json.dumps({"step": "real", "entries": sum(real.values()), "s": round(time.monotonic() - started, 1)}))
    rng = random.Random(17)
    words = WORDS
    weights = _skewed(len(words))
    folded = {w: folded_field(w).strip() for w in words}
    units = list(AdminUnit.objects.current().filter(level=UnitLevel.COMMUNE).values_list("pk", flat=True))
    kinds = [s.kind for s in source_list()]
    kind_weights = [KIND_WEIGHTS.get(k, 3) for k in kinds]
    now = datetime.now(UTC).isoformat()
    vocabulary: Counter[str] = Counter()
    columns = ["kind", "object_id", "unit_id", "title", "text", "url", "year", "status", "title_folded"]
    columns += ["text_folded", "pairs_folded", "updated_at"]

    def rows() -> object:
        for n in range(entries):
            title_words = rng.choices(words, weights, k=rng.randint(6, 12))
            text_words = rng.choices(words, weights, k=rng.randint(10, 30))
            title = " ".join(title_words)
            title = title[:1].upper() + title[1:]
            text = " ".join(text_words).capitalize() + "."
            title_folded = " " + " ".join(folded[w] for w in title_words) + " "
            text_folded = " " + " ".join(folded[w] for w in text_words) + " "
            vocabulary.update(set(title_folded.split()) | set(text_folded.split()))
            yield [
                rng.choices(kinds, kind_weights)[0],
                1_000_000_000 + n,
                rng.choice(units) if units else None,
                title,
                text,
                f"/bench/{n}/",
                rng.randint(2019, 2026),
                "open",
                title_folded,
                text_folded,
                pairs_field(title_folded, text_folded),
                now,
            ]

    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for name, _create in fts_slice_indexes():
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
        cursor.execute("DROP INDEX IF EXISTS search_entry_title_trgm")
    step = time.monotonic()
    raw = connection.connection
    names = ", ".join(columns)
    with raw.cursor() as cursor, cursor.copy(f"COPY search_searchentry ({names}) FROM STDIN") as copy:
        buf = io.StringIO()
        for i, row in enumerate(rows(), 1):  # type: ignore[attr-defined]
            buf.write("\t".join(_copy_value(v) for v in row) + "\n")
            if i % 20_000 == 0:
                copy.write(buf.getvalue())
                buf = io.StringIO()
        copy.write(buf.getvalue())
    raw.commit()
    print(json.dumps({"step": "copy", "entries": entries, "s": round(time.monotonic() - step, 1)}), flush=True)
    step = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for _name, create in fts_slice_indexes():
            cursor.execute(create)
        cursor.execute(
            "CREATE INDEX search_entry_title_trgm ON search_searchentry USING gin (title_folded gin_trgm_ops)"
        )
    print(json.dumps({"step": "indexes", "s": round(time.monotonic() - step, 1)}), flush=True)
    vocabulary_add(vocabulary)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE search_searchentry")
        cursor.execute("VACUUM ANALYZE search_searchword")
        cursor.execute("CHECKPOINT")
    print(json.dumps({"step": "done", "s": round(time.monotonic() - started, 1)}), flush=True)


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _figures(service: list[float], page: list[float]) -> list[float]:
    return [
        round(v, 1) for v in (statistics.median(service), _p(service, 0.95), statistics.median(page), _p(page, 0.95))
    ]


def measure(rounds: int) -> None:
    user = User.objects.get(username="chuyenvien")
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(user)
    for query in QUERIES:  # warm-up: plans, caches, the session
        search_grouped(user=user, query=query)
        client.get("/search/", {"q": query})
    service: list[float] = []
    page: list[float] = []
    queries: list[int] = []
    by_query: dict[str, tuple[list[float], list[float]]] = {q: ([], []) for q in QUERIES}
    for _ in range(rounds):
        for query in QUERIES:
            t = time.perf_counter()
            results = search_grouped(user=user, query=query)
            service.append((time.perf_counter() - t) * 1000)
            by_query[query][0].append(service[-1])
            with CaptureQueriesContext(connection) as captured:
                t = time.perf_counter()
                response = client.get("/search/", {"q": query})
                page.append((time.perf_counter() - t) * 1000)
            by_query[query][1].append(page[-1])
            assert response.status_code == 200, (query, response.status_code)
            queries.append(len(captured.captured_queries))
            del results
    print(
        json.dumps(
            {
                "service_p50_ms": round(statistics.median(service), 1),
                "service_p95_ms": round(_p(service, 0.95), 1),
                "page_p50_ms": round(statistics.median(page), 1),
                "page_p95_ms": round(_p(page, 0.95), 1),
                "page_queries_max": max(queries),
                "samples": len(page),
                "entries": connection.cursor().execute("SELECT count(*) FROM search_searchentry").fetchone()[0],
                # Each query's own figures (ms): service p50, p95, page p50, p95.
                "per_query": {q: _figures(s, p) for q, (s, p) in by_query.items()},
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "generate":
        generate(int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000)
    elif command == "measure":
        measure(int(sys.argv[2]) if len(sys.argv) > 2 else 20)
    else:
        sys.exit(__doc__)
