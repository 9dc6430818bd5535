"""The products board: products by commune and category, the IP pipeline, OCOP ratings by
stars and expiry, and the map of products by commune.

Every section starts from the products, IP assets and ratings the user may see (scoping) and
narrowed to one unit's subtree; each is one query whatever the number of rows, so the whole
board costs a constant number of queries (the benchmark's province board stays under 150 ms).
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber

from khcn.accounts.scoping import visible
from khcn.geo.models import TYPE_PREFIX, AdminUnit, UnitType
from khcn.products import alerts
from khcn.products.models import (
    IP_CLOSED_STAGES,
    IP_STAGE_ORDER,
    IpAsset,
    IpStage,
    IpStageEvent,
    OcopRating,
    Product,
    ProductCategory,
)

# The map's popup lists at most this many products of a commune ("and N more" after).
POPUP_PRODUCTS = 8
# Every stage, the open ones in the dossier's order, then how a dossier ends.
STAGES = [*IP_STAGE_ORDER, IpStage.REFUSED, IpStage.WITHDRAWN]
STARS = (3, 4, 5)


# -- the stall rule ---------------------------------------------------------------------------
# The stall rule is the alerts' (khcn/products/alerts.py), under the names the board uses.


def ip_stage_limit(*, kind: str, stage: str) -> int | None:
    """The days a dossier may stay in `stage` before it counts as stalled, or None (no limit)."""
    return alerts.stage_limit_days(kind=kind, stage=stage)


def ip_is_stalled(asset: IpAsset, *, today: date) -> bool:
    return alerts.is_stalled(asset, today)


def ip_stalled_q(*, today: date) -> Q:
    return alerts.ip_stalled_q(today)


# -- the board --------------------------------------------------------------------------------


@dataclass
class CommuneRow:
    unit_id: int
    name: str
    latitude: float | None
    longitude: float | None
    counts: list[int]  # in ProductCategory order
    total: int = 0
    products: list[dict[str, Any]] = field(default_factory=list)

    @property
    def cells(self) -> list[tuple[str, int]]:
        return list(zip(_category_labels(), self.counts, strict=True))

    @property
    def more(self) -> int:
        return self.total - len(self.products)


@dataclass
class StageRow:
    stage: str
    label: str
    count: int
    mean_days: float | None
    median_days: float | None
    stalled: int


@dataclass
class OcopRow:
    stars: int
    valid: int
    expiring: int
    expired: int

    @property
    def total(self) -> int:
        return self.valid + self.expiring + self.expired


@dataclass
class Board:
    unit: AdminUnit | None
    today: date
    communes: list[CommuneRow]
    category_totals: list[int]
    total: int
    stages: list[StageRow]
    stalled: list[IpAsset]
    ocop: list[OcopRow]

    @property
    def categories(self) -> list[tuple[str, str]]:
        return list(zip(ProductCategory.values, _category_labels(), strict=True))

    @property
    def total_cells(self) -> list[tuple[str, int]]:
        return list(zip(_category_labels(), self.category_totals, strict=True))

    @property
    def ocop_totals(self) -> OcopRow:
        return OcopRow(
            stars=0,
            valid=sum(r.valid for r in self.ocop),
            expiring=sum(r.expiring for r in self.ocop),
            expired=sum(r.expired for r in self.ocop),
        )

    @property
    def map_points(self) -> list[dict[str, Any]]:
        """The communes with coordinates, for the map (json_script)."""
        return [
            {
                "name": r.name,
                "lat": r.latitude,
                "lng": r.longitude,
                "total": r.total,
                "products": [p["name"] for p in r.products],
                "more": r.more,
            }
            for r in self.communes
            if r.latitude is not None and r.longitude is not None
        ]


def _category_labels() -> list[str]:
    return [str(label) for label in ProductCategory.labels]


def _narrowed(qs: QuerySet[Any], user: Any, unit: AdminUnit | None, unit_field: str) -> QuerySet[Any]:
    qs = visible(qs, user)
    if unit is not None:
        qs = qs.filter(**{f"{unit_field}__in": AdminUnit.objects.subtree(unit).values("pk")})
    return qs


def product_board(*, user: Any, unit: AdminUnit | None, today: date) -> Board:
    """The board over the products, IP dossiers and OCOP ratings `user` may see, within `unit`'s
    subtree when given. Eight queries whatever the data."""
    products = _narrowed(Product.objects.all(), user, unit, "unit")
    assets = _narrowed(IpAsset.objects.all(), user, unit, "unit")
    communes = _communes(products)
    categories = [c for c, _label in ProductCategory.choices]
    totals = [sum(r.counts[i] for r in communes) for i in range(len(categories))]
    stalled = list(
        assets.filter(ip_stalled_q(today=today)).select_related("unit").order_by("stage_since", "name", "pk")
    )
    for asset in stalled:
        asset.days_in_stage = (today - asset.stage_since).days  # type: ignore[attr-defined]
        asset.limit_days = ip_stage_limit(kind=asset.kind, stage=asset.stage)  # type: ignore[attr-defined]
    return Board(
        unit=unit,
        today=today,
        communes=communes,
        category_totals=totals,
        total=sum(totals),
        stages=_stages(assets, stalled, today),
        stalled=stalled,
        ocop=_ocop(products, today),
    )


def _unit_label(unit_type: str, name: str) -> str:
    return f"{TYPE_PREFIX[UnitType(unit_type)]} {name}"


def _communes(products: QuerySet[Product]) -> list[CommuneRow]:
    """Products by commune and category (one query), each commune with its first products by
    name for the map's popup (one query: a row number per commune, cut in the database)."""
    index = {c: i for i, (c, _label) in enumerate(ProductCategory.choices)}
    rows: dict[int, CommuneRow] = {}
    pivot = (
        products.order_by()
        .values(
            "unit_id",
            "unit__name",
            "unit__unit_type",
            "unit__sort_key",
            "unit__latitude",
            "unit__longitude",
            "category",
        )
        .annotate(n=Count("pk"))
    )
    keys: dict[int, str] = {}
    for unit_id, name, unit_type, sort_key, lat, lng, category, n in pivot.values_list(
        "unit_id",
        "unit__name",
        "unit__unit_type",
        "unit__sort_key",
        "unit__latitude",
        "unit__longitude",
        "category",
        "n",
    ):
        row = rows.get(unit_id)
        if row is None:
            row = rows[unit_id] = CommuneRow(
                unit_id=unit_id,
                name=_unit_label(unit_type, name),
                latitude=lat,
                longitude=lng,
                counts=[0] * len(index),
            )
            keys[unit_id] = sort_key
        row.counts[index[category]] += n
        row.total += n
    firsts = (
        products.annotate(
            rank=Window(RowNumber(), partition_by=[F("unit_id")], order_by=[F("name_folded").asc(), F("pk").asc()])
        )
        .filter(rank__lte=POPUP_PRODUCTS)
        .values("pk", "name", "unit_id", "category")
        .order_by("unit_id", "name_folded", "pk")
    )
    for product in firsts:
        if product["unit_id"] in rows:
            rows[product["unit_id"]].products.append(product)
    return sorted(rows.values(), key=lambda r: (keys[r.unit_id], r.unit_id))


def _stages(assets: QuerySet[IpAsset], stalled: list[IpAsset], today: date) -> list[StageRow]:
    """How many dossiers stand at each stage, and the days spent in each stage: from an event
    to the asset's next event, or to today for the stage an open dossier stands in (the end
    stages, granted, refused and withdrawn, take no time). Two queries."""
    counts = dict(assets.order_by().values_list("stage").annotate(n=Count("pk")))
    events = (
        IpStageEvent.objects.filter(asset__in=assets.values("pk"))
        .order_by("asset_id", "on", "pk")
        .values_list("asset_id", "stage", "on", "asset__stage")
    )
    days: dict[str, list[int]] = defaultdict(list)
    previous: tuple[int, str, date, str] | None = None
    for event in events:
        if previous is not None and previous[0] == event[0]:
            days[previous[1]].append((event[2] - previous[2]).days)
        elif previous is not None:
            _close(days, previous, today)
        previous = event
    if previous is not None:
        _close(days, previous, today)
    stalled_by_stage: dict[str, int] = defaultdict(int)
    for asset in stalled:
        stalled_by_stage[asset.stage] += 1
    labels = dict(IpStage.choices)
    return [
        StageRow(
            stage=stage,
            label=str(labels[stage]),
            count=counts.get(stage, 0),
            mean_days=round(statistics.fmean(days[stage]), 1) if days[stage] else None,
            median_days=float(statistics.median(days[stage])) if days[stage] else None,
            stalled=stalled_by_stage[stage],
        )
        for stage in STAGES
    ]


def _close(days: dict[str, list[int]], last: tuple[int, str, date, str], today: date) -> None:
    """The last event of an asset: its stage lasts until today if the dossier stands in it."""
    _asset, stage, on, current = last
    if stage == current and stage not in IP_CLOSED_STAGES:
        days[stage].append((today - on).days)


def _ocop(products: QuerySet[Product], today: date) -> list[OcopRow]:
    """Each product's current rating (its latest decision) by stars and expiry: valid, expiring
    within KHCN_OCOP_EXPIRY_NOTICE_DAYS, or expired. One query."""
    notice = today + timedelta(days=settings.KHCN_OCOP_EXPIRY_NOTICE_DAYS)
    latest = OcopRating.objects.filter(product=OuterRef("product")).order_by("-decision_date", "-pk").values("pk")[:1]
    counts = {
        row["stars"]: row
        for row in OcopRating.objects.filter(product__in=products.values("pk"), pk=Subquery(latest))
        .order_by()
        .values("stars")
        .annotate(
            valid=Count("pk", filter=Q(valid_until__gt=notice)),
            expiring=Count("pk", filter=Q(valid_until__gte=today, valid_until__lte=notice)),
            expired=Count("pk", filter=Q(valid_until__lt=today)),
        )
    }
    return [
        OcopRow(
            stars=stars,
            valid=counts.get(stars, {}).get("valid", 0),
            expiring=counts.get(stars, {}).get("expiring", 0),
            expired=counts.get(stars, {}).get("expired", 0),
        )
        for stars in STARS
    ]
