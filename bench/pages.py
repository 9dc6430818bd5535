"""The pages `make bench` drives one at a time with wrk (issue 19), found in the loaded demo.

Run by bench/run.py in a subprocess whose environment points at the benchmark database; it
prints one JSON object: {"public": [path, ...], "signed_in": {username: [path, ...]},
"api": [path, ...]}. The records a page needs (a session, a report, a task, a product...) are
the demo's first ones of their kind, so every path answers 200 to its user.

  paths    the lists above
  cold     each of those pages built in-process with the page cache off (what the first visitor
           after a change waits for): median CPU and wall time of 10 builds and the query count,
           as JSON rows for bench/results.json
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def _first(queryset: object) -> object:
    row = queryset.order_by("pk").first()  # type: ignore[attr-defined]
    if row is None:
        raise SystemExit(f"the demo has no {queryset.model.__name__}: run load_demo first")  # type: ignore[attr-defined]
    return row


def paths() -> dict[str, object]:
    from django.utils import timezone

    from khcn.api.urls import router
    from khcn.experts.models import Demand, Expert, Technology
    from khcn.initiatives.models import Initiative
    from khcn.meetings.models import FollowUp, Meeting
    from khcn.products.models import Product
    from khcn.programs.models import ReportingPeriod
    from khcn.quality.models import Course
    from khcn.reporting.models import Report
    from khcn.research.models import ResearchTask

    today = timezone.localdate()
    meeting = _first(Meeting.objects.filter(items__isnull=False).distinct())
    item = _first(FollowUp.objects.all())
    report = _first(Report.objects.filter(submitted_at__isnull=False))
    past = ReportingPeriod.objects.filter(closes_on__lt=today).order_by("-data_to").first()
    task = _first(ResearchTask.objects.all())
    published = _first(ResearchTask.objects.filter(published_at__isnull=False))
    product = _first(Product.objects.filter(is_published=True))
    expert = _first(Expert.objects.all())
    public_expert = _first(Expert.objects.filter(public_consent=True, status="validated"))
    technology = _first(Technology.objects.filter(status="published"))
    demand = _first(Demand.objects.all())
    initiative = _first(Initiative.objects.all())
    course = _first(Course.objects.all())
    officer_pages = [
        "/",
        "/meetings/",
        meeting.get_absolute_url(),  # type: ignore[attr-defined]
        "/meetings/items/",
        f"/meetings/items/{item.pk}/",  # type: ignore[attr-defined]
        "/meetings/items/board/",
        "/reporting/",
        report.get_absolute_url(),  # type: ignore[attr-defined]
        "/research/proposals/",
        "/research/tasks/",
        task.get_absolute_url(),  # type: ignore[attr-defined]
        "/research/tasks/board/",
        "/products/",
        product.get_absolute_url(),  # type: ignore[attr-defined]
        "/products/board/",
        "/experts/people/",
        expert.get_absolute_url(),  # type: ignore[attr-defined]
        "/experts/technologies/",
        "/experts/demands/",
        f"/experts/demands/{demand.pk}/matches/",  # type: ignore[attr-defined]
        "/experts/connections/",
        "/experts/connections/board/",
        "/initiatives/",
        initiative.get_absolute_url(),  # type: ignore[attr-defined]
        "/initiatives/statistics/",
        "/quality/iso/",
        "/quality/courses/",
        course.get_absolute_url(),  # type: ignore[attr-defined]
        "/notifications/",
        "/programs/",
        "/geo/units/",
        "/accounts/users/",
    ]
    if past is not None:
        officer_pages += [f"/reporting/periods/{past.pk}/board/", f"/reporting/periods/{past.pk}/aggregate/"]
    # And every other page of each user's menu (the registries, the city board...), so that a
    # new app's lists are measured from the day its menu entry lands.
    from django.contrib.auth import get_user_model

    from khcn.core.navigation import nav_for

    signed_in = {
        "chuyenvien": officer_pages,
        "xamelinh": ["/", "/meetings/items/", "/reporting/", "/experts/demands/", "/products/"],
    }
    for username, pages in signed_in.items():
        user = get_user_model().objects.get(username=username)
        pages += [entry["url"] for entry in nav_for(user) if entry["url"] not in pages]
    api = sorted(f"/api/v1/{prefix}/" for prefix, _viewset, _basename in router.registry if "(" not in prefix)
    return {
        "public": [
            "/",
            "/accounts/login/",
            "/meetings/public/",
            "/research/results/",
            published.get_public_url(),  # type: ignore[attr-defined]
            product.get_public_url(),  # type: ignore[attr-defined]
            "/experts/catalogue/",
            f"/experts/catalogue/technologies/{technology.pk}/",  # type: ignore[attr-defined]
            "/experts/catalogue/experts/",
            f"/experts/catalogue/experts/{public_expert.pk}/",  # type: ignore[attr-defined]
            "/initiatives/recognised/",
        ],
        "signed_in": signed_in,
        "api": api,
    }


COLD_BUILDS = 10


def cold() -> list[dict[str, object]]:
    """Rows "pages: GET <path> as <who>, built in-process with the page cache off"."""
    import statistics
    import time

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.KHCN_PAGE_CACHE_SECONDS = 0
    settings.ALLOWED_HOSTS = ["*"]
    found = paths()
    groups: list[tuple[str, str | None, list[str]]] = [("anonymous", None, found["public"])]  # type: ignore[list-item]
    groups += [(name, name, pages) for name, pages in found["signed_in"].items()]  # type: ignore[attr-defined]
    groups.append(("chuyenvien (API)", "chuyenvien", found["api"]))  # type: ignore[arg-type]
    rows: list[dict[str, object]] = []
    only = re.compile(os.environ.get("BENCH_PAGES_MATCH", ""))  # as bench/run.py's pages part
    for who, username, pages in groups:
        pages = [p for p in pages if only.search(f"{who} {p}")]
        client = Client()
        if username:
            client.force_login(get_user_model().objects.get(username=username))
        for path in pages:
            assert client.get(path).status_code == 200, path
            cpu, wall = [], []
            for _ in range(COLD_BUILDS):
                c0, w0 = time.process_time(), time.perf_counter()
                client.get(path)
                cpu.append((time.process_time() - c0) * 1000)
                wall.append((time.perf_counter() - w0) * 1000)
            with CaptureQueriesContext(connection) as queries:
                client.get(path)
            name = f"pages: GET {path} as {who}, built in-process with the page cache off"
            for metric, value, unit in [
                ("cpu_ms", statistics.median(cpu), "ms"),
                ("median_ms", statistics.median(wall), "ms"),
                ("queries", len(queries), "queries"),
            ]:
                rows.append({"name": name, "metric": metric, "value": round(value, 1), "unit": unit})
            print(f"{who} {path}: {statistics.median(cpu):.1f} ms CPU, {len(queries)} queries", file=sys.stderr)
    return rows


def main(argv: list[str]) -> int:
    import django

    django.setup()
    if argv[:1] == ["paths"]:
        print(json.dumps(paths(), ensure_ascii=False))
    elif argv[:1] == ["cold"]:
        print(json.dumps(cold(), ensure_ascii=False))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
