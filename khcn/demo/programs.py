"""Programme 07-CTr/TU as the seeds describe it: indicators, a form, two reporting periods;
its successor 57-NQ/TW with a period open for today's communes on the day the demo loads.

The programme, its title and date are real (DOMAIN.md §2.1). The official indicator list
was not found, so the indicators here are those the seed articles quote for the districts
(online dossiers on time, cashless pensions, digital school records, smart commune radios,
collective marks, QR traceability, …), marked as demo in their guidance text.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import transaction

from khcn.demo.accounts import IN_USE_SINCE
from khcn.demo.clock import happened_at, moment, today
from khcn.geo.models import UnitLevel
from khcn.programs.models import (
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

PROGRAM_CODE = "07-CTr/TU"
DEMO_NOTE = "Chỉ tiêu minh họa (demo) theo số liệu các bài báo; danh mục chính thức chưa được xác nhận."

GROUPS = [
    ("A", "Chuyển đổi số, cải cách hành chính"),
    ("B", "Ứng dụng khoa học, công nghệ vào sản xuất và đời sống"),
    ("C", "Sở hữu trí tuệ và phát triển sản phẩm"),
    ("D", "Nguồn lực cho khoa học, công nghệ"),
]

# code, group, name, type, unit of measure, aggregation, weight code, extra
INDICATORS = [
    ("A1", "A", "Số hồ sơ dịch vụ công trực tuyến tiếp nhận", ValueType.COUNT, "hồ sơ", Aggregation.SUM, None, {}),
    (
        "A2",
        "A",
        "Số hồ sơ trực tuyến được giải quyết đúng hạn và trước hạn",
        ValueType.COUNT,
        "hồ sơ",
        Aggregation.SUM,
        None,
        {},
    ),
    (
        "A3",
        "A",
        "Tỷ lệ hồ sơ trực tuyến được giải quyết đúng hạn và trước hạn",
        ValueType.PERCENT,
        "%",
        Aggregation.WEIGHTED_MEAN,
        "A1",
        {},
    ),
    (
        "A4",
        "A",
        "Tỷ lệ chi trả lương hưu, trợ cấp bảo hiểm xã hội không dùng tiền mặt",
        ValueType.PERCENT,
        "%",
        Aggregation.MEAN,
        None,
        {},
    ),
    ("A5", "A", "Tỷ lệ trường học triển khai học bạ số điện tử", ValueType.PERCENT, "%", Aggregation.MEAN, None, {}),
    (
        "A6",
        "A",
        "Đài truyền thanh cấp xã ứng dụng CNTT (đài truyền thanh thông minh)",
        ValueType.RATIO,
        "đài",
        Aggregation.SUM,
        None,
        {"numerator_label": "đài thông minh", "denominator_label": "đài cấp xã"},
    ),
    (
        "B1",
        "B",
        "Số mô hình ứng dụng tiến bộ KH&CN đang triển khai",
        ValueType.COUNT,
        "mô hình",
        Aggregation.SUM,
        None,
        {},
    ),
    (
        "B2",
        "B",
        "Số nhiệm vụ KH&CN đề xuất đặt hàng cho năm sau",
        ValueType.COUNT,
        "nhiệm vụ",
        Aggregation.SUM,
        None,
        {},
    ),
    (
        "C1",
        "C",
        "Số sản phẩm được hỗ trợ xây dựng, quản lý nhãn hiệu tập thể",
        ValueType.COUNT,
        "sản phẩm",
        Aggregation.SUM,
        None,
        {},
    ),
    (
        "C2",
        "C",
        "Số sản phẩm có hệ thống truy xuất nguồn gốc theo mã QR",
        ValueType.COUNT,
        "sản phẩm",
        Aggregation.SUM,
        None,
        {},
    ),
    (
        "C3",
        "C",
        "Đã ban hành kế hoạch thực hiện Chương trình 07-CTr/TU",
        ValueType.BOOLEAN,
        "",
        Aggregation.COUNT_YES,
        None,
        {},
    ),
    ("D1", "D", "Kinh phí sự nghiệp KH&CN của địa phương", ValueType.MONEY, "đồng", Aggregation.SUM, None, {}),
    ("D2", "D", "Số công chức theo dõi lĩnh vực KH&CN", ValueType.COUNT, "người", Aggregation.SUM, None, {}),
]

# The successor programme enters the system when the communes start reporting on it.
SUCCESSOR_CODE = "57-NQ/TW"
SUCCESSOR_ADDED_ON = date(2025, 7, 1)

CITY_TARGETS_2024 = {"A3": Decimal(100), "A4": Decimal(90), "A5": Decimal(100), "C3": Decimal(30)}


def _indicators(program: Program) -> dict[str, Indicator]:
    groups = {}
    for pos, (code, name) in enumerate(GROUPS):
        groups[code], _ = IndicatorGroup.objects.update_or_create(
            program=program, code=code, defaults={"name": name, "position": pos}
        )
    indicators: dict[str, Indicator] = {}
    for pos, (code, group, text, vt, uom, agg, weight, extra) in enumerate(INDICATORS):
        # The successor programme asks about its own plan, not about 07-CTr/TU.
        name = text if program.code == PROGRAM_CODE else text.replace("Chương trình 07-CTr/TU", program.code)
        indicators[code], _ = Indicator.objects.update_or_create(
            program=program,
            code=code,
            defaults={
                "group": groups[group],
                "name": name,
                "value_type": vt,
                "unit_of_measure": uom,
                "aggregation": agg,
                "position": pos,
                "weight": indicators.get(weight) if weight else None,
                "help_text": DEMO_NOTE,
                **extra,
            },
        )
    return indicators


class DemoPeriods(NamedTuple):
    year_2023: ReportingPeriod
    first_half_2024: ReportingPeriod
    open: ReportingPeriod  # today's communes report in it now


def open_period_dates(day: date) -> dict[str, Any]:
    """The period of the successor programme that today's communes fill on `day`.

    The Department's periods are "6 tháng đầu năm" (data 15/12 to 14/06, due 20/06) and "Năm"
    (15/12 to 14/12, due 20/12), DOMAIN.md §2.2. The demo opens the one whose deadline comes
    next, a month before its cut-off or on `day` if that is earlier, and keeps it open 25
    days past the deadline: whatever the day, a commune can fill and submit its report.
    """
    year = day.year + 1 if day > date(day.year, 12, 20) else day.year
    if day <= date(year, 6, 20):
        kind, name, data_to, due_on = (
            PeriodKind.HALF_YEAR,
            f"6 tháng đầu năm {year}",
            date(year, 6, 14),
            date(year, 6, 20),
        )
    else:
        kind, name, data_to, due_on = PeriodKind.YEAR, f"Năm {year}", date(year, 12, 14), date(year, 12, 20)
    return {
        "name": name,
        "kind": kind,
        "year": year,
        "data_from": date(year - 1, 12, 15),
        "data_to": data_to,
        "opens_on": min(data_to - timedelta(days=30), day),
        "due_on": due_on,
        "closes_on": due_on + timedelta(days=25),
    }


def _upsert(model: type[Any], when: datetime, defaults: dict[str, Any], **lookup: Any) -> Any:
    """update_or_create, dated `when` the first time (a re-run refreshes the row now)."""
    new = not model.objects.filter(**lookup).exists()
    with happened_at(when if new else None):
        obj, _created = model.objects.update_or_create(**lookup, defaults=defaults)
    return obj


def _districts_programme(program: Program) -> tuple[ReportingPeriod, ReportingPeriod]:
    """Programme 07's indicators, district form, rule, 2024 targets and its two periods."""
    indicators = _indicators(program)
    form, _ = ReportForm.objects.update_or_create(
        program=program,
        name="Báo cáo kết quả thực hiện Chương trình 07-CTr/TU (cấp huyện)",
        defaults={"unit_levels": [UnitLevel.DISTRICT], "sections": [k.value for k in SectionKey]},
    )
    for pos, code in enumerate(indicators):
        FormIndicator.objects.update_or_create(
            form=form, indicator=indicators[code], defaults={"position": pos, "required": code not in ("D1", "B2")}
        )
    CrossRule.objects.update_or_create(
        form=form,
        left=indicators["A2"],
        right=indicators["A1"],
        defaults={
            "operator": RuleOperator.LE,
            "message": "Số hồ sơ giải quyết đúng hạn không thể lớn hơn số hồ sơ tiếp nhận.",
        },
    )
    for code, value in CITY_TARGETS_2024.items():
        Target.objects.update_or_create(indicator=indicators[code], unit=None, year=2024, defaults={"value": value})
    previous = _upsert(
        ReportingPeriod,
        moment(date(2023, 12, 1)),
        program=program,
        name="Năm 2023",
        defaults={
            "form": form,
            "kind": PeriodKind.YEAR,
            "year": 2023,
            "data_from": date(2022, 12, 15),
            "data_to": date(2023, 12, 14),
            "opens_on": date(2023, 12, 15),
            "due_on": date(2023, 12, 20),
            "closes_on": date(2024, 1, 15),
        },
    )
    current = _upsert(
        ReportingPeriod,
        moment(date(2024, 6, 3)),
        program=program,
        name="6 tháng đầu năm 2024",
        defaults={
            "form": form,
            "kind": PeriodKind.HALF_YEAR,
            "year": 2024,
            "data_from": date(2023, 12, 15),
            "data_to": date(2024, 6, 14),
            "opens_on": date(2024, 6, 15),
            "due_on": date(2024, 6, 20),
            "closes_on": date(2024, 7, 31),
            "previous": previous,
        },
    )
    return previous, current


def _communes_programme(program: Program) -> tuple[Program, ReportForm]:
    """The successor programme, its indicators, commune form and rule."""
    successor, _ = Program.objects.update_or_create(
        code=SUCCESSOR_CODE,
        defaults={
            "name": "Thực hiện Nghị quyết số 57-NQ/TW về đột phá phát triển khoa học, công nghệ, "
            "đổi mới sáng tạo và chuyển đổi số quốc gia (demo)",
            "issuing_body": "Thành ủy Hà Nội (Ban Chỉ đạo 57)",
            "issued_on": None,
            "start_year": 2025,
            "end_year": 2030,
        },
    )
    if program.successor_id != successor.pk:
        program.successor = successor
        program.save(update_fields=["successor"])
    indicators = _indicators(successor)
    commune_form, _ = ReportForm.objects.update_or_create(
        program=successor,
        name="Báo cáo kết quả thực hiện Nghị quyết 57-NQ/TW (cấp xã)",
        defaults={"unit_levels": [UnitLevel.COMMUNE], "sections": [k.value for k in SectionKey]},
    )
    for pos, code in enumerate(indicators):
        FormIndicator.objects.update_or_create(
            form=commune_form,
            indicator=indicators[code],
            defaults={"position": pos, "required": code not in ("D1", "B2", "A6")},
        )
    CrossRule.objects.update_or_create(
        form=commune_form,
        left=indicators["A2"],
        right=indicators["A1"],
        defaults={
            "operator": RuleOperator.LE,
            "message": "Số hồ sơ giải quyết đúng hạn không thể lớn hơn số hồ sơ tiếp nhận.",
        },
    )
    return successor, commune_form


@transaction.atomic
def program_demo_load() -> DemoPeriods:
    """Create (or refresh) the programme, its forms and periods: "Năm 2023" and "6 tháng đầu
    năm 2024" for the former districts, and for today's communes the period of the successor
    programme open on the day the demo loads (`open_period_dates`). Safe to run twice.

    Created the first time, each programme (with its indicators, form, rules and targets) is
    dated when the Department recorded it, each period a little before it opened."""
    first = not Program.objects.filter(code=PROGRAM_CODE).exists()
    with happened_at(moment(IN_USE_SINCE) if first else None):
        program, _ = Program.objects.update_or_create(
            code=PROGRAM_CODE,
            defaults={
                "name": "Đẩy mạnh phát triển khoa học, công nghệ và đổi mới sáng tạo trên địa bàn "
                "Thành phố Hà Nội giai đoạn 2021-2025",
                "issuing_body": "Thành ủy Hà Nội",
                "issued_on": date(2021, 3, 17),
                "start_year": 2021,
                "end_year": 2025,
            },
        )
        previous, current = _districts_programme(program)
    first = not Program.objects.filter(code=SUCCESSOR_CODE).exists()
    with happened_at(moment(SUCCESSOR_ADDED_ON) if first else None):
        successor, commune_form = _communes_programme(program)
    dates = open_period_dates(today())
    name = dates.pop("name")
    opened = _upsert(
        ReportingPeriod,
        moment(dates["opens_on"] - timedelta(days=7)),
        program=successor,
        name=name,
        defaults={"form": commune_form, **dates},
    )
    return DemoPeriods(previous, current, opened)
