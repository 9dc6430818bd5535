"""`make bench`: build national-scale data, load-test the unit and reporting pages, time
the workbook import and `make run`.

Steps (loopback only, bounded, everything it starts is stopped in `finally` blocks):

1. A throwaway PostgreSQL cluster (bench/pgcluster.py, durable default settings); `migrate`,
   `import_units --all` (the whole country: ~14,000 units, ~11,000 successions), `load_demo`,
   then `VACUUM ANALYZE` so that pages are measured with the statistics of a settled database.
2. An SQL profile of each unit page (bench/queries.py): queries per request, the slowest query.
3. gunicorn as `make run` starts it (4 workers x 2 threads, gthread), with DEBUG=false and
   KHCN_BENCH_BARE_VIEW=true, which adds /bench/bare, an empty view used as the baseline;
   the unit pages are load-tested (step 5) before the reporting data exist.
4. Reporting data at national scale (bench/reporting.py generate): a programme with 60
   indicators, 10 half-year periods, a report per current commune (~3,321) and period with a
   value per indicator (~2 M values) by COPY, then VACUUM ANALYZE and CHECKPOINT; its SQL profile
   (bench/reporting.py profile): queries and render time of the board, the aggregate and a
   report page for a small province, Hà Nội and a large one (the count must not grow), the
   whole country, and EXPLAIN ANALYZE of the slowest queries (bench/out/reporting-explain.txt);
   100,000 follow-up items over every commune for the follow-up board; 50,000 past S&T tasks and
   the proposals' duplicate check (trigram similarity) for 200 new titles, timed in-process.
5. Locust (bench/locustfile.py), headless, closed loop (no think time) unless said otherwise,
   the bare view in every run:
   10 signed-in users over the unit tree (both eras) and unit search with and without
   diacritics, then 1 user, to tell the pages' own time from waiting for the 2 CPUs; 20 users
   on Hà Nội's city aggregate and completeness board of the latest period, then 1, then 20
   users with a think time of 1-3 s; 20 users on the superuser's national aggregate, on the
   server restarted as a national deployment (KHCN_PROVINCE_CODE empty); 20 users on Hà Nội's
   follow-up board and overdue items, closed loop and with think time. The
   CPU that other processes take meanwhile is measured; a disturbed run is repeated once.
6. Local products (bench/products.py): 100,000 products over every current commune with their
   producers, 300,000 batches with checks, IP assets with their stage events, OCOP ratings,
   all published, by COPY, then VACUUM ANALYZE and CHECKPOINT; the SQL profile of the public
   product page and the QR JSON of a small and a large product and of the products board for a
   commune and for Hà Nội (queries must not grow; the first render, before anything is stored
   or cached, and the median); then wrk (Debian's package; 2 threads, kept-alive connections,
   BENCH_WRK_SECONDS each, default 15), each page alone and the bare view alone the same way:
   the product page /p/<code>/ and the QR JSON /b/<code>/json/ at 50 connections over random
   codes never opened (their first views, rendered and stored), then over BENCH_WARM_CODES
   (default 2,000) random codes of each opened once beforehand (anonymous; p95 < 50 ms and
   throughput at least half the bare view's), and the board of Hà Nội for its Department officer
   at 5 connections (p95 < 150 ms). Its rows' names start with "products: ".
6b. Every page alone (bench/pages.py; run right after step 5, on the demo before the national
   data): the public pages anonymous, the Department officer's and the commune officer's pages
   signed in through the login form (the pages named there and every other entry of their
   menus), and every API list, each driven by wrk (10 kept-alive connections,
   BENCH_WRK_SECONDS) after the bare view with the same cookies, run again every 10 pages; the
   ratio of each page's throughput to the last bare run's (target at least 0.5). Rows start
   with "pages: ".
7. The import of a 10,080-row workbook (TP.HCM's 168 communes x 60 indicators, built with
   `excel.workbook_export`) into draft reports, in a fresh process: seconds and peak RSS.
8. `make run` on a fresh `git clone` of the committed HEAD: seconds until /healthz answers.
9. Ingest (bench/ingest.py, no database): precision and recall per field of the extraction of
   the five seed articles against their hand-written expectations, the same over the invented
   articles, and the time per article. Its rows' names start with "ingest: ".
10. A table on stdout and bench/results.json: a list of rows
   {"name", "metric", "value", "unit", "target", "met"}.

Only the products part (about 10 minutes): `.venv/bin/python bench/run.py --only products`
builds its own database (step 1, then step 6 alone) and replaces the "products: " rows of
bench/results.json, keeping the others. BENCH_PRODUCTS and BENCH_PRODUCT_BATCHES (default
100000 and 300000) size a smaller trial run, whose rows go to bench/out/results-products.json
instead.

Only the pages part (about 15 minutes): `.venv/bin/python bench/run.py --only pages` builds its
own database (step 1) and replaces the "pages: " rows. With BENCH_WORKERS, BENCH_THREADS or
BENCH_WORKER_CLASS set to another way of serving than `make run`'s, or BENCH_PAGES_MATCH set (a
regular expression on "<who> <path>" choosing the pages to drive), its rows go to
bench/out/results-pages-<how>.json instead, to compare.

Only the ingest part (seconds): `.venv/bin/python bench/run.py --only ingest` replaces the
"ingest: " rows.

Only the search part (about 20 minutes): `.venv/bin/python bench/run.py --only search` builds its
own database (step 1), adds 1,000,000 generated index entries by COPY (bench/search.py) and
measures search p95 in-process and through /search/?q= under wrk (target 100 ms); it replaces the
"search: " rows. BENCH_SEARCH_ENTRIES sizes a smaller trial run (rows to bench/out/results-search.json).

Logs and raw samples of the last run are left in bench/out/ (ignored by git).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from netutil import free_port, wait_for_200
from pgcluster import PgCluster

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
OUT = BENCH / "out"
RESULTS = BENCH / "results.json"
PYTHON = ROOT / ".venv" / "bin" / "python"
LOCUST = ROOT / ".venv" / "bin" / "locust"

PAGE_P95_TARGET_MS = 150.0
MAKE_RUN_TARGET_S = 300.0
MAKE_RUN_TIMEOUT_S = 600.0
LOAD_USERS = 10
LOAD_SECONDS = 60  # of which the sign-ins and a 2 s warm-up are left out
SINGLE_USER_SECONDS = 30
WARMUP_SECONDS = 2.0
DISTURBED_PERCENT = 10.0  # CPU share taken by other processes above which a run is repeated

# Locust request groups (the part of the request name before " | "), in report order.
GROUPS = {
    "tree current": "GET /geo/units/ (unit tree, current era)",
    "tree former": "GET /geo/units/?era=former (unit tree, former era)",
    "search ascii": "GET /geo/units/?q= (search, no diacritics)",
    "search diacritics": "GET /geo/units/?q= (search, with diacritics)",
    "bare": "GET /bench/bare (bare view, baseline)",
}
PROFILE_PATHS = {
    "tree current": "/geo/units/",
    "tree former": "/geo/units/?era=former",
    "search ascii": "/geo/units/?q=me+linh",
    "search diacritics": "/geo/units/?q=M%C3%AA+Linh",
}


@dataclass
class Row:
    """One line of bench/results.json."""

    name: str
    metric: str
    value: float | None
    unit: str
    target: float | None = None
    met: bool | None = None

    @classmethod
    def below(cls, name: str, metric: str, value: float | None, unit: str, target: float | None) -> Row:
        """A row whose target, if any, is met when the value is strictly below it."""
        if target is None:
            return cls(name, metric, value, unit)
        return cls(name, metric, value, unit, target, value is not None and value < target)

    @classmethod
    def at_least(cls, name: str, metric: str, value: float | None, unit: str, target: float) -> Row:
        """A row whose target is met when the value reaches it (e.g. a throughput ratio)."""
        return cls(name, metric, value, unit, target, value is not None and value >= target)

    @classmethod
    def at_most(cls, name: str, metric: str, value: float | None, unit: str, target: float) -> Row:
        """A row whose target is met when the value does not exceed it (e.g. 0 errors)."""
        return cls(name, metric, value, unit, target, value is not None and value <= target)


def log(message: str) -> None:
    print(f"==> {message}", flush=True)


# -- processes ---------------------------------------------------------------------------
def app_env(database_url: str) -> dict[str, str]:
    """Environment for manage.py and gunicorn against the benchmark database."""
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url,
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
            "KHCN_BENCH_BARE_VIEW": "true",
            # The API lists are measured for their cost, not for the throttle's 429 (still counted).
            "KHCN_API_USER_RATE": "1000000/minute",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def manage(args: list[str], env: dict[str, str], *, timeout: float = 900) -> tuple[float, str]:
    """Run `manage.py <args>`; return (seconds, stdout). Raises with the output on failure."""
    start = time.monotonic()
    proc = subprocess.run(
        [str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    seconds = time.monotonic() - start
    if proc.returncode != 0:
        raise RuntimeError(
            f"manage.py {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
        )
    return seconds, proc.stdout


def stop_group(proc: subprocess.Popen[Any], *, grace: float = 15.0) -> None:
    """SIGTERM the process group led by `proc` (started with start_new_session), then KILL."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=grace)
    # Children (e.g. gunicorn workers under `make`) may outlive the leader: kill the group.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)


def child_pids(parent: int) -> list[int]:
    """Processes whose parent is `parent`, from /proc."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # Fields after the ")" that ends the command name: state, ppid, ...
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == parent:
            pids.append(int(entry.name))
    return pids


def peak_rss_mb(pid: int) -> float | None:
    """VmHWM (peak resident set size) of `pid` in MB, from /proc/<pid>/status."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _cpu_jiffies() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs since boot, from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    total = sum(fields[:8])  # user nice system idle iowait irq softirq steal
    return total - fields[3] - fields[4], total


def _process_table() -> dict[int, tuple[int, int]]:
    """pid -> (ppid, CPU jiffies used by it and its reaped children), from /proc/*/stat."""
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        # After the command name: state ppid ... utime(11) stime(12) cutime(13) cstime(14)
        table[int(entry.name)] = (int(fields[1]), sum(int(f) for f in fields[11:15]))
    return table


class CpuMeter:
    """Where the machine's CPU time goes while a benchmark runs.

    Shares of all CPUs (0-100) taken by each process tree under `roots` (gunicorn and
    PostgreSQL), by this process plus the children it has reaped (Locust), by everything else,
    and left idle. A high "other processes" share means something else (a test suite, a build)
    competed for the CPUs and the timings are pessimistic; little "idle" means saturation.
    """

    HARNESS = "locust + harness"
    OTHERS = "other processes"
    IDLE = "idle"

    def __init__(self, roots: dict[str, int]) -> None:
        self.roots = roots
        self.tick = os.sysconf("SC_CLK_TCK")
        self.start = self._snapshot()

    def _snapshot(self) -> tuple[int, int, dict[str, float]]:
        busy, total = _cpu_jiffies()
        table = _process_table()
        children: dict[int, list[int]] = {}
        for pid, (ppid, _) in table.items():
            children.setdefault(ppid, []).append(pid)
        parts: dict[str, float] = {}
        for name, root in self.roots.items():
            jiffies = 0.0
            todo = [root] if root in table else []
            while todo:
                pid = todo.pop()
                jiffies += table[pid][1]
                todo += children.get(pid, [])
            parts[name] = jiffies
        parts[self.HARNESS] = sum(
            (u.ru_utime + u.ru_stime) * self.tick
            for u in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
        )
        return busy, total, parts

    def shares(self) -> dict[str, float]:
        """Share of all CPUs per part since the meter was made, plus others and idle."""
        busy0, total0, parts0 = self.start
        busy1, total1, parts1 = self._snapshot()
        span = max(total1 - total0, 1)
        out = {name: 100.0 * (parts1[name] - parts0[name]) / span for name in parts1}
        others = 100.0 * (busy1 - busy0) / span - sum(out.values())
        out[self.OTHERS] = min(max(others, 0.0), 100.0)
        out[self.IDLE] = 100.0 - 100.0 * (busy1 - busy0) / span
        return out


@contextlib.contextmanager
def gunicorn(env: dict[str, str]) -> Iterator[tuple[str, subprocess.Popen[Any]]]:
    """Serve the project as `make run` does, on a free port; yield (base URL, process)."""
    port = free_port()
    logfile = (OUT / "gunicorn.log").open("w")
    proc = subprocess.Popen(
        [
            str(PYTHON),
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            os.environ.get("BENCH_WORKERS", "4"),
            "--threads",
            os.environ.get("BENCH_THREADS", "2"),
            "--worker-class",
            os.environ.get("BENCH_WORKER_CLASS", "gthread"),
            "--log-level",
            "warning",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=logfile,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_200(f"{base}/healthz", timeout=60, alive=lambda: proc.poll() is None)
        yield base, proc
    finally:
        stop_group(proc)
        logfile.close()


# -- statistics --------------------------------------------------------------------------
def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (0-100) with linear interpolation between closest ranks."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


@dataclass
class GroupStats:
    """Latency and throughput of one request group over the measurement window."""

    count: int
    errors: int
    p50: float | None
    p95: float | None
    rps: float


def run_locust(
    base: str,
    *,
    users: int,
    seconds: int,
    label: str,
    classes: tuple[str, ...] = ("Officer",),
    extra_env: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Run the locustfile's `classes` headless; return its samples file (see locustfile.py)."""
    samples = OUT / f"samples-{label}.json"
    samples.unlink(missing_ok=True)
    env = dict(os.environ, BENCH_SAMPLES=str(samples), BENCH_WARMUP_S=str(WARMUP_SECONDS), **(extra_env or {}))
    cmd = [
        str(LOCUST),
        "-f",
        str(BENCH / "locustfile.py"),
        *classes,
        "--headless",
        "--host",
        base,
        "-u",
        str(users),
        "-r",
        str(users),
        "--run-time",
        f"{seconds}s",
        "--stop-timeout",
        "10",
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--csv",
        str(OUT / f"locust-{label}"),
        "--exit-code-on-error",
        "0",
    ]
    with (OUT / f"locust-{label}.log").open("w") as logfile:
        proc = subprocess.Popen(
            cmd, cwd=BENCH, env=env, stdout=logfile, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            proc.wait(timeout=seconds + 90)
        except subprocess.TimeoutExpired:
            stop_group(proc)
            raise RuntimeError(f"locust ({label}) did not stop in time") from None
        except BaseException:  # Ctrl+C, SIGTERM: Locust runs in its own session
            stop_group(proc)
            raise
    if proc.returncode != 0 or not samples.exists():
        tail = (OUT / f"locust-{label}.log").read_text()[-3000:]
        raise RuntimeError(f"locust ({label}) failed ({proc.returncode}):\n{tail}")
    data: dict[str, Any] = json.loads(samples.read_text())
    return data


def group_stats(data: dict[str, Any]) -> tuple[dict[str, GroupStats], dict[str, GroupStats]]:
    """Stats per group and per request name, over the window after sign-in and warm-up."""
    samples: dict[str, list[list[Any]]] = data["samples"]
    ends = [row[0] for rows in samples.values() for row in rows]
    window = (max(ends) - data["window_start"]) if ends else 0.0

    def stats(rows: list[list[Any]]) -> GroupStats:
        times = [ms for _, ms, ok in rows if ok]
        return GroupStats(
            count=len(rows),
            errors=sum(1 for *_, ok in rows if not ok),
            p50=percentile(times, 50),
            p95=percentile(times, 95),
            rps=len(rows) / window if window > 0 else 0.0,
        )

    by_group: dict[str, list[list[Any]]] = {}
    for name, rows in samples.items():
        by_group.setdefault(_group(name), []).extend(rows)
    per_group = {g: stats(rows) for g, rows in by_group.items()}
    per_name = {name: stats(rows) for name, rows in samples.items()}
    # Errors count over the whole run, warm-up included.
    for g in per_group.values():
        g.errors = 0
    for name, errors in data.get("errors_total", {}).items():
        per_group.setdefault(_group(name), GroupStats(0, 0, None, None, 0.0)).errors += errors
        if name in per_name:
            per_name[name].errors = errors
    return per_group, per_name


def _group(name: str) -> str:
    return name.split(" | ", 1)[0]


def load_rows(
    groups: dict[str, GroupStats],
    data: dict[str, Any],
    *,
    users: int,
    titles: dict[str, str] | None = None,
    run: str = "",
) -> list[Row]:
    """Rows for one Locust run: p50, p95, throughput and errors per group, ratios to bare.

    `titles` (default GROUPS) names the run's request groups; all but "bare" are pages.
    """
    titles = GROUPS if titles is None else titles
    page_groups = [g for g in titles if g != "bare"]
    suffix = f", {users} users" if users > 1 else ", 1 user"
    rows: list[Row] = []
    for key, title in titles.items():
        st = groups.get(key, GroupStats(0, 0, None, None, 0.0))
        target = PAGE_P95_TARGET_MS if key in page_groups else None
        name = f"{title}{suffix}"
        rows.append(Row.below(name, "p50_ms", _round(st.p50), "ms", None))
        rows.append(Row.below(name, "p95_ms", _round(st.p95), "ms", target))
        if users > 1:
            rows.append(Row.below(name, "throughput_rps", _round(st.rps), "req/s", None))
        rows.append(Row.at_most(name, "errors", st.errors, "requests", 0))
    bare = groups.get("bare")
    for key in page_groups:
        page = groups.get(key)
        ratio = None
        if page and bare and page.p95 is not None and bare.p95:
            ratio = round(page.p95 / bare.p95, 2)
        rows.append(Row.below(f"{titles[key]}{suffix}: p95 / bare-view p95", "ratio", ratio, "x", None))
    login_errors = groups["login"].errors if "login" in groups else 0
    login_errors = max(login_errors, len(data.get("login_failures", [])))
    rows.append(Row.at_most(f"sign-in (POST /accounts/login/){suffix}{run}", "errors", login_errors, "requests", 0))
    return rows


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


# -- phases ------------------------------------------------------------------------------
def build_data(env: dict[str, str]) -> list[Row]:
    """Migrate, import the whole country's units, load the demo accounts; time each."""
    rows = []
    log("manage.py migrate")
    seconds, _ = manage(["migrate", "--noinput", "-v0"], env)
    rows.append(Row.below("manage.py migrate (empty PostgreSQL)", "seconds", round(seconds, 1), "s", None))
    log("manage.py import_units --all (national scale; takes a while)")
    seconds, out = manage(["import_units", "--all"], env)
    print("    " + out.strip().replace("\n", "\n    "), flush=True)
    rows.append(Row.below("manage.py import_units --all (national registry)", "seconds", round(seconds, 1), "s", None))
    _, counts = manage(
        [
            "shell",
            "-c",
            (
                "from khcn.geo.models import AdminUnit as A, UnitSuccession as S, UnitLevel as L;"
                "print(A.objects.count(), S.objects.count(),"
                " A.objects.filter(valid_to__isnull=True, level=L.PROVINCE).count(),"
                " A.objects.filter(valid_to__isnull=False, level=L.PROVINCE).count(),"
                " A.objects.filter(valid_to__isnull=True, level=L.COMMUNE).count())"
            ),
        ],
        env,
    )
    units, successions, current_prov, former_prov, current_communes = map(int, counts.strip().splitlines()[-1].split())
    log(
        f"imported {units} units, {successions} successions; provinces: {current_prov} "
        f"current, {former_prov} former only; {current_communes} current communes"
    )
    rows += [
        Row.below("units imported (all eras)", "count", units, "rows", None),
        Row.below("successions imported", "count", successions, "rows", None),
        Row.below("current communes (wards, communes, special zones)", "count", current_communes, "rows", None),
    ]
    log("manage.py load_demo")
    seconds, _ = manage(["load_demo"], env)
    rows.append(Row.below("manage.py load_demo", "seconds", round(seconds, 1), "s", None))
    # Measure the steady state: autovacuum would analyze the fresh tables within a minute or
    # so; until then the planner's row estimates are off (e.g. hash joins over all units).
    log("VACUUM ANALYZE (planner statistics, as autovacuum would soon have them)")
    manage(["shell", "-c", "from django.db import connection; connection.cursor().execute('VACUUM ANALYZE')"], env)
    return rows


def profile_queries(env: dict[str, str]) -> list[Row]:
    """Queries per page and the slowest query, rendered in-process (bench/queries.py)."""
    log("SQL profile of the pages (in-process, signed in as chuyenvien)")
    proc = subprocess.run(
        [str(PYTHON), str(BENCH / "queries.py"), *PROFILE_PATHS.values()],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"bench/queries.py failed:\n{proc.stderr[-3000:]}")
    rows = []
    by_path = {}
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            item = json.loads(line)
            by_path[item["path"]] = item
    for key, path in PROFILE_PATHS.items():
        item = by_path[path]
        print(
            f"    {path}: status {item['status']}, {item['queries']} queries, "
            f"{item['db_ms']} ms in SQL, render {item['wall_ms']} ms; slowest query "
            f"{item['slowest_ms']} ms: {item['slowest_sql'][:300]}",
            flush=True,
        )
        name = f"{GROUPS[key]} [{path}]"
        rows.append(Row.below(name, "queries", item["queries"], "queries", None))
        rows.append(Row.below(name, "render_ms", item["wall_ms"], "ms", None))
        rows.append(Row.below(name, "first_render_ms", item["first_ms"], "ms", None))
    return rows


def least_disturbed_run(
    base: str,
    roots: dict[str, int],
    *,
    users: int,
    seconds: int,
    label: str,
    classes: tuple[str, ...],
    extra_env: dict[str, str] | None = None,
) -> tuple[dict[str, Any], dict[str, float]]:
    """Locust's samples and the CPU shares of a run, repeated once if others took the CPUs."""
    best: tuple[float, dict[str, Any], dict[str, float]] | None = None
    for attempt in (1, 2):
        think = (extra_env or {}).get("BENCH_THINK_S")
        loop = f"think time {think.replace(',', '-')} s" if think else "closed loop (no think time)"
        log(f"locust [{label}]: {users} user(s), {seconds} s, {loop}" + (", again" if attempt > 1 else ""))
        meter = CpuMeter(roots)
        data = run_locust(base, users=users, seconds=seconds, label=label, classes=classes, extra_env=extra_env)
        shares = meter.shares()
        others = shares[CpuMeter.OTHERS]
        summary = ", ".join(f"{part} {share:.0f} %" for part, share in shares.items())
        log(f"CPU, as shares of all {os.cpu_count()} CPUs: {summary}")
        if best is None or others < best[0]:
            best = (others, data, shares)
        if others <= DISTURBED_PERCENT:
            break
        print("!!  other processes competed for the CPUs: timings are pessimistic", file=sys.stderr, flush=True)
    assert best is not None
    return best[1], best[2]


def measured_run(
    base: str,
    roots: dict[str, int],
    *,
    users: int,
    seconds: int,
    label: str,
    classes: tuple[str, ...] = ("Officer",),
    extra_env: dict[str, str] | None = None,
    titles: dict[str, str] | None = None,
    run: str = "",
) -> list[Row]:
    """One Locust run and its rows; repeated once if other processes took the CPUs.

    A run during which other processes took more than DISTURBED_PERCENT of the CPUs is
    repeated once, and the less disturbed attempt is kept (its disturbance is a row too).
    """
    data, shares = least_disturbed_run(
        base, roots, users=users, seconds=seconds, label=label, classes=classes, extra_env=extra_env
    )
    groups, names = group_stats(data)
    rows = load_rows(groups, data, users=users, titles=titles, run=run)
    for part, share in shares.items():
        if users > 1 or part == CpuMeter.OTHERS:
            rows.append(
                Row.below(
                    f"CPU during the {users}-user run{run}: {part} (share of all CPUs)",
                    "cpu_percent",
                    _round(share),
                    "%",
                    None,
                )
            )
    print(f"    {'request':46} {'n':>6} {'err':>4} {'p50 ms':>8} {'p95 ms':>8}", flush=True)
    for name in sorted(names):
        st = names[name]
        if not st.count:
            continue
        print(f"    {name[:46]:46} {st.count:6d} {st.errors:4d} {_fmt(st.p50):>8} {_fmt(st.p95):>8}", flush=True)
    return rows


def cpu_roots(server: subprocess.Popen[Any], pg: PgCluster) -> dict[str, int]:
    roots = {"gunicorn": server.pid}
    if pg.postmaster_pid:
        roots["postgresql"] = pg.postmaster_pid
    return roots


def worker_rss_rows(server: subprocess.Popen[Any], when: str = "") -> list[Row]:
    """Peak RSS of the gunicorn workers (the largest) and of all its processes (the sum)."""
    workers = child_pids(server.pid)
    peaks = [p for p in (peak_rss_mb(pid) for pid in workers) if p is not None]
    master = peak_rss_mb(server.pid)
    return [
        Row.below(
            f"gunicorn worker peak RSS (max of {len(peaks)} workers){when}",
            "peak_mb",
            _round(max(peaks, default=None)),
            "MB",
            None,
        ),
        Row.below(
            f"gunicorn, all processes (master + workers) peak RSS sum{when}",
            "peak_mb",
            _round(sum(peaks) + (master or 0.0)),
            "MB",
            None,
        ),
    ]


def load_test(base: str, server: subprocess.Popen[Any], pg: PgCluster) -> list[Row]:
    """Locust with 10 users, then with 1, on the unit pages; the workers' peak RSS at the end."""
    rows: list[Row] = []
    roots = cpu_roots(server, pg)
    for users, seconds in ((LOAD_USERS, LOAD_SECONDS), (1, SINGLE_USER_SECONDS)):
        rows += measured_run(base, roots, users=users, seconds=seconds, label=f"{users}u")
    rows += worker_rss_rows(server)
    return rows


# -- reporting at national scale (bench/reporting.py) -------------------------------------
REPORT_USERS = 20
REPORT_SECONDS = 60
REPORT_SINGLE_SECONDS = 20
THINK_SECONDS = (1, 3)  # the think-time run: each user waits 1-3 s between requests
NATIONAL_SECONDS = 30
GENERATE_TARGET_S = 180.0
IMPORT_TARGET_S = 10.0
IMPORT_PEAK_TARGET_MB = 500.0
IMPORT_PROVINCE = "79"  # Hồ Chí Minh City: 168 communes x 60 indicators = 10,080 rows
PAGE_TITLES = {
    "followups": "follow-up board (100,000 items nationally)",
    "board": "completeness board",
    "aggregate": "city aggregate",
    "report": "report page (60 values)",
}


def part_script(script: str, args: list[str], env: dict[str, str], *, timeout: float) -> list[dict[str, Any]]:
    """Run `bench/<script> <args>`; return the JSON objects it printed (one per line)."""
    proc = subprocess.run(
        [str(PYTHON), str(BENCH / script), *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=timeout,
    )  # fmt: skip
    if proc.returncode != 0:
        raise RuntimeError(
            f"bench/{script} {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
        )
    return [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]


def reporting_script(args: list[str], env: dict[str, str], *, timeout: float = 900) -> list[dict[str, Any]]:
    """Run `bench/reporting.py <args>`; return the JSON objects it printed."""
    return part_script("reporting.py", args, env, timeout=timeout)


def build_reporting(env: dict[str, str]) -> tuple[list[Row], dict[str, Any]]:
    """Programme, 60 indicators, 10 periods, a report per commune and period: ~2 M values."""
    log("reporting data at national scale (COPY, then VACUUM ANALYZE and CHECKPOINT)")
    (info,) = reporting_script(["generate"], env)
    log(
        f"{info['reports']} reports, {info['values']} values in {info['seconds']} s "
        f"(reports {info['reports_s']} s, values {info['values_s']} s, "
        f"VACUUM ANALYZE + CHECKPOINT {info['analyze_s']} s); measured period id {info['period']}"
    )
    name = (
        f"reporting data: {info['indicators']} indicators x {info['periods']} periods x "
        f"{info['communes']} communes (COPY, VACUUM ANALYZE, CHECKPOINT)"
    )
    rows = [
        Row.below(name, "seconds", info["seconds"], "s", GENERATE_TARGET_S),
        Row.below("reporting data: COPY of the values", "seconds", info["values_s"], "s", None),
        Row.below(
            "reporting data: reports (all periods, incl. the import period's drafts)",
            "count",
            info["reports"],
            "rows",
            None,
        ),
        Row.below("reporting data: values", "count", info["values"], "rows", None),
        Row.below("reporting data: approved reports (share)", "percent", info["approved_share"], "%", None),
    ]
    return rows, info


SIMILARITY_P95_TARGET_MS = 200.0


def similarity_bench(env: dict[str, str]) -> list[Row]:
    """The proposals' duplicate check over 50,000 past tasks (pg_trgm, GIN index), in-process."""
    log("similarity: 50,000 past tasks (COPY), then 200 duplicate checks")
    (info,) = reporting_script(["similarity"], env)
    log(
        f"loaded in {info['load_s']} s; {info['queries']} checks, {info['with_matches']} with matches: "
        f"p50 {info['p50_ms']} ms, p95 {info['p95_ms']} ms, max {info['max_ms']} ms"
    )
    name = f"research.similarity.similar_to over {info['tasks']:,} past tasks, in-process ({info['queries']} titles)"
    return [
        Row.below(name, "p50_ms", info["p50_ms"], "ms", None),
        Row.below(name, "p95_ms", info["p95_ms"], "ms", SIMILARITY_P95_TARGET_MS),
        Row.below(name, "max_ms", info["max_ms"], "ms", None),
    ]


def profile_reporting(env: dict[str, str], period: int) -> list[Row]:
    """Queries and render time per page and scope; national selectors; EXPLAIN in bench/out."""
    log("SQL profile of the reporting pages (in-process; EXPLAIN ANALYZE in bench/out/reporting-explain.txt)")
    items = reporting_script(["profile", str(period)], env)
    rows: list[Row] = []
    provinces: dict[str, list[int]] = {}
    for item in items:
        if item["kind"] == "selectors":
            continue
        print(
            f"    {item['kind']:9} {item['scope']:32} status {item['status']}, "
            f"{item['queries']:3} queries, {item['db_ms']:7.1f} ms SQL, render "
            f"{item['wall_ms']:7.1f} ms, {item['bytes'] // 1024} KB; slowest query "
            f"{item['slowest_ms']} ms",
            flush=True,
        )
        if item["repeated"] > 1:
            print(
                f"              the same statement {item['repeated']} times: {item['repeated_sql'][:160]}", flush=True
            )
        name = f"{PAGE_TITLES[item['kind']]}, {item['scope']}"
        rows.append(Row.below(name, "queries", item["queries"], "queries", None))
        rows.append(Row.below(name, "render_ms", item["wall_ms"], "ms", None))
        rows.append(Row.below(name, "first_render_ms", item["first_ms"], "ms", None))
        rows.append(Row.below(name, "sql_ms", item["db_ms"], "ms", None))
        if item["status"] != 200:
            rows.append(Row.at_most(name, "errors", 1, "requests", 0))
        if "whole country" not in item["scope"]:
            provinces.setdefault(item["kind"], []).append(item["queries"])
    for kind, counts in provinces.items():
        rows.append(
            Row.at_most(
                f"{PAGE_TITLES[kind]}: growth of queries from the smallest to the largest province",
                "queries",
                max(counts) - min(counts),
                "queries",
                0,
            )
        )
    (sel,) = [i for i in items if i["kind"] == "selectors"]
    rows.append(
        Row.below(
            f"selectors.period_aggregate in-process, superuser, {sel['scope']}, figures computed (cache empty)",
            "median_ms",
            sel["aggregate_cold_ms"],
            "ms",
            None,
        )
    )
    rows.append(
        Row.below(
            f"meetings.followup_board in-process, superuser, {sel['scope']}, 100,000 items, computed (cache empty)",
            "median_ms",
            sel["followups_cold_ms"],
            "ms",
            PAGE_P95_TARGET_MS,
        )
    )
    rows.append(
        Row.below(
            f"meetings.followup_board in-process, superuser, {sel['scope']}, 100,000 items, from the cache",
            "median_ms",
            sel["followups_ms"],
            "ms",
            PAGE_P95_TARGET_MS,
        )
    )
    rows.append(
        Row.below(
            f"selectors.period_aggregate in-process, superuser, {sel['scope']}, figures from the cache",
            "median_ms",
            sel["aggregate_ms"],
            "ms",
            PAGE_P95_TARGET_MS,
        )
    )
    rows.append(
        Row.below(
            f"selectors.period_board in-process, superuser, {sel['scope']} (national deployment)",
            "median_ms",
            sel["board_ms"],
            "ms",
            PAGE_P95_TARGET_MS,
        )
    )
    return rows


def load_test_reporting(base: str, server: subprocess.Popen[Any], pg: PgCluster, period: int) -> list[Row]:
    """Locust on the reporting pages: Hà Nội's aggregate and board with 20 users, then 1, then
    20 users who think 1-3 s between requests. Each run has its own bare view."""
    roots = cpu_roots(server, pg)
    env = {"BENCH_PERIOD": str(period)}
    agg = f"GET /reporting/periods/{period}/aggregate/"
    board = f"GET /reporting/periods/{period}/board/"
    hanoi = {
        "aggregate": f"{agg} (city aggregate, Hà Nội)",
        "board": f"{board} (completeness board, Hà Nội)",
        "bare": "GET /bench/bare (bare view, reporting run)",
    }
    lo, hi = THINK_SECONDS
    think = f"think time {lo}-{hi} s"
    rows: list[Row] = []
    for users, seconds in ((REPORT_USERS, REPORT_SECONDS), (1, REPORT_SINGLE_SECONDS)):
        rows += measured_run(
            base,
            roots,
            users=users,
            seconds=seconds,
            label=f"reporting-{users}u",
            classes=("ReportingOfficer",),
            extra_env=env,
            titles=hanoi,
            run=" (reporting pages, Hà Nội)",
        )
    rows += measured_run(
        base,
        roots,
        users=REPORT_USERS,
        seconds=REPORT_SECONDS,
        label=f"reporting-{REPORT_USERS}u-think",
        classes=("ReportingOfficer",),
        extra_env={**env, "BENCH_THINK_S": f"{lo},{hi}"},
        titles={k: f"{v[:-1]}, {think})" for k, v in hanoi.items()},
        run=f" (reporting pages, Hà Nội, {think})",
    )
    followups = {
        "followup board": "GET /meetings/items/board/ (follow-up board, Hà Nội)",
        "overdue items": "GET /meetings/items/?state=overdue (overdue items, Hà Nội)",
        "bare": "GET /bench/bare (bare view, follow-up run)",
    }
    for label, extra, suffix in (
        (f"followups-{REPORT_USERS}u", {}, ""),
        (f"followups-{REPORT_USERS}u-think", {"BENCH_THINK_S": f"{lo},{hi}"}, f", {think}"),
    ):
        rows += measured_run(
            base,
            roots,
            users=REPORT_USERS,
            seconds=REPORT_SECONDS,
            label=label,
            classes=("FollowUpOfficer",),
            extra_env=extra,
            titles={k: f"{v[:-1]}{suffix})" for k, v in followups.items()},
            run=f" (follow-up pages, Hà Nội{suffix})",
        )
    rows += worker_rss_rows(server, " after the reporting runs")
    return rows


def load_test_national(base: str, server: subprocess.Popen[Any], pg: PgCluster, period: int) -> list[Row]:
    """The aggregate of all 34 provinces with 20 users, on a server deployed for the whole
    country (KHCN_PROVINCE_CODE empty), as the superuser. The figures are cached per period
    until a report changes, so this measures the warm page; profile_reporting times the cold one."""
    roots = cpu_roots(server, pg)
    agg = f"GET /reporting/periods/{period}/aggregate/"
    national = {
        "aggregate national": f"{agg} (aggregate of all 34 provinces, superuser, national deployment)",
        "followup board national": "GET /meetings/items/board/ (follow-up board, 100,000 items, superuser, national)",
        "bare": "GET /bench/bare (bare view, national run)",
    }
    rows = measured_run(
        base,
        roots,
        users=REPORT_USERS,
        seconds=NATIONAL_SECONDS,
        label=f"national-{REPORT_USERS}u",
        classes=("NationalViewer",),
        extra_env={"BENCH_PERIOD": str(period)},
        titles=national,
        run=" (national aggregate)",
    )
    return rows + worker_rss_rows(server, " after the national run")


def import_bench(env: dict[str, str], period: int) -> list[Row]:
    """A 10,080-row workbook (TP.HCM's 168 communes x 60 indicators) into draft reports."""
    env = dict(env, KHCN_PROVINCE_CODE=IMPORT_PROVINCE)
    book = OUT / "import.xlsx"
    log("workbook for the import: excel.workbook_export, then every value cell filled in")
    (wb,) = reporting_script(["workbook", str(period), str(book)], env)
    log("excel.workbook_import in a fresh process (draft reports, submit=False)")
    (imp,) = reporting_script(["import", str(period), str(book)], env)
    log(
        f"imported {imp['rows']} rows into {imp['reports']} reports in {imp['seconds']} s, "
        f"{imp['queries']} SQL queries, peak RSS {imp['peak_mb']} MB; ok={imp['ok']}"
    )
    if not imp["ok"]:
        print(
            f"!!  the import refused the workbook ({imp['error_count']} errors): {imp['errors']}",
            file=sys.stderr,
            flush=True,
        )
    name = f"excel.workbook_import: {wb['rows']} rows, {wb['units']} communes x 60 indicators"
    seconds = imp["seconds"] if imp["ok"] else None
    return [
        Row.below(f"excel.workbook_export: blank workbook of {wb['rows']} rows", "seconds", wb["export_s"], "s", None),
        Row.below(name, "seconds", seconds, "s", IMPORT_TARGET_S),
        Row.below(f"{name}: peak RSS of the importing process", "peak_mb", imp["peak_mb"], "MB", IMPORT_PEAK_TARGET_MB),
        Row.below(f"{name}: SQL queries", "queries", imp["queries"], "queries", None),
        Row.below(f"{name}: values written", "count", imp["values_after"] - imp["values_before"], "rows", None),
        Row.at_most(f"{name}: rows refused", "errors", imp["error_count"], "rows", 0),
    ]


def time_make_run() -> list[Row]:
    """`make run` on a fresh clone of the committed HEAD: seconds until /healthz is 200."""
    name = "make run on a fresh git clone until /healthz 200 (uv cache warm)"
    clone = Path(tempfile.mkdtemp(prefix="khcn-bench-clone."))
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "DEBUG",
            "ALLOWED_HOSTS",
            "MAKEFLAGS",
            "MAKELEVEL",
            "MFLAGS",
            "VIRTUAL_ENV",
            "BENCH_SAMPLES",
            "BENCH_WARMUP_S",
        }
        and not k.startswith("KHCN_")
    }
    proc: subprocess.Popen[Any] | None = None
    try:
        log("git clone of HEAD, then `make run` in it")
        subprocess.run(
            ["git", "clone", "--quiet", str(ROOT), str(clone / "khcn")], check=True, capture_output=True, timeout=120
        )
        port = free_port()
        with (OUT / "make-run.log").open("w") as logfile:
            start = time.monotonic()
            proc = subprocess.Popen(
                ["make", "run", f"PORT={port}"],
                cwd=clone / "khcn",
                env=env,
                stdout=logfile,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
            wait_for_200(
                f"http://127.0.0.1:{port}/healthz",
                timeout=MAKE_RUN_TIMEOUT_S,
                interval=0.5,
                alive=lambda: proc is not None and proc.poll() is None,
            )
            seconds = time.monotonic() - start
        log(f"make run answered after {seconds:.1f} s")
        return [Row.below(name, "seconds", round(seconds, 1), "s", MAKE_RUN_TARGET_S)]
    except (RuntimeError, TimeoutError, OSError, subprocess.SubprocessError) as err:
        tail = ""
        with contextlib.suppress(OSError):
            tail = (OUT / "make-run.log").read_text()[-2000:]
        print(f"!!  make run failed: {err}\n{tail}", file=sys.stderr, flush=True)
        return [Row(name, "seconds", None, "s", MAKE_RUN_TARGET_S, False)]
    finally:
        if proc is not None:
            stop_group(proc)
        shutil.rmtree(clone, ignore_errors=True)


# -- local products at national scale (bench/products.py) -----------------------------------
PRODUCTS = int(os.environ.get("BENCH_PRODUCTS", "100000"))
PRODUCT_BATCHES = int(os.environ.get("BENCH_PRODUCT_BATCHES", "300000"))
PRODUCT_USERS = 50
PUBLIC_P95_TARGET_MS = 50.0
PRODUCT_BOARD_P95_TARGET_MS = 150.0
THROUGHPUT_RATIO_TARGET = 0.5  # the page's successful requests per second / the bare view's
PRODUCT_PREFIX = "products: "  # every row of this part starts so (`--only products` replaces them)


def products_script(args: list[str], env: dict[str, str], *, timeout: float = 1800) -> list[dict[str, Any]]:
    """Run `bench/products.py <args>`; return the JSON objects it printed."""
    return part_script("products.py", args, env, timeout=timeout)


def build_products(env: dict[str, str]) -> tuple[list[Row], dict[str, Any]]:
    """Producers, products, batches and checks, marks, ratings over every commune (COPY)."""
    log(f"local products: {PRODUCTS:,} products, {PRODUCT_BATCHES:,} batches (COPY, VACUUM ANALYZE, CHECKPOINT)")
    (info,) = products_script(["generate", str(PRODUCTS), str(PRODUCT_BATCHES)], env)
    log(
        f"{info['products']} products ({info['producers']} producers) over {info['communes']} communes, "
        f"{info['batches']} batches, {info['checks']} checks, {info['assets']} IP assets "
        f"({info['events']} stage events), {info['ratings']} OCOP ratings in {info['seconds']} s "
        f"(batches {info['batches_s']} s, VACUUM ANALYZE + CHECKPOINT {info['analyze_s']} s)"
    )
    name = (
        f"{PRODUCT_PREFIX}data: {info['products']:,} products, {info['batches']:,} batches "
        f"over {info['communes']:,} communes"
    )
    rows = [
        Row.below(f"{name} (COPY, VACUUM ANALYZE, CHECKPOINT)", "seconds", info["seconds"], "s", None),
        Row.below(f"{PRODUCT_PREFIX}data: products", "count", info["products"], "rows", None),
        Row.below(f"{PRODUCT_PREFIX}data: batches", "count", info["batches"], "rows", None),
        Row.below(f"{PRODUCT_PREFIX}data: batch checks", "count", info["checks"], "rows", None),
        Row.below(f"{PRODUCT_PREFIX}data: producers", "count", info["producers"], "rows", None),
        Row.below(f"{PRODUCT_PREFIX}data: IP assets", "count", info["assets"], "rows", None),
        Row.below(f"{PRODUCT_PREFIX}data: OCOP ratings", "count", info["ratings"], "rows", None),
    ]
    return rows, info


PRODUCT_PAGES = {
    "product page cold": "GET /p/<code>/ (public product page, random products never opened: first views)",
    "qr json cold": "GET /b/<code>/json/ (QR JSON of a batch, random batches never opened: first views)",
    "product page": "GET /p/<code>/ (public product page, random products among those opened once)",
    "qr json": "GET /b/<code>/json/ (QR JSON of a batch, random batches among those opened once)",
    "board": "GET /products/board/?unit=<Hà Nội> (products board of one province, Department officer)",
}


def profile_products(env: dict[str, str]) -> list[Row]:
    """Queries per request of a small and a large product (and of the board for a commune and
    for Hà Nội), rendered in-process: the count must not grow."""
    log("SQL profile of the product pages (in-process): a small and a large product")
    items = products_script(["profile"], env)
    rows: list[Row] = []
    counts: dict[str, dict[str, int | None]] = {}
    for item in items:
        print(
            f"    {item['kind']:12} {item['size']:5} {item['path'][:60]:60} status {item['status']}, "
            f"{item['queries']:3} queries, {item['db_ms']:7.1f} ms SQL, render {item['wall_ms']:7.1f} ms "
            f"(first {item['first_ms']:7.1f} ms)",
            flush=True,
        )
        name = f"{PRODUCT_PREFIX}{item['kind']}, {item['size']} {'scope' if item['kind'] == 'board' else 'product'}"
        rows.append(Row.below(name, "queries", item["queries"], "queries", None))
        rows.append(Row.below(name, "render_ms", item["wall_ms"], "ms", None))
        rows.append(Row.below(name, "first_render_ms", item["first_ms"], "ms", None))
        if item["status"] != 200:
            rows.append(Row.at_most(f"{name} [{item['path']}]", "errors", 1, "requests", 0))
        # A page that did not render (404 before its view exists) has no query count to compare.
        counts.setdefault(item["kind"], {})[item["size"]] = item["queries"] if item["status"] == 200 else None
    for kind, by_size in counts.items():
        small, large = by_size.get("small"), by_size.get("large")
        growth = large - small if small is not None and large is not None else None
        rows.append(
            Row(
                f"{PRODUCT_PREFIX}{kind}: queries of the large minus the small "
                f"{'scope (Hà Nội vs one commune)' if kind == 'board' else 'product'}",
                "queries",
                growth,
                "queries",
                0,
                growth is not None and growth <= 0,
            )
        )
    return rows


WRK_SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", "15"))
WARM_CODES = int(os.environ.get("BENCH_WARM_CODES", "2000"))  # pages opened before the warm runs
BOARD_CONNECTIONS = 5  # officers on the board at once
DEMO_PASSWORD = "KhcnDemo@2026"


def wrk_run(
    base: str, label: str, paths: list[str], *, connections: int, cookie: str = "", seconds: int | None = None
) -> dict[str, Any]:
    """wrk (2 threads, `connections` kept-alive connections, WRK_SECONDS) over random `paths`;
    its figures (bench/wrk_paths.lua) with the successful requests per second."""
    listing = OUT / f"wrk-{label}.txt"
    listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
    seconds = seconds or WRK_SECONDS
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    command += ["-s", str(BENCH / "wrk_paths.lua"), base, "--", str(listing), cookie]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120)
    line = next((x for x in proc.stdout.splitlines() if x.startswith("WRK_JSON ")), None)
    if proc.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    figures: dict[str, Any] = json.loads(line.removeprefix("WRK_JSON "))
    figures["rps"] = (figures["requests"] - figures["non_2xx"]) / figures["seconds"]
    return figures


def open_once(base: str, paths: list[str], *, workers: int = 8) -> int:
    """GET every path once (8 at a time); return how many did not answer 200."""
    from concurrent.futures import ThreadPoolExecutor
    from urllib.error import HTTPError
    from urllib.request import urlopen

    def get(path: str) -> int:
        try:
            with urlopen(base + path, timeout=60) as resp:
                resp.read()
                return int(resp.status)
        except HTTPError as exc:
            return exc.code

    with ThreadPoolExecutor(workers) as pool:
        return sum(1 for status in pool.map(get, paths) if status != 200)


def session_cookie(base: str, username: str) -> str:
    """Sign in through the login form; the Cookie header of the session."""
    import http.cookiejar
    import urllib.parse
    import urllib.request

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(base + "/accounts/login/", timeout=30).read().decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    if match is None:
        raise RuntimeError("no CSRF token in the login form")
    body = urllib.parse.urlencode(
        {"username": username, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": match.group(1), "next": "/"}
    ).encode()
    request = urllib.request.Request(
        base + "/accounts/login/", data=body, headers={"Referer": base + "/accounts/login/"}
    )
    opener.open(request, timeout=30).read()
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    if "sessionid=" not in cookie:
        raise RuntimeError(f"signing in as {username} failed")
    return cookie


def load_test_products(base: str, server: subprocess.Popen[Any], pg: PgCluster, info: dict[str, Any]) -> list[Row]:
    """Each page alone under wrk, in one run: the bare view (anonymous), the product page and
    the QR JSON at their first view (codes never opened: rendered and stored) and once opened
    (WARM_CODES codes of each opened beforehand, then random among them), at 50 connections;
    the board of Hà Nội at BOARD_CONNECTIONS. p95 targets and throughput ratios to the bare view."""
    roots = cpu_roots(server, pg)
    ids = json.loads((OUT / "products-ids.json").read_text())
    half = len(ids["products"]) // 2
    warm_products = [f"/p/{c}/" for c in ids["products"][:WARM_CODES]]
    warm_batches = [f"/b/{c}/json/" for c in ids["batches"][:WARM_CODES]]
    cold_products = [f"/p/{c}/" for c in ids["products"][half:]]
    cold_batches = [f"/b/{c}/json/" for c in ids["batches"][half:]]
    log(f"opening {len(warm_products):,} product pages and {len(warm_batches):,} QR JSON once (8 at a time)")
    started = time.monotonic()
    failed = open_once(base, warm_products + warm_batches)
    opened_s = time.monotonic() - started
    log(f"opened in {opened_s:.0f} s ({failed} not 200)")
    board_path = f"/products/board/?unit={info['hanoi']}"
    cookie = session_cookie(base, "chuyenvien")
    runs: list[tuple[str, str, list[str], int, str, float | None]] = [
        ("bare", "GET /bench/bare (bare view, anonymous, products runs)", ["/bench/bare"], PRODUCT_USERS, "", None),
        ("product page cold", PRODUCT_PAGES["product page cold"], cold_products, PRODUCT_USERS, "", None),
        ("qr json cold", PRODUCT_PAGES["qr json cold"], cold_batches, PRODUCT_USERS, "", None),
        ("product page", PRODUCT_PAGES["product page"], warm_products, PRODUCT_USERS, "", PUBLIC_P95_TARGET_MS),
        ("qr json", PRODUCT_PAGES["qr json"], warm_batches, PRODUCT_USERS, "", PUBLIC_P95_TARGET_MS),
        ("board", PRODUCT_PAGES["board"], [board_path], BOARD_CONNECTIONS, cookie, PRODUCT_BOARD_P95_TARGET_MS),
    ]
    rows = [
        Row.below(
            f"{PRODUCT_PREFIX}opening {WARM_CODES:,} product pages and {WARM_CODES:,} QR JSON once (8 at a time)",
            "seconds",
            round(opened_s, 1),
            "s",
            None,
        )
    ]
    rows.append(Row.at_most(f"{PRODUCT_PREFIX}opening the pages once: not 200", "errors", failed, "requests", 0))
    bare_rps: float | None = None
    for group, title, paths, connections, cookie_header, target in runs:
        log(f"wrk [{group}]: {connections} connection(s), {WRK_SECONDS} s, {len(paths):,} path(s)")
        meter = CpuMeter(roots)
        figures = wrk_run(base, group.replace(" ", "-"), paths, connections=connections, cookie=cookie_header)
        shares = meter.shares()
        name = f"{PRODUCT_PREFIX}{title}, {connections} connections alone (wrk)"
        log(
            f"{group}: {figures['requests']} requests, {figures['errors']} errors, p50 {figures['p50_ms']} ms, "
            f"p95 {figures['p95_ms']} ms, {figures['rps']:.0f} ok req/s; CPU others {shares[CpuMeter.OTHERS]:.0f} %"
        )
        rows.append(Row.below(name, "p50_ms", _round(figures["p50_ms"]), "ms", None))
        rows.append(Row.below(name, "p95_ms", _round(figures["p95_ms"]), "ms", target))
        rows.append(Row.below(name, "throughput_rps", _round(figures["rps"]), "req/s", None))
        rows.append(Row.below(name, "requests", figures["requests"], "requests", None))
        rows.append(Row.at_most(name, "errors", figures["errors"], "requests", 0))
        rows.append(
            Row.below(
                f"{PRODUCT_PREFIX}CPU during the {group} run: other processes (share of all CPUs)",
                "cpu_percent",
                _round(shares[CpuMeter.OTHERS]),
                "%",
                None,
            )
        )
        if group == "bare":
            bare_rps = figures["rps"]
            continue
        ratio = round(figures["rps"] / bare_rps, 2) if bare_rps else None
        ratio_name = f"{PRODUCT_PREFIX}{title}: throughput / the bare view's (wrk, each alone)"
        wanted = THROUGHPUT_RATIO_TARGET if group in ("product page", "qr json") else None
        rows.append(
            Row.at_least(ratio_name, "ratio", ratio, "x", wanted)
            if wanted
            else Row.below(ratio_name, "ratio", ratio, "x", None)
        )
    return rows + [
        Row(f"{PRODUCT_PREFIX}{r.name}", r.metric, r.value, r.unit, r.target, r.met)
        for r in worker_rss_rows(server, " after the products runs")
    ]


def products_part(env: dict[str, str], base: str, server: subprocess.Popen[Any], pg: PgCluster) -> list[Row]:
    """The products part: data, SQL profile, load tests (gunicorn already serving `env`)."""
    rows, info = build_products(env)
    rows += profile_products(env)
    rows += load_test_products(base, server, pg, info)
    return rows


# -- every page alone against the bare view (bench/pages.py; issue 19) ------------------------
PAGES_PREFIX = "pages: "  # every row of this part starts so (`--only pages` replaces them)
PAGE_CONNECTIONS = 10


BARE_EVERY = 10  # pages measured between two runs of the bare view


def pages_part(env: dict[str, str], base: str, server: subprocess.Popen[Any], pg: PgCluster) -> list[Row]:
    """Each page of the demo and each API list alone under wrk (PAGE_CONNECTIONS kept-alive
    connections), after the bare view with the same cookie state: anonymous for the public
    pages, signed in through the login form for the others. Throughput ratio per page (target
    at least THROUGHPUT_RATIO_TARGET) and p95; a page answering anything but 2xx is an error."""
    proc = subprocess.run(
        [str(PYTHON), str(BENCH / "pages.py"), "paths"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    if proc.returncode != 0:
        raise RuntimeError(f"bench/pages.py paths failed:\n{proc.stderr[-3000:]}")
    found = json.loads(proc.stdout.strip().splitlines()[-1])
    roots = cpu_roots(server, pg)
    groups: list[tuple[str, str, list[str]]] = [("anonymous", "", found["public"])]
    for username, paths in found["signed_in"].items():
        groups.append((username, session_cookie(base, username), paths))
    groups.append(("chuyenvien (API)", session_cookie(base, "chuyenvien"), found["api"]))
    rows: list[Row] = []
    only = re.compile(os.environ.get("BENCH_PAGES_MATCH", ""))  # a trial on some pages only
    for who, cookie, paths in groups:
        bare_rps: float | None = None
        chosen = [p for p in paths if only.search(f"{who} {p}")]
        # The bare view again every BARE_EVERY pages: each page is compared with a bare run made
        # minutes, not half an hour, before it.
        order = [
            path for i, page in enumerate(chosen) for path in (["/bench/bare"] if i % BARE_EVERY == 0 else []) + [page]
        ]
        bare_runs = 0
        for path in order or ["/bench/bare"]:
            wrk_run(base, "warm-up", [path], connections=2, cookie=cookie, seconds=2)
            meter = CpuMeter(roots)
            figures = wrk_run(base, "page", [path], connections=PAGE_CONNECTIONS, cookie=cookie)
            others = meter.shares()[CpuMeter.OTHERS]
            name = f"{PAGES_PREFIX}GET {path} as {who}, {PAGE_CONNECTIONS} connections alone (wrk)"
            if path == "/bench/bare":
                bare_runs += 1
                name += f", run {bare_runs}" if bare_runs > 1 else ""
            log(
                f"{who} {path}: {figures['rps']:.0f} ok req/s, p95 {figures['p95_ms']} ms, "
                f"{figures['non_2xx']} not 2xx; CPU others {others:.0f} %"
            )
            rows.append(Row.below(name, "throughput_rps", _round(figures["rps"]), "req/s", None))
            rows.append(Row.below(name, "p95_ms", _round(figures["p95_ms"]), "ms", None))
            rows.append(Row.at_most(name, "errors", figures["errors"] + figures["non_2xx"], "requests", 0))
            if path == "/bench/bare":
                bare_rps = figures["rps"]
                continue
            ratio = round(figures["rps"] / bare_rps, 2) if bare_rps else None
            rows.append(
                Row.at_least(
                    f"{PAGES_PREFIX}GET {path} as {who}: throughput / the bare view's with the same cookies",
                    "ratio",
                    ratio,
                    "x",
                    THROUGHPUT_RATIO_TARGET,
                )
            )
    log("pages: each built in-process with the page cache off (bench/pages.py cold)")
    proc = subprocess.run(
        [str(PYTHON), str(BENCH / "pages.py"), "cold"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800
    )
    if proc.returncode != 0:
        raise RuntimeError(f"bench/pages.py cold failed:\n{proc.stderr[-3000:]}")
    rows += [Row(**r) for r in json.loads(proc.stdout.strip().splitlines()[-1])]
    return rows


# -- matching experts and technologies (bench/matching.py) --------------------------------
def matching_part(env: dict[str, str]) -> list[Row]:
    """20,000 experts and 10,000 technologies, 200 demands matched in-process and through the
    API, and the ranking's quality on the labelled set (rows named "matching: …")."""
    log("matching: 20,000 experts, 10,000 technologies, 200 demands (bench/matching.py all)")
    subprocess.run([str(PYTHON), str(BENCH / "matching.py"), "all"], cwd=ROOT, env=env, check=True, timeout=3600)
    return [Row(**r) for r in json.loads((OUT / "results-matching.json").read_text())]


# -- the site-wide search at 1,000,000 entries (bench/search.py) ----------------------------
SEARCH_ENTRIES = int(os.environ.get("BENCH_SEARCH_ENTRIES", "1000000"))
SEARCH_P95_TARGET_MS = 100.0
SEARCH_CONNECTIONS = 5  # officers searching at once
SEARCH_PREFIX = "search: "  # every row of this part starts so (`--only search` replaces them)


def search_script(args: list[str], env: dict[str, str], *, timeout: float = 3600) -> list[dict[str, Any]]:
    """Run `bench/search.py <args>`; return the JSON objects it printed."""
    return part_script("search.py", args, env, timeout=timeout)


def search_part(env: dict[str, str]) -> list[Row]:
    """1,000,000 index entries by COPY; search p95 in-process (service and page) and through
    the page under wrk for the Department officer, beside the bare view. The page cache is off
    (KHCN_PAGE_CACHE_SECONDS=0): sixteen queries asked again and again would otherwise measure
    the cache, not the search."""
    from search import QUERIES  # type: ignore[import-not-found]

    env = {**env, "KHCN_PAGE_CACHE_SECONDS": "0"}

    log(f"search: {SEARCH_ENTRIES:,} index entries (bench/search.py generate)")
    built = search_script(["generate", str(SEARCH_ENTRIES)], env)
    for step in built:
        print(f"    {step}", flush=True)
    rows = [Row.below(f"{SEARCH_PREFIX}build {SEARCH_ENTRIES:,} index entries", "seconds", built[-1]["s"], "s", None)]
    log("search: in-process, 16 queries x 20 rounds (bench/search.py measure)")
    (measured,) = search_script(["measure", "20"], env)
    print(f"    {measured}", flush=True)
    name = f"{SEARCH_PREFIX}{measured['entries']:,} entries, in-process"
    rows += [
        Row.below(f"{name}: search_grouped", "p95_ms", measured["service_p95_ms"], "ms", SEARCH_P95_TARGET_MS),
        Row.below(f"{name}: GET /search/?q=", "p95_ms", measured["page_p95_ms"], "ms", SEARCH_P95_TARGET_MS),
        Row.below(f"{name}: GET /search/?q=", "queries", measured["page_queries_max"], "queries", None),
    ]
    log(f"starting gunicorn ({SERVED})")
    with gunicorn(env) as (base, _server):
        cookie = session_cookie(base, "chuyenvien")
        from urllib.parse import quote

        paths = [f"/search/?q={quote(q)}" for q in QUERIES]
        # As the pages part does: each process compiles its users' visibility queries and keeps
        # its menus once, and each connection prepares its statements, before the measured run.
        wrk_run(base, "search-warm-up", paths, connections=SEARCH_CONNECTIONS, cookie=cookie, seconds=3)
        bare = wrk_run(base, "search-bare", ["/bench/bare"], connections=SEARCH_CONNECTIONS, cookie=cookie)
        page = wrk_run(base, "search-page", paths, connections=SEARCH_CONNECTIONS, cookie=cookie)
    log("gunicorn stopped")
    name = f"{SEARCH_PREFIX}GET /search/?q= under wrk, {SEARCH_CONNECTIONS} connections (Department officer)"
    rows += [
        Row.below(name, "p95_ms", _round(page["p95_ms"]), "ms", SEARCH_P95_TARGET_MS),
        Row.below(name, "p50_ms", _round(page["p50_ms"]), "ms", None),
        Row.below(name, "throughput_rps", _round(page["rps"]), "req/s", None),
        Row.at_most(name, "errors", page["errors"], "requests", 0),
        Row.below(
            f"{SEARCH_PREFIX}bare view under wrk, same connections", "p95_ms", _round(bare["p95_ms"]), "ms", None
        ),
    ]
    return rows


def run_search() -> list[Row]:
    """Only the search part, on its own database: registry and demo (step 1), then the index."""
    rows: list[Row] = []
    with PgCluster() as pg:
        log(f"throwaway PostgreSQL {pg.version} on 127.0.0.1:{pg.port} (durable defaults)")
        env = app_env(pg.url)
        build_data(env)
        rows += search_part(env)
    log("PostgreSQL stopped")
    return rows


# -- report ------------------------------------------------------------------------------
def _fmt(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        return f"{value:.2f}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)


def print_table(rows: list[Row]) -> None:
    width = min(max(len(r.name) for r in rows), 100)
    header = f"{'benchmark':{width}}  {'metric':14} {'value':>9} {'unit':8} {'target':>7} {'met':>4}"
    print("\n" + header + "\n" + "-" * len(header))
    for r in rows:
        target = "" if r.target is None else _fmt(r.target)
        met = "" if r.met is None else _fmt(r.met)
        print(f"{r.name[:width]:{width}}  {r.metric:14} {_fmt(r.value):>9} {r.unit:8} {target:>7} {met:>4}")
    print(flush=True)


# -- ingest: extraction quality and time per article (bench/ingest.py) ------------------------
INGEST_PREFIX = "ingest: "  # every row of this part starts so (`--only ingest` replaces them)


def ingest_part() -> list[Row]:
    """Precision and recall per field over the seed articles, and the time per article
    (bench/ingest.py, in its own process; no database)."""
    log("ingest: extraction of the seed and invented articles (bench/ingest.py)")
    subprocess.run([str(PYTHON), str(BENCH / "ingest.py")], cwd=ROOT, check=True, timeout=600)
    return [Row(**r) for r in json.loads((OUT / "results-ingest.json").read_text())]


def run_all() -> list[Row]:
    """Every part, in the order the module docstring gives."""
    rows: list[Row] = []
    with PgCluster() as pg:
        log(f"throwaway PostgreSQL {pg.version} on 127.0.0.1:{pg.port} (durable defaults)")
        env = app_env(pg.url)
        rows += build_data(env)
        rows += profile_queries(env)
        log(f"starting gunicorn ({SERVED})")
        with gunicorn(env) as (base, server):
            # The unit pages first, on the database as it was before the reporting data.
            rows += load_test(base, server, pg)
            rows += pages_part(env, base, server, pg)
            reporting_rows, info = build_reporting(env)
            rows += reporting_rows
            rows += profile_reporting(env, info["period"])
            rows += similarity_bench(env)
            rows += load_test_reporting(base, server, pg, info["period"])
            rows += products_part(env, base, server, pg)
        rows += matching_part(env)
        log("gunicorn stopped; again for a national deployment (KHCN_PROVINCE_CODE empty)")
        with gunicorn({**env, "KHCN_PROVINCE_CODE": ""}) as (base, server):
            rows += load_test_national(base, server, pg, info["period"])
        log("gunicorn stopped")
        rows += import_bench(env, info["import_period"])
        rows += search_part(env)
    log("PostgreSQL stopped")
    rows += time_make_run()
    rows += ingest_part()
    return rows


def run_products() -> list[Row]:
    """Only the products part, on its own database: registry, demo, then step 6 of the docstring."""
    rows: list[Row] = []
    with PgCluster() as pg:
        log(f"throwaway PostgreSQL {pg.version} on 127.0.0.1:{pg.port} (durable defaults)")
        env = app_env(pg.url)
        build_data(env)  # migrate, the national registry, the demo accounts: not products rows
        log(f"starting gunicorn ({SERVED})")
        with gunicorn(env) as (base, server):
            rows += products_part(env, base, server, pg)
        log("gunicorn stopped")
    log("PostgreSQL stopped")
    return rows


def run_pages() -> list[Row]:
    """Only the pages part, on its own database: registry and demo (step 1), then every page."""
    rows: list[Row] = []
    with PgCluster() as pg:
        log(f"throwaway PostgreSQL {pg.version} on 127.0.0.1:{pg.port} (durable defaults)")
        env = app_env(pg.url)
        build_data(env)
        log(f"starting gunicorn ({SERVED})")
        with gunicorn(env) as (base, server):
            rows += pages_part(env, base, server, pg)
        log("gunicorn stopped")
    log("PostgreSQL stopped")
    return rows


SERVED = (
    f"{os.environ.get('BENCH_WORKERS', '4')} workers x {os.environ.get('BENCH_THREADS', '2')} threads, "
    f"{os.environ.get('BENCH_WORKER_CLASS', 'gthread')}, DEBUG=false"
)
AS_MAKE_RUN = SERVED.startswith("4 workers x 2 threads, gthread")


def _replace_part(rows: list[Row], prefix: str) -> list[Row]:
    kept = json.loads(RESULTS.read_text()) if RESULTS.exists() else []
    return [Row(**r) for r in kept if not r["name"].startswith(prefix)] + rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="KHCN benchmarks (see the module docstring).")
    parser.add_argument("--only", choices=["products", "pages", "ingest", "search"], help="run only this part")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    log(f"KHCN benchmarks on {platform.node()} ({os.cpu_count()} CPUs), Python {platform.python_version()}")
    results = RESULTS
    if args.only == "products":
        rows = run_products()
        if (PRODUCTS, PRODUCT_BATCHES) != (100_000, 300_000):
            results = OUT / "results-products.json"  # a smaller trial run: not the benchmark's figures
            saved = rows
        else:
            saved = _replace_part(rows, PRODUCT_PREFIX)
    elif args.only == "search":
        rows = run_search()
        if SEARCH_ENTRIES != 1_000_000:
            results = OUT / "results-search.json"  # a smaller trial run: not the benchmark's figures
            saved = rows
        else:
            saved = _replace_part(rows, SEARCH_PREFIX)
    elif args.only == "pages":
        rows = run_pages()
        if AS_MAKE_RUN and not os.environ.get("BENCH_PAGES_MATCH"):
            saved = _replace_part(rows, PAGES_PREFIX)
        else:  # another way of serving, tried: beside the figures, not in them
            results = OUT / "results-pages-{}.json".format(re.sub(r"[^a-z0-9]+", "-", SERVED.lower()).strip("-"))
            saved = rows
    elif args.only == "ingest":
        rows = ingest_part()
        saved = _replace_part(rows, INGEST_PREFIX)
    else:
        rows = saved = run_all()
    results.write_text(json.dumps([asdict(r) for r in saved], ensure_ascii=False, indent=2) + "\n")
    print_table(rows)
    unmet = [r for r in rows if r.met is False]
    log(
        f"wrote {results.relative_to(ROOT)} ({len(saved)} rows; of this run's {len(rows)}, "
        f"{len(unmet)} targets not met) in {time.monotonic() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
