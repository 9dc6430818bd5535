"""Reporting at national scale for `make bench`: data, SQL profile, workbook import.

Run by bench/run.py in subprocesses whose environment points at the benchmark database
(DATABASE_URL, DEBUG=false ...). Each subcommand prints one JSON object per line on stdout:

  generate              One programme with 60 indicators (sums, percentages with a plain and
                        a weighted mean, ratios, yes/no, money), one commune form listing all
                        60, ten consecutive half-year periods (each `previous` the one before)
                        and, for every current commune of the country, a report per period
                        (mostly approved) with a value per indicator: ~3,321 x 10 x 60 ~ 2 M
                        values, written with PostgreSQL COPY, then VACUUM ANALYZE and a
                        CHECKPOINT. Also an
                        eleventh, open period whose reports (Hồ Chí Minh City's 168 communes)
                        are empty drafts, for the import, and one Department officer per
                        benchmarked province.
  profile PERIOD        Queries and render time of the board, the aggregate and a report page
                        for a small province, Hà Nội, a large province and the whole country
                        (a national deployment: KHCN_PROVINCE_CODE empty), national selectors
                        timed in-process, the aggregate with and without its cache; every
                        query of each page, and EXPLAIN ANALYZE of its two slowest, are written
                        to bench/out/reporting-explain.txt.
  workbook PERIOD FILE  The import period's workbook as `excel.workbook_export` builds it for
                        the Department of KHCN_PROVINCE_CODE, every value cell filled in.
  import PERIOD FILE    `excel.workbook_import` of FILE, timed, with the process's peak RSS.

The data are synthetic but plausible: every unit has a size, figures grow a little from one
period to the next, percentages stay within 0-100, ratios' numerators within their totals and
"on time" counts within "received" (the form's cross rules). Rows written with COPY have no
django-simple-history records, which no benchmarked page reads.
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
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from khcn.accounts.models import RoleGrant, User  # noqa: E402
from khcn.accounts.roles import Role  # noqa: E402
from khcn.accounts.scoping import forget_scope  # noqa: E402
from khcn.geo.models import AdminUnit, Organisation, OrganisationKind, UnitLevel  # noqa: E402
from khcn.meetings import selectors as meeting_selectors  # noqa: E402
from khcn.programs.models import (  # noqa: E402
    Aggregation,
    CrossRule,
    FormIndicator,
    Indicator,
    IndicatorGroup,
    PeriodKind,
    Program,
    ReportForm,
    ReportingPeriod,
    RuleOperator,
    SectionKey,
    Target,
    ValueType,
)
from khcn.reporting import selectors  # noqa: E402
from khcn.reporting.models import Report, ReportStatus  # noqa: E402

PROGRAM_CODE = "BENCH-60"
PASSWORD = "KhcnDemo@2026"
HANOI, SMALL, LARGE = "01", "12", "79"  # Hà Nội (126 communes), Lai Châu (38), TP.HCM (168)
# One Department officer per benchmarked province other than Hà Nội (demo: chuyenvien).
OFFICERS = {SMALL: "bench_laichau", LARGE: "bench_hcm"}
IMPORT_PROVINCE = LARGE  # 168 communes x 60 indicators = 10,080 workbook rows
FIRST_YEAR, PERIODS = 2021, 10  # 2021 H2 ... 2026 H1; then 2026 H2 (open) for the import
RENDERS = 5
SEED = 20260701

# Per group of ten: (code suffix, name, value type, unit of measure, aggregation).
# "1" and "2" are the received / on-time counts of the cross rule; "3" is weighted by "1".
GROUP_TEMPLATE = [
    ("1", "Số hồ sơ tiếp nhận", ValueType.COUNT, "hồ sơ", Aggregation.SUM),
    ("2", "Số hồ sơ giải quyết đúng hạn", ValueType.COUNT, "hồ sơ", Aggregation.SUM),
    ("3", "Tỷ lệ hồ sơ giải quyết đúng hạn", ValueType.PERCENT, "%", Aggregation.WEIGHTED_MEAN),
    ("4", "Tỷ lệ người dân sử dụng dịch vụ số", ValueType.PERCENT, "%", Aggregation.MEAN),
    ("5", "Tỷ lệ hộ có thanh toán không dùng tiền mặt", ValueType.PERCENT, "%", Aggregation.MEAN),
    ("6", "Kinh phí bố trí", ValueType.MONEY, "đồng", Aggregation.SUM),
    ("7", "Số đài truyền thanh thông minh / tổng số đài", ValueType.RATIO, "đài", Aggregation.SUM),
    ("8", "Số thôn có mô hình ứng dụng / tổng số thôn", ValueType.RATIO, "thôn", Aggregation.SUM),
    ("9", "Đã ban hành kế hoạch", ValueType.BOOLEAN, "", Aggregation.COUNT_YES),
    ("10", "Số sáng kiến được công nhận", ValueType.COUNT, "sáng kiến", Aggregation.SUM),
]
GROUPS = [
    ("A", "Chuyển đổi số, cải cách hành chính"),
    ("B", "Ứng dụng khoa học, công nghệ vào sản xuất"),
    ("C", "Sở hữu trí tuệ và phát triển sản phẩm"),
    ("D", "Đổi mới sáng tạo trong cộng đồng"),
    ("E", "Nguồn lực cho khoa học, công nghệ"),
    ("F", "Kinh tế số và xã hội số"),
]
# Status mix (cumulative weights) of the nine older periods and of the latest one.
OLD_MIX = [
    (ReportStatus.APPROVED, 88),
    (ReportStatus.SIGNED_OFF, 96),
    (ReportStatus.SUBMITTED, 98),
    (ReportStatus.RETURNED, 99),
    (ReportStatus.DRAFT, 100),
]
LATEST_MIX = [
    (ReportStatus.APPROVED, 70),
    (ReportStatus.SIGNED_OFF, 75),
    (ReportStatus.SUBMITTED, 87),
    (ReportStatus.RETURNED, 92),
    (ReportStatus.DRAFT, 100),
]


def emit(**item: Any) -> None:
    print(json.dumps(item, ensure_ascii=False, default=str), flush=True)


def province(code: str) -> AdminUnit:
    return AdminUnit.objects.current().get(level=UnitLevel.PROVINCE, code=code)


def current_communes() -> list[AdminUnit]:
    return list(AdminUnit.objects.current().filter(level=UnitLevel.COMMUNE).order_by("path"))


def copy_rows(table: str, columns: list[str], lines: Iterator[str], *, chunk: int = 4 << 20) -> int:
    """COPY tab-separated `lines` into `table` (one statement, its own transaction)."""
    count = 0
    with connection.cursor() as cur, transaction.atomic():
        raw = cur.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            buf = io.StringIO()
            for line in lines:
                buf.write(line)
                count += 1
                if buf.tell() > chunk:
                    copy.write(buf.getvalue())
                    buf = io.StringIO()
            copy.write(buf.getvalue())
    return count


# -- generate ----------------------------------------------------------------------------
def _half_year(year: int, half: int) -> dict[str, Any]:
    start = date(year, 1 if half == 1 else 7, 1)
    end = date(year, 6, 30) if half == 1 else date(year, 12, 31)
    name = f"6 tháng {'đầu' if half == 1 else 'cuối'} năm {year} (bench)"
    return {
        "name": name,
        "year": year,
        "data_from": start,
        "data_to": end,
        "opens_on": end - timedelta(days=45),
        "due_on": end + timedelta(days=20),
        "closes_on": end + timedelta(days=45),
    }


def _catalogue(admin: User) -> tuple[Program, ReportForm, list[Indicator]]:
    program = Program.objects.create(
        code=PROGRAM_CODE,
        name="Chương trình đo hiệu năng: 60 chỉ tiêu cấp xã (bench)",
        issuing_body="Bộ Khoa học và Công nghệ (bench)",
        start_year=FIRST_YEAR,
        end_year=2030,
    )
    form = ReportForm.objects.create(
        program=program,
        name="Mẫu báo cáo cấp xã, 60 chỉ tiêu (bench)",
        unit_levels=[UnitLevel.COMMUNE],
        sections=[k.value for k in SectionKey],
    )
    indicators: list[Indicator] = []
    rules = []
    for gpos, (gcode, gname) in enumerate(GROUPS):
        group = IndicatorGroup.objects.create(program=program, code=gcode, name=gname, position=gpos)
        made: dict[str, Indicator] = {}
        for pos, (suffix, name, vt, uom, agg) in enumerate(GROUP_TEMPLATE):
            made[suffix] = Indicator.objects.create(
                program=program,
                group=group,
                code=f"{gcode}{suffix}",
                name=f"{name} ({gcode})",
                value_type=vt,
                unit_of_measure=uom,
                aggregation=agg,
                position=pos,
                weight=made["1"] if agg == Aggregation.WEIGHTED_MEAN else None,
                numerator_label="đạt" if vt == ValueType.RATIO else "",
                denominator_label="tổng số" if vt == ValueType.RATIO else "",
                max_value=Decimal(100) if vt == ValueType.PERCENT else None,
            )
        indicators += made.values()
        rules.append(
            CrossRule(
                form=form,
                left=made["2"],
                right=made["1"],
                operator=RuleOperator.LE,
                message=f"Số hồ sơ đúng hạn ({gcode}2) không thể lớn hơn số tiếp nhận.",
            )
        )
    FormIndicator.objects.bulk_create(
        FormIndicator(form=form, indicator=ind, position=pos, required=ind.value_type != ValueType.MONEY)
        for pos, ind in enumerate(indicators)
    )
    CrossRule.objects.bulk_create(rules)
    Target.objects.bulk_create(
        Target(indicator=ind, unit=None, year=year, value=Decimal(80 + (year - FIRST_YEAR)))
        for ind in indicators
        if ind.value_type == ValueType.PERCENT
        for year in range(FIRST_YEAR, 2027)
    )
    return program, form, indicators


def _status(rng: random.Random, mix: list[tuple[str, int]]) -> str:
    roll = rng.random() * 100
    return next(status for status, upto in mix if roll < upto)


def _values(
    rng: random.Random, indicators: list[Indicator], size: float, growth: float, partial: bool
) -> Iterator[tuple[int, str]]:
    """(indicator id, the value columns as COPY text) for one report."""
    received = 0
    for ind in indicators:
        if partial and rng.random() < 0.3:
            continue
        suffix = ind.code[1:]
        vt = ind.value_type
        noise = rng.uniform(0.9, 1.1)
        number = numerator = denominator = flag = r"\N"
        if suffix == "1":
            received = int(200 * size * growth * noise)
            number = str(received)
        elif suffix == "2":
            number = str(int(received * rng.uniform(0.85, 1.0)))
        elif vt == ValueType.PERCENT:
            number = f"{min(100.0, rng.uniform(55, 75) * growth):.1f}"
        elif vt == ValueType.MONEY:
            number = str(int(size * growth * noise * 2e8))
        elif vt == ValueType.RATIO:
            den = max(1, int(20 * size * noise))
            denominator = str(den)
            numerator = str(int(den * min(1.0, rng.uniform(0.3, 0.7) * growth)))
        elif vt == ValueType.BOOLEAN:
            flag = "t" if rng.random() < 0.7 else "f"
        else:
            number = str(int(10 * size * growth * noise))
        yield ind.pk, f"{number}\t{numerator}\t{denominator}\t{flag}\t\\N\t\t\tf\n"


FOLLOWUPS = 100_000
# Cumulative shares, as _status reads them: 45% open, 20% in progress, 10% answered, 20% done…
FOLLOWUP_STATUSES = [
    ("open", 45),
    ("in_progress", 65),
    ("answered", 75),
    ("done", 95),
    ("rejected", 98),
    ("transferred", 100),
]
TOPICS = ["training", "agriculture", "environment", "ip", "digital", "funding", "staffing", "policy", "technology"]


def _followups(rng: random.Random, communes: list[AdminUnit], officer_id: int) -> int:
    """100,000 requests and directives spread over every commune, in every state, some overdue."""
    offices = list(Organisation.objects.filter(kind=OrganisationKind.DEPARTMENT_OFFICE).values_list("pk", flat=True))
    today = date.today()
    columns = [
        "created_at", "updated_at", "version", "kind", "text", "is_demo", "created_by_id", "unit_id",
        "updated_by_id", "assignee_kind", "assignee_name", "assignee_office_id", "closed_at", "due_on",
        "is_public", "raised_by", "resolution", "resolution_url", "status_reason", "topic", "status",
    ]  # fmt: skip

    def lines() -> Iterator[str]:
        for n in range(FOLLOWUPS):
            unit = communes[n % len(communes)]
            created = datetime.combine(today, datetime.min.time(), UTC) - timedelta(days=rng.randint(1, 700))
            due = (created + timedelta(days=rng.randint(20, 180))).date()
            status = _status(rng, FOLLOWUP_STATUSES)
            closed = r"\N"
            if status in ("done", "rejected", "transferred"):
                closed = (created + timedelta(days=rng.randint(5, 200))).isoformat()
            request = rng.random() < 0.6
            kind, assignee = ("request", "office") if request else ("directive", "unit")
            office = str(rng.choice(offices)) if request and offices and rng.random() < 0.9 else r"\N"
            stamp = created.isoformat()
            yield (
                f"{stamp}\t{stamp}\t1\t{kind}\tNội dung theo dõi số {n} (bench)\tf\t{officer_id}\t{unit.pk}\t"
                f"{officer_id}\t{assignee}\t\t{office}\t{closed}\t{due.isoformat()}\tf\t\t\t\t\t"
                f"{rng.choice(TOPICS)}\t{status}\n"
            )

    return copy_rows("meetings_followup", columns, lines())


def generate() -> None:
    started = time.monotonic()
    if Program.objects.filter(code=PROGRAM_CODE).exists():
        raise SystemExit(f"programme {PROGRAM_CODE} exists already: use a fresh database")
    admin = User.objects.get(username="admin")
    program, form, indicators = _catalogue(admin)
    periods: list[ReportingPeriod] = []
    for n in range(PERIODS + 1):  # the last one is the open period for the import
        year, half = FIRST_YEAR + (n + 1) // 2, 2 if n % 2 == 0 else 1
        periods.append(
            ReportingPeriod.objects.create(
                program=program,
                form=form,
                kind=PeriodKind.HALF_YEAR,
                previous=periods[-1] if periods else None,
                **_half_year(year, half),
            )
        )
    for code, username in OFFICERS.items():
        user = User.objects.create(
            username=username, full_name=f"Chuyên viên Sở (bench {code})", email=f"{username}@bench.khcn.local"
        )
        user.set_password(PASSWORD)
        user.save()
        RoleGrant.objects.create(user=user, role=Role.DEPARTMENT_OFFICER, unit=province(code))
    catalogue_s = time.monotonic() - started

    communes = current_communes()
    rng = random.Random(SEED)
    sizes = {u.pk: rng.uniform(0.4, 2.5) for u in communes}
    measured, open_period = periods[PERIODS - 1], periods[PERIODS]
    import_units = list(
        AdminUnit.objects.current().filter(level=UnitLevel.COMMUNE, path__startswith=province(IMPORT_PROVINCE).path)
    )
    officer_id = admin.pk

    def report_lines() -> Iterator[str]:
        for period in periods[:PERIODS]:
            mix = LATEST_MIX if period is measured else OLD_MIX
            for unit in communes:
                status = _status(rng, mix)
                submitted = approved = r"\N"
                if status != ReportStatus.DRAFT:
                    when = datetime.combine(period.due_on, datetime.min.time(), UTC)
                    when += timedelta(days=rng.randint(-15, 5), hours=rng.randint(8, 17))
                    submitted = when.isoformat()
                    if status in (ReportStatus.APPROVED, ReportStatus.SIGNED_OFF):
                        approved = (when + timedelta(days=5)).isoformat()
                stamp = datetime.combine(period.data_to, datetime.min.time(), UTC)
                yield (
                    f"{stamp.isoformat()}\t{stamp.isoformat()}\t2\t{status}\t{submitted}\t"
                    f"{approved}\tf\t{officer_id}\t{period.pk}\t{unit.pk}\t{officer_id}\n"
                )
        now = datetime.now(UTC).isoformat()
        for unit in import_units:
            yield f"{now}\t{now}\t1\tdraft\t\\N\t\\N\tf\t{officer_id}\t{open_period.pk}\t{unit.pk}\t\\N\n"

    t0 = time.monotonic()
    reports = copy_rows(
        "reporting_report",
        [
            "created_at",
            "updated_at",
            "version",
            "status",
            "submitted_at",
            "approved_at",
            "is_demo",
            "created_by_id",
            "period_id",
            "unit_id",
            "updated_by_id",
        ],
        report_lines(),
    )
    reports_s = time.monotonic() - t0

    t0 = time.monotonic()
    values = 0
    for index, period in enumerate(periods[:PERIODS]):
        growth = 1 + 0.03 * index
        # Read first: no other statement may run on the connection during a COPY.
        rows = list(Report.objects.filter(period=period).values_list("pk", "unit_id", "status"))

        def value_lines(rows: Any = rows, growth: float = growth) -> Iterator[str]:
            for report_id, unit_id, status in rows:
                partial = status == ReportStatus.DRAFT
                for indicator_id, cols in _values(rng, indicators, sizes[unit_id], growth, partial):
                    yield f"{report_id}\t{indicator_id}\t{cols}"

        values += copy_rows(
            "reporting_value",
            [
                "report_id",
                "indicator_id",
                "number",
                "numerator",
                "denominator",
                "flag",
                "date_value",
                "text",
                "explanation",
                "reopened",
            ],
            value_lines(),
        )
    values_s = time.monotonic() - t0

    t0 = time.monotonic()
    followups = _followups(rng, communes, officer_id)
    followups_s = time.monotonic() - t0

    t0 = time.monotonic()
    with connection.cursor() as cur:
        for table in (
            "meetings_followup",
            "reporting_report",
            "reporting_value",
            "programs_indicator",
            "programs_formindicator",
            "programs_reportingperiod",
            "accounts_rolegrant",
        ):
            cur.execute(f"VACUUM ANALYZE {table}")
        # Write the ~300 MB of new pages out now, not during the measurements that follow.
        cur.execute("CHECKPOINT")
    analyze_s = time.monotonic() - t0
    emit(
        kind="generate",
        seconds=round(time.monotonic() - started, 1),
        catalogue_s=round(catalogue_s, 1),
        reports_s=round(reports_s, 1),
        values_s=round(values_s, 1),
        followups_s=round(followups_s, 1),
        followups=followups,
        analyze_s=round(analyze_s, 1),
        communes=len(communes),
        indicators=len(indicators),
        periods=PERIODS,
        reports=reports,
        values=values,
        period=measured.pk,
        import_period=open_period.pk,
        import_units=len(import_units),
        approved_share=round(
            100
            * Report.objects.filter(period__program=program, status=ReportStatus.APPROVED).count()
            / max(reports, 1),
            1,
        ),
    )


# -- profile -----------------------------------------------------------------------------
class _QueryTimer:
    """Execute wrapper: every query's SQL, parameters and time (ms, perf_counter)."""

    def __init__(self) -> None:
        self.queries: list[tuple[float, str, Any]] = []

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append(((time.perf_counter() - start) * 1000, sql, params))


def _render(client: Client, path: str) -> tuple[dict[str, Any], list[tuple[float, str, Any]]]:
    """Render `path` a few times (median wall time); the queries of the last render."""
    walls = []
    for _ in range(RENDERS):
        timer = _QueryTimer()
        with connection.execute_wrapper(timer):
            start = time.perf_counter()
            resp = client.get(path)
            walls.append((time.perf_counter() - start) * 1000)
    slowest = max(timer.queries, default=(0.0, "", None))
    repeated = Counter(sql for _, sql, _ in timer.queries).most_common(1)
    item = {
        "status": resp.status_code,
        "queries": len(timer.queries),
        "db_ms": round(sum(t for t, _, _ in timer.queries), 2),
        "wall_ms": round(statistics.median(walls), 2),
        "bytes": len(resp.content),
        "slowest_ms": round(slowest[0], 2),
        "slowest_sql": slowest[1][:400],
        # The statement run most often (same SQL, other parameters): an N+1 shows here.
        "repeated": repeated[0][1] if repeated else 0,
        "repeated_sql": repeated[0][0][:300] if repeated else "",
    }
    return item, timer.queries


def _explain(sql: str, params: Any) -> str:
    with connection.cursor() as cur:
        cur.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        return "\n".join(row[0] for row in cur.fetchall())


def _timed(fn: Callable[[], Any]) -> float:
    times = []
    for _ in range(RENDERS):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)


def profile(period_id: int) -> None:
    period = ReportingPeriod.objects.select_related("form", "program").get(pk=period_id)
    users = {
        HANOI: User.objects.get(username="chuyenvien"),
        **{code: User.objects.get(username=name) for code, name in OFFICERS.items()},
    }
    admin = User.objects.get(username="admin")
    explain_log = (OUT / "reporting-explain.txt").open("w")
    pages = {
        "board": f"/reporting/periods/{period.pk}/board/",
        "aggregate": f"/reporting/periods/{period.pk}/aggregate/",
    }

    def page(scope: str, kind: str, user: User, path: str, units: int) -> None:
        client = Client(SERVER_NAME="127.0.0.1")
        client.force_login(user)
        item, queries = _render(client, path)
        explain_log.write(
            f"== {kind} [{scope}] {path}: {item['queries']} queries, "
            f"{item['db_ms']} ms SQL, {item['wall_ms']} ms render (median)\n"
        )
        for ms, sql, _params in queries:
            explain_log.write(f"  {ms:8.2f} ms  {sql[:150]}\n")
        for ms, sql, params in sorted(queries, key=lambda q: q[0], reverse=True)[:2]:
            explain_log.write(f"-- {ms:.2f} ms:\n{sql}\n-- params: {params}\n{_explain(sql, params)}\n\n")
        emit(kind=kind, scope=scope, path=path, units=units, **item)

    for code in (SMALL, HANOI, LARGE):
        prov = province(code)
        units = AdminUnit.objects.current().filter(level=UnitLevel.COMMUNE, path__startswith=prov.path).count()
        scope = f"{prov.name} ({units} communes)"
        with override_settings(KHCN_PROVINCE_CODE=code):
            page(scope, "board", users[code], pages["board"], units)
            page(scope, "aggregate", users[code], pages["aggregate"], units)
            report = (
                Report.objects.filter(period=period, unit__path__startswith=prov.path, status=ReportStatus.APPROVED)
                .order_by("pk")
                .first()
            )
            assert report is not None
            page(scope, "report", users[code], f"/reporting/reports/{report.pk}/", units)
            page(scope, "followups", users[code], "/meetings/items/board/", units)
    national = AdminUnit.objects.current().filter(level=UnitLevel.COMMUNE).count()
    scope = f"whole country ({national} communes)"
    with override_settings(KHCN_PROVINCE_CODE=""):  # a deployment for the whole country
        page(scope, "aggregate", admin, pages["aggregate"], national)
        page(scope, "board", admin, pages["board"], national)
        page(scope, "followups", admin, "/meetings/items/board/", national)
        forget_scope(admin)
        board_ms = _timed(lambda: selectors.period_board(period=period, user=admin))

        def cold() -> None:
            cache.clear()
            selectors.period_aggregate(period=period, user=admin)

        aggregate_cold_ms = _timed(cold)
        aggregate_ms = _timed(lambda: selectors.period_aggregate(period=period, user=admin))

        def followups_cold() -> None:
            cache.clear()
            meeting_selectors.followup_board(user=admin)

        followups_cold_ms = _timed(followups_cold)
        followups_ms = _timed(lambda: meeting_selectors.followup_board(user=admin))
    emit(
        kind="selectors",
        scope=scope,
        units=national,
        board_ms=board_ms,
        aggregate_ms=aggregate_ms,
        aggregate_cold_ms=aggregate_cold_ms,
        followups_cold_ms=followups_cold_ms,
        followups_ms=followups_ms,
    )
    explain_log.close()


# -- workbook and import -----------------------------------------------------------------
def _officer() -> User:
    from django.conf import settings

    code = settings.KHCN_PROVINCE_CODE
    return User.objects.get(username="chuyenvien" if code == HANOI else OFFICERS[code])


def workbook(period_id: int, target: str) -> None:
    """The import period's workbook as the Department downloads it, every value filled in."""
    from openpyxl import load_workbook

    from khcn.reporting import excel
    from khcn.reporting.models import Value

    period = ReportingPeriod.objects.select_related("form").get(pk=period_id)
    officer = _officer()
    start = time.monotonic()
    content = excel.workbook_export(period=period, user=officer, filled=False)
    export_s = time.monotonic() - start
    items = {ind.code: ind for ind, _ in selectors.form_items(period=period)}
    previous: dict[tuple[int, int], Value] = {}
    units = {u.code: u.pk for u in selectors.period_expected_units(period=period)}
    for v in Value.objects.filter(report__period=period.previous, report__unit_id__in=units.values()).select_related(
        "report"
    ):
        previous[(v.report.unit_id, v.indicator_id)] = v
    wb = load_workbook(io.BytesIO(content))
    ws = wb[excel.SHEET]
    col = {name: i for i, name in enumerate(excel.HEADERS)}
    rng = random.Random(SEED + 1)
    rows = 0
    received: dict[str, int] = {}
    for row in ws.iter_rows(min_row=2):
        unit_code, code = row[col["Mã đơn vị"]].value, row[col["Mã chỉ tiêu"]].value
        ind = items[code]
        before = previous.get((units[unit_code], ind.pk))
        cells = _import_cells(rng, ind, before, received, unit_code)
        for name, value in cells.items():
            row[col[name]].value = value
        rows += 1
    wb.save(target)
    emit(kind="workbook", rows=rows, export_s=round(export_s, 2), units=len(units), bytes=Path(target).stat().st_size)


def _import_cells(
    rng: random.Random, ind: Indicator, before: Any, received: dict[str, int], unit_code: str
) -> dict[str, Any]:
    """Cell values for one row: close to the last period's value, valid for every rule."""
    grow = rng.uniform(1.0, 1.08)
    vt, suffix = ind.value_type, ind.code[1:]
    if vt == ValueType.RATIO:
        den = int(before.denominator) if before and before.denominator else 20
        num = int(before.numerator) if before and before.numerator is not None else 10
        return {"Tử số": min(den, int(num * grow)), "Mẫu số": den}
    if vt == ValueType.BOOLEAN:
        return {"Giá trị": "Có" if rng.random() < 0.75 else "Không"}
    base = before.number if before and before.number is not None else Decimal(50)
    if vt == ValueType.PERCENT:
        return {"Giá trị": round(min(100.0, float(base) * grow), 1)}
    number = int(float(base) * grow)
    if suffix == "1":
        received[unit_code] = number
    elif suffix == "2":
        number = min(number, received.get(unit_code, number))
    if vt == ValueType.MONEY:
        return {"Giá trị": number, "Giải thích": "Kinh phí theo dự toán được giao"}
    return {"Giá trị": number}


def import_file(period_id: int, source: str) -> None:
    from khcn.reporting import excel
    from khcn.reporting.models import Value

    period = ReportingPeriod.objects.select_related("form").get(pk=period_id)
    officer = _officer()
    base_mb = _rss("VmRSS")
    before = Value.objects.filter(report__period=period).count()
    queries = 0

    def count(execute: Callable[..., Any], *args: Any) -> Any:
        nonlocal queries
        queries += 1
        return execute(*args)

    start = time.monotonic()
    with open(source, "rb") as fh, connection.execute_wrapper(count):
        result = excel.workbook_import(period=period, user=officer, file=fh, submit=False, today=period.due_on)
    seconds = time.monotonic() - start
    after = Value.objects.filter(report__period=period).count()
    emit(
        kind="import",
        seconds=round(seconds, 2),
        ok=result.ok,
        rows=result.rows,
        queries=queries,
        reports=result.saved,
        errors=[e.__dict__ for e in result.errors[:5]],
        error_count=len(result.errors),
        values_before=before,
        values_after=after,
        peak_mb=_rss("VmHWM"),
        base_mb=base_mb,
    )


def _rss(field: str) -> float | None:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return round(int(line.split()[1]) / 1024, 1)
    return None


# -- similarity over past tasks -----------------------------------------------------------
PAST_TASKS = 50_000
_ACTIONS = [
    "Nghiên cứu",
    "Ứng dụng",
    "Xây dựng mô hình",
    "Đánh giá",
    "Phát triển",
    "Hoàn thiện công nghệ",
    "Chuyển giao",
    "Thử nghiệm",
    "Đề xuất giải pháp",
    "Bảo tồn và khai thác",
]
_SUBJECTS = [
    "xử lý chất thải chăn nuôi lợn", "xử lý nước thải làng nghề", "sản xuất rau an toàn công nghệ cao",
    "nhân giống hoa đào", "bảo quản nông sản sau thu hoạch", "truy xuất nguồn gốc sản phẩm OCOP",
    "chuyển đổi số trong quản lý hành chính", "dịch vụ công trực tuyến", "giáo dục STEM",
    "khám chữa bệnh từ xa", "quan trắc chất lượng không khí", "xử lý rác thải sinh hoạt",
    "nuôi trồng thủy sản", "nguồn gen gà Mía", "giống bưởi đỏ", "du lịch nông nghiệp",
    "năng lượng mặt trời", "vật liệu xây dựng không nung", "phòng chống sạt lở", "an toàn thực phẩm",
    "trí tuệ nhân tạo trong giao thông", "chiếu sáng công cộng tiết kiệm", "nhãn hiệu tập thể",
    "chế biến dược liệu", "canh tác lúa hữu cơ", "cây ăn quả có múi", "bò sữa", "nấm ăn và nấm dược liệu",
]  # fmt: skip
_CONTEXTS = ["quy mô hộ gia đình", "quy mô hợp tác xã", "vùng ven đô", "khu công nghiệp", "cấp xã", "cấp tỉnh"]


def _past_task_titles(rng: random.Random) -> Iterator[str]:
    places = [u.name for u in AdminUnit.objects.current().filter(level=UnitLevel.COMMUNE)]
    for _n in range(PAST_TASKS):
        yield (
            f"{rng.choice(_ACTIONS)} {rng.choice(_SUBJECTS)} {rng.choice(_CONTEXTS)} "
            f"tại {rng.choice(['xã', 'phường'])} {rng.choice(places)}"
        )


def similarity_bench() -> None:
    """50,000 past tasks (COPY), then the duplicate check for 200 new titles, timed one by one."""
    from khcn.core.text import fold
    from khcn.research import similarity

    rng = random.Random(SEED + 7)
    admin = User.objects.get(username="admin")
    titles = list(_past_task_titles(rng))
    now = datetime.now(UTC).isoformat()
    columns = [
        "created_at", "updated_at", "created_by_id", "updated_by_id", "code", "title", "task_type", "field",
        "host_name", "pi_name", "summary", "start_year", "end_year", "status", "title_folded", "is_demo",
    ]  # fmt: skip
    # Every other column the table requires (NOT NULL): empty text, version 1. Derived from the
    # model, so a field added later does not break the COPY.
    from django.db import models as dj_models

    from khcn.research.models import ResearchTask

    required = {"version": "1"}
    for f in ResearchTask._meta.concrete_fields:
        if f.primary_key or f.null or f.column in columns or f.column in required:
            continue
        if isinstance(f, (dj_models.CharField, dj_models.TextField)):
            required[f.column] = ""
    columns += list(required)
    tail = "\t".join(required.values())

    def lines() -> Iterator[str]:
        for n, title in enumerate(titles):
            year = 2010 + n % 15
            yield (
                f"{now}\t{now}\t{admin.pk}\t{admin.pk}\tB-{n:05d}\t{title}\ttopic\tagricultural\t\t\t\t"
                f"{year}\t{year + 2}\taccepted\t{fold(title)}\tf\t{tail}\n"
            )

    t0 = time.monotonic()
    copy_rows("research_researchtask", columns, lines())
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE research_researchtask")
    load_s = time.monotonic() - t0
    queries = [
        f"{rng.choice(_ACTIONS)} {rng.choice(_SUBJECTS)} {rng.choice(_CONTEXTS)} "
        f"tại xã {rng.choice(['Mê Linh', 'Sóc Sơn'])}"
        for _ in range(200)
    ]
    similarity.similar_to(title=queries[0])  # warm the connection and the plan
    times, found = [], 0
    for q in queries:
        start = time.perf_counter()
        matches = similarity.similar_to(title=q)
        times.append((time.perf_counter() - start) * 1000)
        found += bool(matches)
    times.sort()
    emit(
        kind="similarity",
        tasks=PAST_TASKS,
        load_s=round(load_s, 1),
        queries=len(queries),
        with_matches=found,
        p50_ms=round(times[len(times) // 2], 1),
        p95_ms=round(times[int(len(times) * 0.95) - 1], 1),
        max_ms=round(times[-1], 1),
    )


def main(argv: list[str]) -> None:
    command, args = argv[0], argv[1:]
    if command == "generate":
        generate()
    elif command == "similarity":
        similarity_bench()
    elif command == "profile":
        profile(int(args[0]))
    elif command == "workbook":
        workbook(int(args[0]), args[1])
    elif command == "import":
        import_file(int(args[0]), args[1])
    else:
        raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
