"""Local products at national scale for `make bench`: data and SQL profile.

Run by bench/run.py in subprocesses whose environment points at the benchmark database
(DATABASE_URL, DEBUG=false ...). Each subcommand prints one JSON object per line on stdout:

  generate [PRODUCTS [BATCHES]]
        PRODUCTS local products (default 100,000) spread over every current commune of the
        registry, each made by a producer of its commune (one producer for two products), and
        BATCHES batches (default 300,000; at least one per product, about one check each);
        one IP asset per 20 products (at every stage of the dossier, with its stage events),
        one OCOP rating per 5 products, one VietGAP certificate per 10 producers. Everything is
        published, written with PostgreSQL COPY, then VACUUM ANALYZE and a CHECKPOINT. One
        "large" product (5 producers, 60 batches, 3 marks, 3 ratings, a batch with 12 checks)
        and one "small" one (1 producer, 1 batch without checks, nothing else) are kept for the
        SQL profile. Random samples of the public codes (products and batches) go to
        bench/out/products-ids.json for Locust; what `profile` needs to
        bench/out/products-info.json.
  profile
        Queries and render time of the public product page and the QR JSON of the small and
        the large product, and of the board for one commune and for Hà Nội (signed in as the
        demo's Department officer `chuyenvien`), rendered in-process with Django's test client;
        the query count must not grow with the product's size.

The data are synthetic but plausible (names of real product kinds and communes, dates of the
last two years). Rows written with COPY have no django-simple-history records, which no
benchmarked page reads. Columns the generator does not know (added by a later migration) get
their model default, or empty text, so a new field does not break the COPY.
"""

from __future__ import annotations

import io
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
IDS_FILE = OUT / "products-ids.json"
INFO_FILE = OUT / "products-info.json"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, models, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from khcn.accounts.models import User  # noqa: E402
from khcn.core.text import fold  # noqa: E402
from khcn.geo.models import AdminUnit, UnitLevel  # noqa: E402
from khcn.products.models import (  # noqa: E402
    IP_STAGE_ORDER,
    PUBLIC_ID_ALPHABET,
    PUBLIC_ID_LENGTH,
    Batch,
    BatchCheck,
    Certification,
    IpAsset,
    IpStage,
    IpStageEvent,
    OcopRating,
    Producer,
    Product,
    months_after,
)

PRODUCTS, BATCHES = 100_000, 300_000
SEED = 20260714
SAMPLE = 20_000  # public codes handed to Locust, each kind
RENDERS = 5
HANOI = "01"
OFFICER = "chuyenvien"  # the demo's Department officer in Hà Nội
LARGE_BATCHES, LARGE_CHECKS = 60, 12

# (category, kinds of product made in a commune); names read "<kind> <commune> số <n> (bench)".
KINDS = [
    ("food", ["Bưởi", "Cam", "Nhãn", "Vải", "Gạo nếp", "Rau an toàn", "Mật ong", "Miến dong", "Bánh đa", "Giò chả"]),
    ("beverage", ["Rượu nếp", "Trà xanh", "Nước cốt gừng"]),
    ("herbal", ["Cao dược liệu", "Trà túi lọc thảo mộc", "Tinh dầu sả"]),
    ("handicraft", ["Mây tre đan", "Gốm", "Sơn mài", "Nón lá"]),
    ("ornamental", ["Hoa đào", "Quất cảnh", "Lan"]),
    ("tourism", ["Du lịch sinh thái", "Du lịch cộng đồng"]),
]
CATEGORY_CYCLE = [0, 0, 0, 1, 2, 3, 4, 5]  # food most often
PRODUCER_KINDS = ["cooperative"] * 6 + ["enterprise"] * 2 + ["household", "craft_village"]
UNITS_OF_QUANTITY = ["kg", "tấn", "hộp", "chai", "bó"]
# Cumulative shares of the dossiers' stages (granted most often).
STAGE_MIX = [
    (IpStage.SURVEY, 6),
    (IpStage.DOSSIER, 14),
    (IpStage.FILED, 18),
    (IpStage.FORMAL_EXAM, 22),
    (IpStage.PUBLISHED, 27),
    (IpStage.SUBSTANTIVE_EXAM, 35),
    (IpStage.GRANTED, 95),
    (IpStage.REFUSED, 98),
    (IpStage.WITHDRAWN, 100),
]


def emit(**item: Any) -> None:
    print(json.dumps(item, ensure_ascii=False, default=str), flush=True)


def _text(value: Any) -> str:
    """A value as COPY's text format writes it."""
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value).replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


def _defaults(model: type[models.Model], given: list[str]) -> dict[str, str]:
    """COPY text for the NOT NULL columns of `model` the generator does not fill."""
    out: dict[str, str] = {}
    for f in model._meta.concrete_fields:
        if f.primary_key or f.null or f.column in given:
            continue
        if f.has_default() and not callable(f.default):
            out[f.column] = _text(f.default)
        elif isinstance(f, (models.CharField, models.TextField)):
            out[f.column] = ""
        elif isinstance(f, models.DateTimeField):
            out[f.column] = datetime.now(UTC).isoformat()
        else:
            raise SystemExit(f"{model.__name__}.{f.name}: NOT NULL without a default; teach bench/products.py it")
    return out


def copy_model(model: type[models.Model], columns: list[str], rows: Iterator[list[Any]]) -> int:
    """COPY `rows` (values in the order of `columns`) into the table of `model`."""
    extra = _defaults(model, columns)
    tail = ("\t" + "\t".join(extra.values())) if extra else ""
    count = 0
    with connection.cursor() as cur, transaction.atomic():
        raw = cur.cursor  # the psycopg cursor under Django's wrapper
        names = ", ".join(connection.ops.quote_name(c) for c in [*columns, *extra])
        sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({names}) FROM STDIN"
        with raw.copy(sql) as copy:
            buf = io.StringIO()
            for row in rows:
                buf.write("\t".join(_text(v) for v in row) + tail + "\n")
                count += 1
                if buf.tell() > 4 << 20:
                    copy.write(buf.getvalue())
                    buf = io.StringIO()
            copy.write(buf.getvalue())
    return count


def _new_ids(model: type[models.Model], count: int, rng: random.Random) -> list[str]:
    """`count` public codes unused in `model`'s table, drawn like `new_public_id`."""
    taken = set(model._default_manager.values_list("public_id", flat=True))  # type: ignore[attr-defined]
    ids: list[str] = []
    while len(ids) < count:
        code = "".join(rng.choices(PUBLIC_ID_ALPHABET, k=PUBLIC_ID_LENGTH))
        if code not in taken:
            taken.add(code)
            ids.append(code)
    return ids


def _pks_after(model: type[models.Model], last: int) -> list[int]:
    """The primary keys COPY just gave, in the order of its rows (a sequence, one statement)."""
    return list(model._default_manager.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True))


def _last_pk(model: type[models.Model]) -> int:
    return model._base_manager.aggregate(m=models.Max("pk"))["m"] or 0  # type: ignore[attr-defined]


def _through(field: Any) -> tuple[type[models.Model], str, str]:
    """(through model, column of the source, column of the target) of a many-to-many field."""
    through = field.remote_field.through
    return through, field.m2m_column_name(), field.m2m_reverse_name()


def _stage_dates(rng: random.Random, stage: str, end: date) -> list[tuple[str, date]]:
    """The events of a dossier now at `stage`, 10-120 days apart, the last 1-300 days before `end`."""
    path = IP_STAGE_ORDER[: IP_STAGE_ORDER.index(stage) + 1] if stage in IP_STAGE_ORDER else IP_STAGE_ORDER[:6]
    if stage not in IP_STAGE_ORDER:
        path = [*path, stage]
    offsets = [0]
    for _ in path[1:]:
        offsets.append(offsets[-1] + rng.randint(10, 120))
    start = end - timedelta(days=rng.randint(1, 300) + offsets[-1])
    return [(s, start + timedelta(days=offset)) for s, offset in zip(path, offsets, strict=True)]


def generate(products: int = PRODUCTS, batches: int = BATCHES) -> None:
    if products < 10 or batches < products + LARGE_BATCHES:
        raise SystemExit("need at least 10 products and a batch each plus the large product's")
    started = time.monotonic()
    rng = random.Random(SEED)
    officer = User.objects.get(username=OFFICER)
    communes = list(AdminUnit.objects.current().filter(level=UnitLevel.COMMUNE).order_by("path"))
    hanoi = AdminUnit.objects.current().get(level=UnitLevel.PROVINCE, code=HANOI)
    now = datetime.now(UTC)
    today = date.today()
    stamp = now.isoformat()
    who = officer.pk
    n_producers = (products + 1) // 2
    timings: dict[str, float] = {}

    def timed(label: str, fn: Any) -> Any:
        t0 = time.monotonic()
        result = fn()
        timings[label] = round(time.monotonic() - t0, 1)
        return result

    # Producers: producer j in communes[j % len], making products 2j and 2j + 1.
    base = _last_pk(Producer)
    cols = ["created_at", "updated_at", "created_by_id", "updated_by_id", "version", "name", "kind", "unit_id",
            "address", "representative", "members", "is_demo", "name_folded", "publish_contact"]  # fmt: skip

    def producer_rows() -> Iterator[list[Any]]:
        for j in range(n_producers):
            unit = communes[j % len(communes)]
            name = f"Hợp tác xã sản xuất {unit.name} số {j // len(communes) + 1} (bench)"
            yield [stamp, stamp, who, who, 1, name, PRODUCER_KINDS[j % len(PRODUCER_KINDS)], unit.pk,
                   f"Thôn {j % 17 + 1}, {unit.full_name}", f"Người đại diện {j} (bench)", rng.randint(7, 400),
                   False, fold(name), False]  # fmt: skip

    timed("producers_s", lambda: copy_model(Producer, cols, producer_rows()))
    producer_pks = _pks_after(Producer, base)

    # Products, all published.
    base = _last_pk(Product)
    product_codes = _new_ids(Product, products, rng)
    cols = ["created_at", "updated_at", "created_by_id", "updated_by_id", "version", "public_id", "name",
            "category", "unit_id", "description", "season", "is_published", "published_at", "is_demo",
            "name_folded"]  # fmt: skip

    def product_rows() -> Iterator[list[Any]]:
        for i in range(products):
            unit = communes[(i // 2) % len(communes)]
            category, kinds = KINDS[CATEGORY_CYCLE[i % len(CATEGORY_CYCLE)]]
            kind = kinds[i % len(kinds)]
            name = f"{kind} {unit.name} số {i // (2 * len(communes)) + 1}{'' if i % 2 == 0 else 'A'} (bench)"
            published = now - timedelta(days=rng.randint(1, 700))
            yield [stamp, stamp, who, who, 1, product_codes[i], name, category, unit.pk,
                   f"{kind} của {unit.full_name}, sản phẩm sinh ra cho đo hiệu năng.", "Quanh năm", True,
                   published.isoformat(), False, fold(name)]  # fmt: skip

    timed("products_s", lambda: copy_model(Product, cols, product_rows()))
    product_pks = _pks_after(Product, base)
    large, small = product_pks[0], product_pks[-1]

    through, src, dst = _through(Product._meta.get_field("producers"))

    def maker_rows() -> Iterator[list[Any]]:
        for i, pk in enumerate(product_pks):
            yield [pk, producer_pks[i // 2]]
        for extra in range(1, 5):  # the large product has 5 producers
            yield [large, producer_pks[(extra * 7919) % len(producer_pks)]]

    timed("makers_s", lambda: copy_model(through, [src, dst], maker_rows()))

    # Batches: the large product 60, the small one 1, the rest spread at random (at least 1 each).
    per_product = [1] * products
    per_product[0] = LARGE_BATCHES
    for _ in range(batches - sum(per_product)):
        per_product[rng.randrange(1, products - 1)] += 1
    batch_codes = _new_ids(Batch, batches, rng)
    base = _last_pk(Batch)
    cols = ["created_at", "updated_at", "created_by_id", "updated_by_id", "version", "product_id", "public_id",
            "lot", "produced_on", "packed_on", "expires_on", "quantity", "quantity_unit", "inputs", "steps",
            "distributor", "is_published", "is_demo"]  # fmt: skip

    def batch_rows() -> Iterator[list[Any]]:
        code = iter(batch_codes)
        for i, pk in enumerate(product_pks):
            for k in range(per_product[i]):
                made = today - timedelta(days=rng.randint(1, 730))
                yield [stamp, stamp, who, who, 1, pk, next(code), f"L{made:%y%m}-{k + 1:03d}", made,
                       made + timedelta(days=1), made + timedelta(days=rng.choice([7, 30, 180, 365])),
                       rng.randint(10, 5000), rng.choice(UNITS_OF_QUANTITY),
                       "Giống, phân bón hữu cơ, chế phẩm sinh học (bench)", "Thu hoạch, sơ chế, đóng gói (bench)",
                       "Cửa hàng nông sản (bench)", True, False]  # fmt: skip

    timed("batches_s", lambda: copy_model(Batch, cols, batch_rows()))
    batch_rows_back = list(
        Batch.objects.filter(pk__gt=base).order_by("pk").values_list("pk", "product_id", "produced_on")
    )
    large_batch = next(pk for pk, product, _ in batch_rows_back if product == large)
    small_batch = next(pk for pk, product, _ in batch_rows_back if product == small)

    def check_rows() -> Iterator[list[Any]]:
        for n, (pk, product, made) in enumerate(batch_rows_back):
            count = LARGE_CHECKS if pk == large_batch else 0 if product == small else n % 3
            for c in range(count):
                kind = "test" if c % 2 else "inspection"
                yield [pk, kind, made + timedelta(days=c + 1), "Phòng thử nghiệm (bench)", "Đạt (bench)", True]

    checks = timed(
        "checks_s", lambda: copy_model(BatchCheck, ["batch_id", "kind", "on", "by", "result", "passed"], check_rows())
    )

    # IP assets over runs of 4 products of a commune; the large product is in 3 of them.
    n_assets = max(1, products // 20)
    base = _last_pk(IpAsset)
    asset_codes = _new_ids(IpAsset, n_assets, rng)
    stages: list[list[tuple[str, date]]] = []
    for _ in range(n_assets):
        roll = rng.random() * 100
        stage = next(s for s, upto in STAGE_MIX if roll < upto)
        stages.append(_stage_dates(rng, stage, today))
    cols = ["created_at", "updated_at", "created_by_id", "updated_by_id", "version", "public_id", "name", "kind",
            "unit_id", "owner_name", "nice_classes", "stage", "stage_since", "application_number", "filed_on",
            "certificate_number", "granted_on", "expires_on", "is_demo"]  # fmt: skip

    def asset_rows() -> Iterator[list[Any]]:
        for a in range(n_assets):
            unit = communes[(a * 2) % len(communes)]
            events = dict(stages[a])
            stage, since = stages[a][-1]
            filed = events.get(IpStage.FILED)
            granted = events.get(IpStage.GRANTED)
            kind = "geographical_indication" if a % 25 == 0 else "collective_mark" if a % 4 else "certification_mark"
            expires = months_after(filed, 120) if granted and filed and kind != "geographical_indication" else None
            yield [stamp, stamp, who, who, 1, asset_codes[a], f"Nhãn hiệu {unit.name} số {a} (bench)", kind,
                   unit.pk, f"UBND {unit.full_name} (bench)", "31", stage, since,
                   f"4-{filed.year}-{a:05d}" if filed else "", filed, f"4-0{a:06d}-000" if granted else "",
                   granted, expires, False]  # fmt: skip

    timed("assets_s", lambda: copy_model(IpAsset, cols, asset_rows()))
    asset_pks = _pks_after(IpAsset, base)
    through, src, dst = _through(IpAsset._meta.get_field("products"))

    def covered_rows() -> Iterator[list[Any]]:
        for a, pk in enumerate(asset_pks):
            first = (a * 4) % products
            for i in range(first, min(first + 4, products)):
                if product_pks[i] != small:
                    yield [pk, product_pks[i]]
        for a in (1, 2):  # asset 0 covers the large product (index 0) already; 1 and 2 do not
            if a < len(asset_pks):
                yield [asset_pks[a], large]

    timed("covered_s", lambda: copy_model(through, [src, dst], covered_rows()))

    def event_rows() -> Iterator[list[Any]]:
        for pk, events in zip(asset_pks, stages, strict=True):
            for stage, on in events:
                yield [pk, stage, on, "", stamp, who]

    events = timed(
        "events_s",
        lambda: copy_model(IpStageEvent, ["asset_id", "stage", "on", "note", "recorded_at", "actor_id"], event_rows()),
    )

    # OCOP ratings: one per 5 products (none for the small one), 3 for the large one.
    cols = ["created_at", "updated_at", "created_by_id", "updated_by_id", "version", "product_id", "stars",
            "score", "score_a", "score_b", "score_c", "level", "rating_year", "decision_number", "decision_date",
            "valid_until", "is_demo"]  # fmt: skip

    def rating_rows() -> Iterator[list[Any]]:
        targets = [large, large, large] + [product_pks[i] for i in range(5, products - 1, 5)]
        for n, pk in enumerate(targets):
            stars = 3 if n % 3 else 4
            a, b, c = (28, 17, 20) if stars == 3 else (33, 20, 25)
            decided = today - timedelta(days=rng.randint(10, 1200))
            yield [stamp, stamp, who, who, 1, pk, stars, a + b + c, a, b, c, "city", decided.year,
                   f"{1000 + n}/QĐ-UBND (bench)", decided, months_after(decided, 36), False]  # fmt: skip

    ratings = timed("ratings_s", lambda: copy_model(OcopRating, cols, rating_rows()))

    def certificate_rows() -> Iterator[list[Any]]:
        for j in range(0, len(producer_pks), 10):
            issued = today - timedelta(days=rng.randint(30, 900))
            yield [stamp, stamp, who, who, producer_pks[j], "vietgap", f"VietGAP-{j} (bench)",
                   "Tổ chức chứng nhận (bench)", issued, months_after(issued, 36)]  # fmt: skip

    cols = ["created_at", "updated_at", "created_by_id", "updated_by_id", "producer_id", "kind", "number",
            "issued_by", "issued_on", "valid_until"]  # fmt: skip
    certificates = timed("certificates_s", lambda: copy_model(Certification, cols, certificate_rows()))

    def analyze() -> None:
        with connection.cursor() as cur:
            for model in (Producer, Product, Batch, BatchCheck, IpAsset, IpStageEvent, OcopRating, Certification):
                cur.execute(f"VACUUM ANALYZE {model._meta.db_table}")
            for field in (Product._meta.get_field("producers"), IpAsset._meta.get_field("products")):
                cur.execute(f"VACUUM ANALYZE {field.remote_field.through._meta.db_table}")  # type: ignore[union-attr]
            cur.execute("CHECKPOINT")

    timed("analyze_s", analyze)
    small_batch_code = Batch.objects.get(pk=small_batch).public_id
    large_batch_code = Batch.objects.get(pk=large_batch).public_id
    by_pk = dict(zip(product_pks, product_codes, strict=True))
    # The board's small scope: the Hà Nội commune with the fewest products (the officer's province).
    small_unit = (
        Product.objects.filter(unit__path__startswith=hanoi.path)
        .values("unit_id")
        .annotate(n=models.Count("pk"))
        .order_by("n", "unit_id")
        .values_list("unit_id", flat=True)
        .first()
    )
    info = {
        "products": products,
        "batches": len(batch_rows_back),
        "producers": len(producer_pks),
        "checks": checks,
        "assets": len(asset_pks),
        "events": events,
        "ratings": ratings,
        "certificates": certificates,
        "communes": len(communes),
        "hanoi": hanoi.pk,
        "small_unit": small_unit,
        "large_product": by_pk[large],
        "small_product": by_pk[small],
        "large_batch": large_batch_code,
        "small_batch": small_batch_code,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    INFO_FILE.write_text(json.dumps(info, ensure_ascii=False, indent=1))
    IDS_FILE.write_text(
        json.dumps(
            {
                "products": rng.sample(product_codes, min(SAMPLE, len(product_codes))),
                "batches": rng.sample(batch_codes, min(SAMPLE, len(batch_codes))),
            }
        )
    )
    emit(kind="generate", seconds=round(time.monotonic() - started, 1), **timings, **info)


# -- profile -----------------------------------------------------------------------------
class _QueryTimer:
    """Execute wrapper: the time of every query (ms)."""

    def __init__(self) -> None:
        self.times: list[float] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.times.append((time.perf_counter() - start) * 1000)


def _render(client: Client, path: str) -> dict[str, Any]:
    """Render `path` a few times (median wall time, and the first: before anything was stored or
    cached); count and time the queries of the last."""
    walls: list[float] = []
    for _ in range(RENDERS):
        timer = _QueryTimer()
        with connection.execute_wrapper(timer):
            start = time.perf_counter()
            resp = client.get(path)
            walls.append((time.perf_counter() - start) * 1000)
    return {
        "path": path,
        "status": resp.status_code,
        "queries": len(timer.times),
        "db_ms": round(sum(timer.times), 2),
        "wall_ms": round(statistics.median(walls), 2),
        "first_ms": round(walls[0], 2),
        "bytes": len(resp.content),
    }


def profile() -> None:
    info = json.loads(INFO_FILE.read_text())
    anonymous = Client(SERVER_NAME="127.0.0.1")
    officer = Client(SERVER_NAME="127.0.0.1")
    officer.force_login(User.objects.get(username=OFFICER))
    pages = [
        ("product page", "small", anonymous, f"/p/{info['small_product']}/"),
        ("product page", "large", anonymous, f"/p/{info['large_product']}/"),
        ("qr json", "small", anonymous, f"/b/{info['small_batch']}/json/"),
        ("qr json", "large", anonymous, f"/b/{info['large_batch']}/json/"),
        ("board", "small", officer, f"/products/board/?unit={info['small_unit']}"),
        ("board", "large", officer, f"/products/board/?unit={info['hanoi']}"),
    ]
    for kind, size, client, path in pages:
        emit(kind=kind, size=size, **_render(client, path))


def main(argv: list[str]) -> None:
    command, args = argv[0], argv[1:]
    if command == "generate":
        generate(*(int(a) for a in args))
    elif command == "profile":
        profile()
    else:
        raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
