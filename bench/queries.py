"""SQL profile of the benchmarked pages: queries per request and the slowest one.

Run by bench/run.py in a subprocess whose environment points at the benchmark database
(DATABASE_URL, DEBUG=false ...). It renders each page in-process with Django's test client,
signed in as a demo Department officer, and prints one JSON object per page on stdout:
{"path", "status", "queries", "db_ms", "wall_ms", "slowest_ms", "slowest_sql"} where wall_ms
is the median of a few renders (no HTTP, no server) and the rest come from the last render.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
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

RENDERS = 5


def profile(client: Client, path: str) -> dict[str, object]:
    """Render `path` a few times; count and time the SQL of the last render."""
    walls = []
    for _ in range(RENDERS):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            resp = client.get(path)
            walls.append((time.perf_counter() - start) * 1000)
    timings = [(float(q["time"]) * 1000, q["sql"]) for q in ctx.captured_queries]
    slowest = max(timings, default=(0.0, ""))
    return {
        "path": path,
        "status": resp.status_code,
        "queries": len(timings),
        "db_ms": round(sum(t for t, _ in timings), 2),
        "wall_ms": round(statistics.median(walls), 2),
        "slowest_ms": round(slowest[0], 2),
        "slowest_sql": slowest[1][:600],
    }


def main(paths: list[str]) -> None:
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(User.objects.get(username="chuyenvien"))
    for path in paths:
        print(json.dumps(profile(client, path), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
