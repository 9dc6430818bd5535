"""Demo: the local products, marks, OCOP ratings and traced batches the seeds name.

From the seeds (Mê Linh's report to the July 2024 session, and Phúc Thọ's article): Mê Linh
built collective marks with the Department for four products, rau, củ quả Đông Cao and bưởi
đỏ Đông Cao (xã Tráng Việt), hoa đào Phù Trì (xã Kim Hoa) and rau gia vị Tiến Thắng, and is
preparing the dossier for bánh đa nem and mỳ bún of xã Tiến Thịnh; Phúc Thọ has 7 products
traced by QR code and 7 marks. Everything else is invented and flagged `is_demo`: the
producers and their representatives, owners, application and certificate numbers, the dates
of the dossiers, the OCOP ratings, the batches and their checks. Names carry "(demo)" where
the thing itself is invented: the seeds do not name Phúc Thọ's products, so its 7 products and
7 marks are placeholders (plausible local specialties, each named "(demo)").

The seeds name communes as they were before 1 July 2025. Each record sits in today's commune
(`unit`) and keeps the former one (`former_unit`), both found by name in the unit registry
through its successions; a name missing from the registry stops the load. Where a former
commune was split, the part the product comes from is a choice made here (Kim Hoa's Phù Trì
in xã Quang Minh, as the July sessions' demo has it; most of Tiến Thịnh in xã Yên Lãng), and
the registry must confirm that the chosen commune is one of its successors.

Calendar: the Department entered the existing marks and products on ENTERED_ON (after the
reform, so into today's communes) and published their pages on PUBLISHED_ON. What happened
before is kept as dated stage events; what must be current comes from the day the demo loads:
one mark's renewal falls due within the notice period, Tiến Thịnh's dossier has been stalled
past its stage limit, one OCOP rating expires soon and one has expired, and the batches were
harvested or made in the last months. The products' records are written directly on the
models (`full_clean` first), each write dated by `happened_at`.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction

from khcn.demo.clock import happened_at, moment, today
from khcn.geo.models import AdminUnit, UnitLevel
from khcn.geo.selectors import unit_current_successors
from khcn.products.models import (
    Batch,
    BatchCheck,
    Certification,
    CertificationKind,
    CheckKind,
    IpAsset,
    IpKind,
    IpStage,
    IpStageEvent,
    OcopLevel,
    OcopRating,
    Producer,
    ProducerKind,
    Product,
    ProductCategory,
    ScanDay,
    gtin_check_digit,
    months_after,
)
from khcn.research.models import ResearchTask

# The Department entered the marks and products already there once the communes were in force,
# and published their public pages a few weeks later.
ENTERED_ON = date(2025, 9, 15)
PUBLISHED_ON = date(2025, 10, 6)

ME_LINH, PHUC_THO = "Mê Linh", "Phúc Thọ"
HIGH_TECH_TASK = "Xây dựng mô hình sản xuất hoa, rau gia vị ứng dụng công nghệ cao tại huyện Mê Linh"
# The mark whose existence says the demo's products are loaded.
SENTINEL_MARK = "Bưởi đỏ Đông Cao"


@dataclass(frozen=True)
class Place:
    """A commune as the seeds name it (before 1 July 2025) and today's commune it lies in."""

    former: str
    district: str
    today: str


TRANG_VIET = Place("Tráng Việt", ME_LINH, "Mê Linh")
KIM_HOA = Place("Kim Hoa", ME_LINH, "Quang Minh")  # split: Phù Trì went to Quang Minh (our choice)
TIEN_THANG = Place("Tiến Thắng", ME_LINH, "Tiến Thắng")
TIEN_THINH = Place("Tiến Thịnh", ME_LINH, "Yên Lãng")  # split: the larger part (our choice)


@dataclass(frozen=True)
class DemoProducer:
    key: str
    name: str
    kind: str
    place: Place
    address: str
    representative: str
    members: int | None = None
    vietgap: bool = False


@dataclass(frozen=True)
class DemoProduct:
    key: str
    name: str
    category: str
    place: Place
    producers: tuple[str, ...]
    description: str
    season: str = ""
    craft_village: str = ""
    published: bool = True
    gtin_body: str = ""  # the GTIN without its check digit (invented, demo)
    with_task: bool = False  # made with the Department's high-tech task in Mê Linh


@dataclass(frozen=True)
class DemoMark:
    name: str
    kind: str
    place: Place
    owner: str
    products: tuple[str, ...]
    nice_classes: str
    stages: list[tuple[str, date]]  # (stage, day it was entered), in order
    application_number: str = ""
    certificate_number: str = ""
    regulation: str = ""
    support_note: str = ""


@dataclass(frozen=True)
class DemoRating:
    product: str
    stars: int
    parts: tuple[str, str, str]  # scores of parts A, B and C (their sum is the score)
    decided_on: date
    number: str


@dataclass(frozen=True)
class DemoBatch:
    product: str
    prefix: str
    days_ago: list[int]  # one batch per entry: harvested or made that many days before loading
    quantity: int
    quantity_unit: str
    shelf_days: int | None
    inputs: str
    steps: str
    distributor: str
    checks: list[tuple[str, str, str]] = field(default_factory=list)  # kind, by, result


PRODUCERS = [
    DemoProducer(
        "dong-cao", "Hợp tác xã dịch vụ nông nghiệp Đông Cao (demo)", ProducerKind.COOPERATIVE, TRANG_VIET,
        "Thôn Đông Cao, xã Mê Linh", "Nguyễn Văn Thành (demo)", 186, vietgap=True,
    ),
    DemoProducer(
        "phu-tri", "Hợp tác xã hoa đào Phù Trì (demo)", ProducerKind.COOPERATIVE, KIM_HOA,
        "Thôn Phù Trì, xã Quang Minh", "Lê Văn Đào (demo)", 74,
    ),
    DemoProducer(
        "tien-thang", "Hợp tác xã rau gia vị Tiến Thắng (demo)", ProducerKind.COOPERATIVE, TIEN_THANG,
        "Xã Tiến Thắng", "Phạm Thị Hương (demo)", 58, vietgap=True,
    ),
    DemoProducer(
        "tien-thinh", "Làng nghề bánh đa nem, mỳ bún Tiến Thịnh (demo)", ProducerKind.CRAFT_VILLAGE, TIEN_THINH,
        "Xã Yên Lãng", "Đỗ Văn Lực (demo)", 120,
    ),
]  # fmt: skip

PRODUCTS = [
    DemoProduct(
        "rau-dong-cao", "Rau, củ quả Đông Cao", ProductCategory.FOOD, TRANG_VIET, ("dong-cao",),
        "Rau, củ quả an toàn của vùng bãi ven sông Hồng thôn Đông Cao: bắp cải, su hào, cà rốt, cà chua, "
        "dưa chuột.", season="Quanh năm; vụ đông từ tháng 10 đến tháng 3",
    ),
    DemoProduct(
        "buoi-dong-cao", "Bưởi đỏ Đông Cao", ProductCategory.FOOD, TRANG_VIET, ("dong-cao",),
        "Bưởi đỏ trồng trên đất bãi thôn Đông Cao: vỏ và tép đỏ, vị ngọt thanh, dùng bày mâm ngũ quả dịp Tết.",
        season="Tháng 11 đến tháng 1 năm sau",
    ),
    DemoProduct(
        "hoa-dao-phu-tri", "Hoa đào Phù Trì", ProductCategory.ORNAMENTAL, KIM_HOA, ("phu-tri",),
        "Đào cành, đào thế của làng hoa Phù Trì, bán dịp Tết Nguyên đán.",
        season="Tháng 12 đến tháng 2 năm sau", craft_village="Làng hoa đào Phù Trì", with_task=True,
    ),
    DemoProduct(
        "rau-gia-vi", "Rau gia vị Tiến Thắng", ProductCategory.FOOD, TIEN_THANG, ("tien-thang",),
        "Rau gia vị (húng, tía tô, kinh giới, mùi) trồng theo quy trình VietGAP.",
        season="Quanh năm", with_task=True,
    ),
    DemoProduct(
        "banh-da-nem", "Bánh đa nem Tiến Thịnh", ProductCategory.FOOD, TIEN_THINH, ("tien-thinh",),
        "Bánh đa nem tráng thủ công từ gạo tẻ của làng nghề.", craft_village="Làng nghề Tiến Thịnh",
        published=False,
    ),
    DemoProduct(
        "my-bun", "Mỳ bún Tiến Thịnh", ProductCategory.FOOD, TIEN_THINH, ("tien-thinh",),
        "Mỳ gạo, bún khô phơi nắng của làng nghề.", craft_village="Làng nghề Tiến Thịnh", published=False,
    ),
]  # fmt: skip


def _granted(filed: date, *, months_to_grant: int) -> list[tuple[str, date]]:
    """The stages of a dossier that went all the way, from its filing date (DOMAIN.md §6.3)."""
    published = filed + timedelta(days=68)
    return [
        (IpStage.SURVEY, months_after(filed, -9)),
        (IpStage.DOSSIER, months_after(filed, -5)),
        (IpStage.FILED, filed),
        (IpStage.FORMAL_EXAM, filed + timedelta(days=9)),
        (IpStage.PUBLISHED, published),
        (IpStage.SUBSTANTIVE_EXAM, published + timedelta(days=21)),
        (IpStage.GRANTED, months_after(filed, months_to_grant)),
    ]


def _me_linh_marks(day: date) -> list[DemoMark]:
    """The four granted marks (the oldest due for renewal) and Tiến Thịnh's stalled dossier."""
    term = settings.KHCN_IP_MARK_TERM_YEARS * 12
    regulation = (
        "Quy chế quản lý và sử dụng nhãn hiệu tập thể: thành viên được dùng nhãn hiệu khi sản xuất trong "
        "vùng và theo quy trình đã công bố; tổ chức tập thể kiểm soát việc dùng nhãn hiệu (demo)."
    )
    support = "Chương trình hỗ trợ phát triển tài sản trí tuệ của Thành phố, phối hợp Sở KH&CN (demo)"
    # Filed so that its ten years end four months after the day the demo loads.
    oldest = months_after(day, 4 - term)
    stalled_since = day - timedelta(days=settings.KHCN_IP_STAGE_LIMIT_DAYS[IpStage.DOSSIER] + 80)
    return [
        DemoMark(
            "Rau, củ quả Đông Cao", IpKind.COLLECTIVE_MARK, TRANG_VIET, "Hội Nông dân xã Tráng Việt (demo)",
            ("rau-dong-cao",), "31", _granted(oldest, months_to_grant=17),
            f"4-{oldest.year}-04417 (demo)", "4-0298517-000 (demo)", regulation, support,
        ),
        DemoMark(
            "Bưởi đỏ Đông Cao", IpKind.COLLECTIVE_MARK, TRANG_VIET, "Hội Nông dân xã Tráng Việt (demo)",
            ("buoi-dong-cao",), "31", _granted(date(2020, 3, 10), months_to_grant=18),
            "4-2020-10873 (demo)", "4-0401562-000 (demo)", regulation, support,
        ),
        DemoMark(
            "Hoa đào Phù Trì", IpKind.COLLECTIVE_MARK, KIM_HOA, "Hợp tác xã hoa đào Phù Trì (demo)",
            ("hoa-dao-phu-tri",), "31", _granted(date(2020, 11, 16), months_to_grant=18),
            "4-2020-53214 (demo)", "4-0437781-000 (demo)", regulation, support,
        ),
        DemoMark(
            "Rau gia vị Tiến Thắng", IpKind.COLLECTIVE_MARK, TIEN_THANG, "Hợp tác xã rau gia vị Tiến Thắng (demo)",
            ("rau-gia-vi",), "31", _granted(date(2022, 1, 14), months_to_grant=17),
            "4-2022-01926 (demo)", "4-0476032-000 (demo)", regulation, support,
        ),
        DemoMark(
            "Bánh đa nem, mỳ bún Tiến Thịnh", IpKind.COLLECTIVE_MARK, TIEN_THINH,
            "Hội làng nghề bánh đa nem, mỳ bún Tiến Thịnh (demo)", ("banh-da-nem", "my-bun"), "30",
            [(IpStage.SURVEY, date(2024, 4, 15)), (IpStage.DOSSIER, stalled_since)],
            support_note=support,
        ),
    ]  # fmt: skip


# Phúc Thọ: (product key, name, former commune, today's commune, category, producer, representative,
# description, season, mark kind, filing date). The seeds give only the counts: all placeholders.
PHUC_THO_PRODUCTS: list[tuple[str, str, str, str, str, str, str, str, str, str, date]] = [
    (
        "buoi-phuc-hoa", "Bưởi Phúc Hòa (demo)", "Phúc Hòa", "Phúc Thọ", ProductCategory.FOOD,
        "Hợp tác xã bưởi Phúc Hòa (demo)", "Kiều Văn Tâm (demo)",
        "Bưởi trồng ven sông Hồng, múi ráo, vị ngọt (sản phẩm minh họa).", "Tháng 9 đến tháng 12",
        IpKind.COLLECTIVE_MARK, date(2018, 5, 14),
    ),
    (
        "chuoi-hat-mon", "Chuối tiêu hồng Hát Môn (demo)", "Hát Môn", "Hát Môn", ProductCategory.FOOD,
        "Hợp tác xã chuối Hát Môn (demo)", "Nguyễn Thị Lan (demo)",
        "Chuối tiêu hồng trồng trên đất bãi (sản phẩm minh họa).", "Quanh năm",
        IpKind.COLLECTIVE_MARK, date(2018, 10, 22),
    ),
    (
        "rau-van-phuc", "Rau an toàn Vân Phúc (demo)", "Vân Phúc", "Phúc Lộc", ProductCategory.FOOD,
        "Hợp tác xã rau an toàn Vân Phúc (demo)", "Phùng Văn Hải (demo)",
        "Rau ăn lá trồng theo VietGAP (sản phẩm minh họa).", "Quanh năm",
        IpKind.COLLECTIVE_MARK, date(2019, 6, 3),
    ),
    (
        "gao-tam-hiep", "Gạo nếp cái hoa vàng Tam Hiệp (demo)", "Tam Hiệp", "Hát Môn", ProductCategory.FOOD,
        "Hợp tác xã nông nghiệp Tam Hiệp (demo)", "Đinh Văn Quý (demo)",
        "Gạo nếp cái hoa vàng vụ mùa (sản phẩm minh họa).", "Thu hoạch tháng 10",
        IpKind.CERTIFICATION_MARK, date(2019, 11, 18),
    ),
    (
        "nhan-xuan-dinh", "Nhãn chín muộn Xuân Đình (demo)", "Xuân Đình", "Phúc Lộc", ProductCategory.FOOD,
        "Hợp tác xã nhãn Xuân Đình (demo)", "Trần Văn Long (demo)",
        "Nhãn chín muộn cùi dày (sản phẩm minh họa).", "Tháng 8 đến tháng 9",
        IpKind.COLLECTIVE_MARK, date(2020, 7, 6),
    ),
    (
        "mat-ong-long-thuong", "Mật ong Long Thượng (demo)", "Long Thượng", "Phúc Thọ", ProductCategory.FOOD,
        "Hợp tác xã nuôi ong Long Thượng (demo)", "Khuất Văn Minh (demo)",
        "Mật ong hoa nhãn, hoa vải (sản phẩm minh họa).", "Tháng 3 đến tháng 6",
        IpKind.COLLECTIVE_MARK, date(2021, 4, 12),
    ),
    (
        "khoai-thanh-da", "Khoai lang Thanh Đa (demo)", "Thanh Đa", "Hát Môn", ProductCategory.FOOD,
        "Hợp tác xã khoai lang Thanh Đa (demo)", "Bùi Thị Hòa (demo)",
        "Khoai lang ruột vàng trồng trên đất bãi (sản phẩm minh họa).", "Tháng 12 đến tháng 3",
        IpKind.COLLECTIVE_MARK, date(2022, 2, 21),
    ),
]  # fmt: skip


def _phuc_tho() -> tuple[list[DemoProducer], list[DemoProduct], list[DemoMark]]:
    producers, products, marks = [], [], []
    for n, row in enumerate(PHUC_THO_PRODUCTS):
        key, name, former, current, category, maker, person, text, season, kind, filed = row
        place = Place(former, PHUC_THO, current)
        producers.append(
            DemoProducer(key, maker, ProducerKind.COOPERATIVE, place, f"Xã {current}", person, 30 + 11 * n)
        )
        products.append(
            DemoProduct(
                key, name, category, place, (key,), text, season=season,
                gtin_body="893999900001" if n == 0 else "",
            )
        )  # fmt: skip
        owner = (
            "Phòng Kinh tế huyện Phúc Thọ (trước 01/7/2025) (demo)"
            if kind == IpKind.CERTIFICATION_MARK
            else f"Hội Nông dân xã {former} (demo)"
        )
        marks.append(
            DemoMark(
                name, kind, place, owner, (key,), "31" if key != "mat-ong-long-thuong" else "30",
                _granted(filed, months_to_grant=16 + n % 3),
                f"4-{filed.year}-{21350 + 937 * n:05d} (demo)", f"4-0{352100 + 18437 * n:06d}-000 (demo)",
                support_note="Dự án hỗ trợ xây dựng, quản lý nhãn hiệu của huyện Phúc Thọ với Sở KH&CN (demo)",
            )
        )  # fmt: skip
    return producers, products, marks


def _ratings(day: date) -> list[DemoRating]:
    """City-level OCOP ratings: valid ones, one expiring within the notice, one expired."""
    valid = settings.KHCN_OCOP_VALID_MONTHS
    expiring = months_after(day + timedelta(days=40), -valid)
    expired = months_after(day - timedelta(days=45), -valid)
    return [
        DemoRating("buoi-dong-cao", 4, ("31.0", "19.0", "26.5"), months_after(day, -8), "4127/QĐ-UBND (demo)"),
        DemoRating("rau-gia-vi", 3, ("26.0", "15.5", "21.5"), expiring, "2890/QĐ-UBND (demo)"),
        DemoRating("buoi-phuc-hoa", 4, ("29.5", "18.0", "24.5"), months_after(day, -14), "3315/QĐ-UBND (demo)"),
        DemoRating("gao-tam-hiep", 3, ("25.0", "14.0", "22.0"), months_after(day, -5), "4702/QĐ-UBND (demo)"),
        DemoRating("chuoi-hat-mon", 3, ("24.0", "13.5", "20.5"), expired, "1968/QĐ-UBND (demo)"),
        DemoRating("mat-ong-long-thuong", 3, ("26.5", "16.0", "23.5"), months_after(day, -20), "2214/QĐ-UBND (demo)"),
    ]  # fmt: skip


INSPECTOR = "Trạm Trồng trọt và Bảo vệ thực vật (demo)"
LAB = "Phòng thử nghiệm an toàn thực phẩm (demo)"
PESTICIDE_OK = "Dư lượng thuốc bảo vệ thực vật dưới giới hạn tối đa cho phép (demo)"

BATCHES = [
    DemoBatch(
        "buoi-phuc-hoa", "BPH", [14, 52, 96], 1200, "kg", 30,
        "Phân hữu cơ vi sinh; chế phẩm sinh học phòng trừ sâu (demo)",
        "Thu hái, phân loại theo cỡ quả, dán tem truy xuất, đóng thùng.", "Cửa hàng nông sản sạch (demo)",
        [(CheckKind.INSPECTION, INSPECTOR, "Vườn đạt quy trình VietGAP (demo)"), (CheckKind.TEST, LAB, PESTICIDE_OK)],
    ),
    DemoBatch(
        "chuoi-hat-mon", "CHM", [9, 40, 75], 3000, "kg", 12, "Phân chuồng ủ hoai, phân NPK (demo)",
        "Thu hoạch, rấm chín tự nhiên, đóng nải.", "Chợ đầu mối nông sản (demo)",
        [(CheckKind.INSPECTION, INSPECTOR, "Đạt yêu cầu an toàn thực phẩm (demo)")],
    ),
    DemoBatch(
        "rau-van-phuc", "RVP", [3, 10, 17], 450, "kg", 5, "Hạt giống rau cải, phân hữu cơ (demo)",
        "Thu hoạch buổi sáng, sơ chế, đóng túi có tem truy xuất.", "Bếp ăn trường học (demo)",
        [(CheckKind.TEST, LAB, PESTICIDE_OK)],
    ),
    DemoBatch(
        "gao-tam-hiep", "GTH", [48, 110], 5, "tấn", 365, "Giống nếp cái hoa vàng, phân bón hữu cơ (demo)",
        "Gặt, phơi, xay xát, đóng bao 5 kg.", "Siêu thị (demo)",
        [(CheckKind.TEST, LAB, "Đạt chỉ tiêu vi sinh và kim loại nặng (demo)")],
    ),
    DemoBatch(
        "nhan-xuan-dinh", "NXD", [70, 95], 2, "tấn", 10, "Phân hữu cơ; bao quả chống ruồi vàng (demo)",
        "Thu hái, cắt cành, đóng hộp.", "Cửa hàng nông sản sạch (demo)",
        [(CheckKind.INSPECTION, INSPECTOR, "Đạt yêu cầu an toàn thực phẩm (demo)")],
    ),
    DemoBatch(
        "mat-ong-long-thuong", "MLT", [33, 150], 800, "lít", 730, "Đàn ong nội; hoa nhãn, hoa vải (demo)",
        "Quay mật, lọc, hạ thủy phần, đóng chai.", "Cửa hàng đặc sản (demo)",
        [(CheckKind.TEST, LAB, "Hàm lượng nước và HMF đạt tiêu chuẩn (demo)")],
    ),
    DemoBatch(
        "khoai-thanh-da", "KTD", [21, 60], 6, "tấn", 60, "Hom giống khoai lang ruột vàng, phân hữu cơ (demo)",
        "Thu hoạch, hong khô, phân loại, đóng bao.", "Chợ đầu mối nông sản (demo)",
        [(CheckKind.TEST, LAB, PESTICIDE_OK)],
    ),
    DemoBatch(
        "buoi-dong-cao", "BDC", [25], 900, "kg", 30, "Phân hữu cơ, vôi bột (demo)",
        "Thu hái, chọn quả đạt tiêu chuẩn nhãn hiệu tập thể, dán tem.", "Cửa hàng nông sản sạch (demo)",
        [(CheckKind.INSPECTION, "Hội Nông dân xã Tráng Việt (demo)", "Đạt quy chế sử dụng nhãn hiệu (demo)")],
    ),
]  # fmt: skip


# -- the unit registry ---------------------------------------------------------------------------


def _former_unit(place: Place) -> AdminUnit:
    """The former commune `place.former` of the former district `place.district`."""
    found = list(
        AdminUnit.objects.filter(
            level=UnitLevel.COMMUNE,
            name=place.former,
            valid_to__isnull=False,
            parent__level=UnitLevel.DISTRICT,
            parent__name=place.district,
        )
    )
    if len(found) != 1:
        raise LookupError(
            f"The unit registry has {len(found)} former communes {place.former!r} in {place.district!r}, "
            "not one: import the units (manage.py import_units) before loading the demo."
        )
    return found[0]


def resolve_place(place: Place, *, day: date) -> tuple[AdminUnit, AdminUnit]:
    """(today's commune, the former commune) of `place`, through the registry's successions."""
    former = _former_unit(place)
    successors = {c.unit.name: c.unit for c in unit_current_successors(unit=former, on=day)}
    if place.today not in successors:
        raise LookupError(
            f"The former commune {former.full_name} ({place.district}) did not pass into a commune named "
            f"{place.today!r} on the reform; the registry has {sorted(successors)}."
        )
    return successors[place.today], former


# -- loading -------------------------------------------------------------------------------------


def _gtin(body: str) -> str:
    return f"{body}{gtin_check_digit(body)}" if body else ""


def _save(obj: Any, officer: Any) -> Any:
    """Validate and save `obj` as the Department officer's record (the model's own rules hold)."""
    if hasattr(obj, "created_by_id"):
        obj.created_by = obj.created_by or officer
        obj.updated_by = officer
    obj.full_clean()
    obj.save()
    return obj


def _mark(
    spec: DemoMark, *, officer: Any, units: dict[Place, tuple[AdminUnit, AdminUnit]], products: dict[str, Product]
) -> IpAsset:
    """The asset as it stood on ENTERED_ON with its events until then, then each later move on its day."""
    asset = IpAsset(
        name=spec.name,
        kind=spec.kind,
        unit=units[spec.place][0],
        owner_name=spec.owner,
        nice_classes=spec.nice_classes,
        regulation=spec.regulation,
        support_note=spec.support_note,
        is_demo=True,
    )
    entered = [(stage, on) for stage, on in spec.stages if on <= ENTERED_ON]
    steps = [(entered, ENTERED_ON)] + [([(stage, on)], on) for stage, on in spec.stages if on > ENTERED_ON]
    for moves, recorded in steps:
        if not moves:
            continue
        with happened_at(moment(recorded, 10)):
            for stage, on in moves:
                _apply_stage(asset, stage, on, spec)
            if asset.pk is None:
                _save(asset, officer)
                asset.products.set([products[key] for key in spec.products])
            else:
                asset.version += 1
                _save(asset, officer)
            for stage, on in moves:
                IpStageEvent.objects.create(asset=asset, stage=stage, on=on, actor=officer, note="Dữ liệu demo.")
    return asset


def _apply_stage(asset: IpAsset, stage: str, on: date, spec: DemoMark) -> None:
    asset.stage, asset.stage_since = stage, on
    if stage == IpStage.FILED:
        asset.filed_on, asset.application_number = on, spec.application_number
    elif stage == IpStage.GRANTED:
        asset.granted_on, asset.certificate_number = on, spec.certificate_number
        if asset.kind != IpKind.GEOGRAPHICAL_INDICATION and asset.filed_on:
            asset.expires_on = months_after(asset.filed_on, settings.KHCN_IP_MARK_TERM_YEARS * 12)


def _catalogue(
    *, officer: Any, day: date, specs: list[DemoProduct], makers: list[DemoProducer]
) -> tuple[dict[Place, tuple[AdminUnit, AdminUnit]], dict[str, Product]]:
    places = {p.place for p in specs} | {m.place for m in makers}
    units = {place: resolve_place(place, day=day) for place in places}
    task = ResearchTask.objects.filter(title=HIGH_TECH_TASK).order_by("pk").first()
    producers: dict[str, Producer] = {}
    products: dict[str, Product] = {}
    with happened_at(moment(ENTERED_ON, 9)):
        for maker in makers:
            unit, former = units[maker.place]
            producers[maker.key] = _save(
                Producer(
                    name=maker.name, kind=maker.kind, unit=unit, former_unit=former, address=maker.address,
                    representative=maker.representative, members=maker.members, is_demo=True,
                ),
                officer,
            )  # fmt: skip
            if maker.vietgap:
                Certification.objects.create(
                    producer=producers[maker.key],
                    kind=CertificationKind.VIETGAP,
                    number=f"VietGAP-TT-{ENTERED_ON:%y}-{len(producers):02d} (demo)",
                    issued_by="Tổ chức chứng nhận VietGAP (demo)",
                    issued_on=ENTERED_ON - timedelta(days=200),
                    valid_until=months_after(ENTERED_ON - timedelta(days=200), 36),
                    created_by=officer,
                    updated_by=officer,
                )
        for spec in specs:
            unit, former = units[spec.place]
            product = _save(
                Product(
                    name=spec.name, category=spec.category, unit=unit, former_unit=former,
                    description=spec.description, season=spec.season, craft_village=spec.craft_village,
                    gtin=_gtin(spec.gtin_body), is_demo=True,
                ),
                officer,
            )  # fmt: skip
            product.producers.set([producers[key] for key in spec.producers])
            if spec.with_task and task is not None:
                product.research_tasks.add(task)
            products[spec.key] = product
    with happened_at(moment(PUBLISHED_ON, 10)):
        for spec in specs:
            if spec.published:
                product = products[spec.key]
                product.is_published, product.published_at = True, moment(PUBLISHED_ON, 10)
                product.version += 1
                _save(product, officer)
    return units, products


def _ocop(*, officer: Any, day: date, products: dict[str, Product]) -> None:
    for spec in _ratings(day):
        parts = [Decimal(p) for p in spec.parts]
        recorded = max(spec.decided_on + timedelta(days=3), ENTERED_ON)
        with happened_at(moment(recorded, 14)):
            _save(
                OcopRating(
                    product=products[spec.product], stars=spec.stars, score=sum(parts), score_a=parts[0],
                    score_b=parts[1], score_c=parts[2], level=OcopLevel.CITY, rating_year=spec.decided_on.year,
                    decision_number=spec.number, decision_date=spec.decided_on,
                    valid_until=months_after(spec.decided_on, settings.KHCN_OCOP_VALID_MONTHS), is_demo=True,
                ),
                officer,
            )  # fmt: skip


def _batches(*, officer: Any, day: date, products: dict[str, Product]) -> None:
    for spec in BATCHES:
        product = products[spec.product]
        for ago in spec.days_ago:
            made = day - timedelta(days=ago)
            with happened_at(moment(made + timedelta(days=1), 16)):
                batch = _save(
                    Batch(
                        product=product, lot=f"{spec.prefix}-{made:%y%m%d}", produced_on=made,
                        packed_on=made + timedelta(days=1),
                        expires_on=made + timedelta(days=spec.shelf_days) if spec.shelf_days else None,
                        quantity=Decimal(spec.quantity), quantity_unit=spec.quantity_unit, inputs=spec.inputs,
                        steps=spec.steps, distributor=spec.distributor, is_demo=True,
                    ),
                    officer,
                )  # fmt: skip
                for kind, by, result in spec.checks:
                    check = BatchCheck(batch=batch, kind=kind, on=made, by=by, result=result)
                    check.full_clean()
                    check.save()
    # Scans of the public pages over the last two weeks: the product's, and its newest batch's.
    for n, product in enumerate(p for p in products.values() if p.is_published):
        newest = product.batches.order_by("-produced_on").first()
        for ago in range(1, 15):
            on, scans = day - timedelta(days=ago), (n * 7 + ago * 3) % 11
            if not scans:
                continue
            ScanDay.objects.create(product=product, day=on, count=scans)
            if newest is not None and newest.produced_on < on:
                ScanDay.objects.create(product=product, batch=newest, day=on, count=scans // 2 + 1)


@transaction.atomic
def products_demo_load(*, officer: Any) -> int:
    """Mê Linh's marks and Tiến Thịnh's dossier, Phúc Thọ's traced products; nothing if loaded.

    Returns how many products it created (0 when the demo's marks exist already).
    """
    if IpAsset.all_objects.filter(name=SENTINEL_MARK, is_demo=True).exists():
        return 0
    day = today()
    phuc_makers, phuc_products, phuc_marks = _phuc_tho()
    units, products = _catalogue(
        officer=officer, day=day, specs=PRODUCTS + phuc_products, makers=PRODUCERS + phuc_makers
    )
    for spec in _me_linh_marks(day) + phuc_marks:
        _mark(spec, officer=officer, units=units, products=products)
    _ocop(officer=officer, day=day, products=products)
    _batches(officer=officer, day=day, products=products)
    return len(products)
