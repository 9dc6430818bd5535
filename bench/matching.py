"""Matching at the Department's scale: 20,000 experts and 10,000 technologies (issue 15).

    python bench/matching.py seed [--experts N] [--technologies N]   # synthetic rows, bulk_create
    python bench/matching.py measure [--demands N]                   # p95 in-process and via API
    python bench/matching.py all                                     # both, writes the results

Prints one JSON object per line and writes bench/out/results-matching.json. The database is
DATABASE_URL (default: bench/out/matching.sqlite3, migrated on first use). Synthetic rows carry
organisation_name "[bench]" (experts) and owner_name "[bench]" (technologies).
`rows()` returns Row-like dicts for bench/run.py.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
MARK = "[bench]"
P95_TARGET_MS = 200.0

TOPICS = [
    ("xử lý nước thải", "làng nghề", "dệt nhuộm", "207"),
    ("giống lúa", "chịu hạn", "chất lượng cao", "401"),
    ("chất thải chăn nuôi", "biogas", "đệm lót sinh học", "402"),
    ("chế biến thực phẩm", "sấy", "bảo quản", "211"),
    ("nhãn hiệu tập thể", "chỉ dẫn địa lý", "sở hữu trí tuệ", "505"),
    ("chuyển đổi số", "phần mềm", "dữ liệu", "202"),
    ("ISO 9001", "quản lý chất lượng", "đánh giá nội bộ", "502"),
    ("nước sạch", "asen", "lọc nước", "207"),
    ("gà Mía", "nguồn gen", "giống quý hiếm", "402"),
    ("nhà màng", "thủy canh", "tưới nhỏ giọt", "401"),
    ("nuôi cá", "ao nuôi", "giống cá", "405"),
    ("trồng nấm", "rơm rạ", "nấm dược liệu", "401"),
    ("cây ăn quả", "bưởi", "ghép cải tạo", "401"),
    ("phân hữu cơ", "vi sinh", "phụ phẩm", "499"),
    ("thú y", "dịch tả lợn", "an toàn sinh học", "403"),
    ("điện mặt trời", "tiết kiệm năng lượng", "trang trại", "209"),
]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
GIVEN = ["Văn Hùng", "Thị Mai", "Quang Đạo", "Thị Thu", "Minh Tuấn", "Thị Lan", "Đình Khang", "Thị Hạnh", "Xuân Trường"]


def setup() -> None:
    sys.path.insert(0, str(ROOT))
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{OUT / 'matching.sqlite3'}")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from khcn.geo.models import AdminUnit

    if not AdminUnit.objects.exists():
        from khcn.geo.services import units_import_registry

        units_import_registry(province_code="01")


def seed(*, experts: int, technologies: int) -> dict[str, Any]:
    from khcn.core.text import fold
    from khcn.experts.models import Expert, OfferStatus, ProfileStatus, Technology, subfield_value
    from khcn.geo.models import AdminUnit

    rng = random.Random(15)
    Expert.objects.filter(organisation_name=MARK).delete()
    Technology.objects.filter(owner_name=MARK).delete()
    units: list[int | None] = list(AdminUnit.objects.filter(level="commune").values_list("pk", flat=True)[:200])
    units = units or [None]
    started = time.perf_counter()
    batch = []
    for n in range(experts):
        a, b = rng.sample(TOPICS, 2)
        name = f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)} {n}"
        batch.append(
            Expert(
                full_name=name,
                name_folded=fold(name),
                field="engineering",
                subfields=subfield_value([a[3], b[3]]),
                keywords=", ".join(a[:3] + b[:1]),
                profile=f"Nghiên cứu {a[0]} và {b[0]}, {a[1]}, {b[2]}.",
                organisation_name=MARK,
                unit_id=rng.choice(units),
                public_consent=n % 3 != 0,
                status=ProfileStatus.VALIDATED,
            )
        )
    Expert.objects.bulk_create(batch, batch_size=2000)
    batch_t = []
    for n in range(technologies):
        a = rng.choice(TOPICS)
        title = f"Công nghệ {a[0]} {a[1]} số {n}"
        batch_t.append(
            Technology(
                title=title,
                title_folded=fold(title),
                summary=f"Giải pháp {a[0]}, {a[2]}.",
                field="engineering",
                subfields=subfield_value([a[3]]),
                keywords=", ".join(a[:3]),
                maturity=rng.randint(4, 9),
                owner_name=MARK,
                unit_id=rng.choice(units),
                status=OfferStatus.PUBLISHED,
            )
        )
    Technology.objects.bulk_create(batch_t, batch_size=2000)
    return {
        "step": "seed",
        "experts": experts,
        "technologies": technologies,
        "seconds": round(time.perf_counter() - started, 2),
    }


def _p95(values: list[float]) -> float:
    return round(statistics.quantiles(values, n=20)[-1], 2) if len(values) > 1 else round(values[0], 2)


def measure(*, demands: int) -> list[dict[str, Any]]:
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from khcn.accounts.models import User
    from khcn.experts import matching
    from khcn.experts.matching import Query, match
    from khcn.experts.models import Demand, Expert, Technology
    from khcn.experts.tests.data import match_set
    from khcn.geo.models import AdminUnit

    rng = random.Random(7)
    user = User.objects.filter(is_superuser=False, grants__role="department_officer").first()
    if user is None:
        from conftest import make_user
        from khcn.accounts.roles import Role

        province = AdminUnit.objects.filter(level="province").first()
        user = make_user("bench-matching", Role.DEPARTMENT_OFFICER, unit=province)
    unit = AdminUnit.objects.filter(level="commune").first()
    assert unit is not None, "load the unit registry first"
    results: list[dict[str, Any]] = []
    started = time.perf_counter()
    matching.INDEX.current()
    results.append({"step": "index", "metric": "build", "value": round(time.perf_counter() - started, 2), "unit": "s"})
    queries = []
    for n in range(demands):
        a, b = rng.sample(TOPICS, 2)
        text = f"Xã cần {a[0]} cho {a[1]}" if n % 2 else f"{fold_text(a[0])} {fold_text(b[1])}, {a[2]}"
        queries.append(text)
    timings = []
    with CaptureQueriesContext(connection) as ctx:
        for text in queries:
            t0 = time.perf_counter()
            match(query=Query(text=text, unit_path=unit.path if unit else ""), user=user)
            timings.append((time.perf_counter() - t0) * 1000)
    results.append(
        {
            "step": "in-process",
            "metric": "p95",
            "value": _p95(timings),
            "unit": "ms",
            "target": P95_TARGET_MS,
            "queries_per_match": len(ctx) / len(queries),
        }
    )
    demand_rows = []
    with transaction.atomic():
        for text in queries[:demands]:
            demand_rows.append(Demand.objects.create(unit=unit, title=text[:300], problem=text))
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        api_timings = []
        with CaptureQueriesContext(connection) as ctx:
            for d in demand_rows:
                t0 = time.perf_counter()
                response = client.get(f"/api/v1/demands/{d.pk}/matches/")
                api_timings.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200, response.status_code
        results.append(
            {
                "step": "api",
                "metric": "p95",
                "value": _p95(api_timings),
                "unit": "ms",
                "target": P95_TARGET_MS,
                "queries_per_request": len(ctx) / len(demand_rows),
            }
        )
        transaction.set_rollback(True)
    # Quality on the labelled set alone: the bench rows are hidden (soft-deleted) meanwhile.
    with transaction.atomic():
        now = timezone.now()
        Expert.objects.update(deleted_at=now, updated_at=now)
        Technology.objects.update(deleted_at=now, updated_at=now)
        province = AdminUnit.objects.filter(level="province").first()
        communes = list(AdminUnit.objects.filter(level="commune")[:2])
        ids = match_set.load(units={"a": communes[0], "b": communes[1], "p": province})
        quality = match_set.evaluate(ids=ids, user=user)
        transaction.set_rollback(True)
    for name, value in quality.items():
        results.append({"step": "quality", "metric": name, "value": value, "unit": ""})
    return results


def fold_text(text: str) -> str:
    from khcn.core.text import fold

    return fold(text)


def rows(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Row-like dicts (name, metric, value, unit, target, met) for bench/run.py."""
    out = []
    for r in results:
        if "metric" not in r:
            continue
        target = r.get("target")
        met = None if target is None else r["value"] < target
        out.append(
            {
                "name": f"matching: {r['step']}",
                "metric": r["metric"],
                "value": r["value"],
                "unit": r["unit"],
                "target": target,
                "met": met,
            }
        )
    return out


def bench_rows(*, database_url: str | None = None, timeout: float = 3600) -> list[dict[str, Any]]:
    """Run `bench/matching.py all` in a child process (its own Django and database) and return
    its Row-like dicts (name, metric, value, unit, target, met): for bench/run.py."""
    import subprocess

    env = dict(os.environ)
    if database_url:
        env["DATABASE_URL"] = database_url
    subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "all"], cwd=ROOT, env=env, check=True, timeout=timeout
    )
    rows_out: list[dict[str, Any]] = json.loads((OUT / "results-matching.json").read_text())
    return rows_out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("command", choices=["seed", "measure", "all"])
    parser.add_argument("--experts", type=int, default=20000)
    parser.add_argument("--technologies", type=int, default=10000)
    parser.add_argument("--demands", type=int, default=200)
    args = parser.parse_args()
    setup()
    results: list[dict[str, Any]] = []
    if args.command in ("seed", "all"):
        results.append(seed(experts=args.experts, technologies=args.technologies))
        print(json.dumps(results[-1], ensure_ascii=False), flush=True)
    if args.command in ("measure", "all"):
        for r in measure(demands=args.demands):
            results.append(r)
            print(json.dumps(r, ensure_ascii=False), flush=True)
    (OUT / "results-matching.json").write_text(json.dumps(rows(results), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
